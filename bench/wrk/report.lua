-- Shared by the wrk scripts (loaded with dofile from the repository root): each thread
-- counts its failures in the global `failures`; `done` adds wrk's socket errors and
-- prints one RESULT line that bench/common.sh reads.
threads = {}

-- Keeps a thread so that `done` can read its failure count.
function track(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f failures=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, failed))
end
