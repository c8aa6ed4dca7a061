-- Shared by every scenario: the bearer token, a deterministic random source, and one result line
-- that run.sh parses: RESULT <requests/s> <p50 ms> <p99 ms> <errors> <requests>.
local token = os.getenv("TOKEN")
common = {}
common.headers = { ["Accept"] = "application/json" }
if token and token ~= "" then common.headers["Authorization"] = "Bearer " .. token end

local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  -- paces each connection, for the p99-at-half-the-peak-rate runs
  function delay() return delay_ms end
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
               + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
