-- wrk script for ./bench-http: every request is a POST of $BENCH_BODY with the MCP headers, the
-- placeholder ID in it replaced by a number unique to the request (requests on one session run
-- concurrently, and a JSON-RPC id may be pending only once per session). $BENCH_SESSIONS is a
-- comma-separated list of Mcp-Session-Id values: each request takes the next one in turn, so N
-- sessions share the connections evenly; empty sends no session header (the bare pekko-http
-- baseline). With $BENCH_CHECK set, answers are read and JSON-RPC errors counted (the warm-up
-- does this; the measured run does not pay for it).
local sessions = {}
for id in string.gmatch(os.getenv("BENCH_SESSIONS") or "", "[^,]+") do
  sessions[#sessions + 1] = id
end
local body = os.getenv("BENCH_BODY") or ""
local body_head, body_tail = body, ""
local at = string.find(body, "ID", 1, true)
if at then
  body_head, body_tail = string.sub(body, 1, at - 1), string.sub(body, at + 2)
end
local next_session = 0
local next_id = 0
local threads = {}

-- Each wrk thread has its own Lua state: each gets its own number (ids are thread + k * 64) and
-- starts at a different session.
function setup(thread)
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  next_id = thread_number or 0
  next_session = next_id
end

function request()
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2025-06-18",
  }
  if #sessions > 0 then
    next_session = next_session % #sessions + 1
    headers["Mcp-Session-Id"] = sessions[next_session]
  end
  next_id = next_id + 64
  return wrk.format("POST", nil, headers, body_head .. next_id .. body_tail)
end

-- Without $BENCH_CHECK there is no response() function: with one, wrk hands every answer to Lua,
-- which costs the generator CPU. wrk counts answers with status >= 400 in summary.errors.status.
rpc_errors = 0
if os.getenv("BENCH_CHECK") then
  function response(status, headers, body)
    if string.find(body, '"error"', 1, true) then
      rpc_errors = rpc_errors + 1
    end
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("rpc_errors") or 0)
  end
  io.write(string.format("WRK requests=%d errors_status=%d rpc_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, errors, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.duration))
end
