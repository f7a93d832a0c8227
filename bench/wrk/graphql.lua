-- POSTs one GraphQL request (the JSON in $BENCH_BODY) over and over. A GraphQL error
-- arrives with HTTP 200, so a response that is not 200 or whose body holds "errors" counts
-- as a failure. Bodies are read uncompressed, so they can be inspected.
local file = assert(io.open(os.getenv("BENCH_BODY"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

dofile("bench/wrk/report.lua")

function setup(thread)
  track(thread)
end

function init(args)
  failures = 0
end

function response(status, headers, body)
  if status ~= 200 or (body and body:find('"errors"', 1, true)) then
    failures = failures + 1
  end
end
