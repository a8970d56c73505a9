-- wrk script: posts signed Alexa envelopes in turn and prints a JSON summary.
-- The requests come from the Lua file named by BENCH_REQUESTS, which sets
-- `requests = { {body = "...", signature = "...", url = "..."}, ... }`.
dofile(os.getenv("BENCH_REQUESTS"))

local prepared = {}
local index = 0

function init(args)
  for i, r in ipairs(requests) do
    prepared[i] = wrk.format("POST", "/alexa", {
      ["Content-Type"] = "application/json",
      ["Signature-256"] = r.signature,
      ["SignatureCertChainUrl"] = r.url,
    }, r.body)
  end
  -- Threads start at different places so they do not send the same user in lockstep.
  index = math.random(#prepared) - 1
end

function request()
  index = index % #prepared + 1
  return prepared[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  -- Every distinct latency with its count, so that slices can be merged into one
  -- distribution (percentiles of percentiles are not percentiles of the whole).
  local histogram = {}
  for i = 1, #latency do
    local value, count = latency(i)
    histogram[i] = string.format("[%d,%d]", value, count)
  end
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"latency_us":[%s]}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, table.concat(histogram, ",")))
end
