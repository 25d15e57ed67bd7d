-- wrk script for ./bench-http: every request is the same POST (body from $BENCH_BODY), carrying
-- the MCP headers. $BENCH_SESSIONS is a comma-separated list of Mcp-Session-Id values: each
-- request takes the next one in turn, so N sessions share the connections evenly; empty sends no
-- session header (the bare pekko-http baseline).
local sessions = {}
for id in string.gmatch(os.getenv("BENCH_SESSIONS") or "", "[^,]+") do
  sessions[#sessions + 1] = id
end
local body = os.getenv("BENCH_BODY") or ""
local next_session = 0

-- Each wrk thread has its own Lua state: start each thread at a different session.
function setup(thread)
  thread:set("offset", math.random(1, math.max(1, #sessions)))
end

function init(args)
  next_session = offset or 0
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
  return wrk.format("POST", nil, headers, body)
end

-- No response() function: with one, wrk hands every answer to Lua, which costs the generator
-- CPU. wrk counts answers with status >= 400 in summary.errors.status.
function done(summary, latency, requests)
  io.write(string.format("WRK requests=%d errors_status=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.duration))
end
