-- wrk script for ./bench-http: every request is a POST of $BENCH_BODY with the MCP headers, the
-- placeholder ID in it replaced by a number unique to the request (requests on one session run
-- concurrently, and a JSON-RPC id may be pending only once per session). $BENCH_SESSIONS is a
-- comma-separated list of Mcp-Session-Id values: each request takes the next one in turn, so N
-- sessions share the connections evenly; empty sends no session header (the bare pekko-http
-- baseline and the stateless 2026-07-28 requests). $BENCH_VERSION is the MCP-Protocol-Version
-- header (2025-06-18 unless given); $BENCH_HEADERS adds headers, one "Name: value" a line (the
-- modern era's Mcp-Method and Mcp-Name).
--
-- Every answer is checked, in the measured run too, so that a wrong request can not pass as a
-- fast one: it must have status $BENCH_STATUS (200 unless given) and, when $BENCH_EXPECT is set,
-- contain that text and no "error" member. done() prints the count of answers that failed as
-- wrong=N. The check costs the generator some CPU; ./bench-http reports wrk's own CPU beside it.
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
local base_headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json, text/event-stream",
  ["MCP-Protocol-Version"] = os.getenv("BENCH_VERSION") or "2025-06-18",
}
for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^:\n]+):%s*([^\n]*)") do
  base_headers[name] = value
end
local expect_status = tonumber(os.getenv("BENCH_STATUS") or "200")
local expect_text = os.getenv("BENCH_EXPECT")
if expect_text == "" then
  expect_text = nil
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
  local headers = {}
  for name, value in pairs(base_headers) do
    headers[name] = value
  end
  if #sessions > 0 then
    next_session = next_session % #sessions + 1
    headers["Mcp-Session-Id"] = sessions[next_session]
  end
  next_id = next_id + 64
  return wrk.format("POST", nil, headers, body_head .. next_id .. body_tail)
end

wrong = 0
first_wrong = ""
function response(status, headers, body)
  local ok = status == expect_status
  if ok and expect_text then
    ok = string.find(body, expect_text, 1, true) ~= nil and string.find(body, '"error"', 1, true) == nil
  end
  if not ok then
    if wrong == 0 then
      first_wrong = status .. " " .. string.sub(body or "", 1, 200):gsub("%s", " ")
    end
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local total, example = 0, ""
  for _, thread in ipairs(threads) do
    local n = thread:get("wrong") or 0
    if n > 0 and example == "" then
      example = thread:get("first_wrong") or ""
    end
    total = total + n
  end
  io.write(string.format("WRK requests=%d errors_status=%d wrong=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, total, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.duration))
  if example ~= "" then
    io.write("WRK first wrong answer: " .. example .. "\n")
  end
end
