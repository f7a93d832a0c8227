-- Scenario (g): every connection admits blocks picked at random from $BENCH_BLOCKS
-- ("1,2,…") into the $BENCH_YEAR transfer plan, all racing for the same closure places.
-- An answer is a decision (admitted, or ADMISSION_REFUSED with its failed checks) or a
-- CONFLICT (the block is already admitted); anything else is a failure. Prints RESULT
-- (bench/wrk/report.lua) and a DECISIONS line.
local blocks = {}
for id in string.gmatch(os.getenv("BENCH_BLOCKS"), "%d+") do
  table.insert(blocks, id)
end
local token = os.getenv("BENCH_TOKEN")
local year = os.getenv("BENCH_YEAR")
dofile("bench/wrk/report.lua")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  track(thread)
end

function init(args)
  failures, admitted, refused, conflicts = 0, 0, 0, 0
  math.randomseed(seed * 7919)
end

function request()
  local body = string.format(
    '{"query":"mutation($b: ID!) { admitBlock(year: %s, blockId: $b, method: LISTING, platform: PROVINCIAL_ONLINE) { id } }","variables":{"b":"%s"}}',
    year, blocks[math.random(#blocks)])
  return wrk.format("POST", "/graphql", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  elseif body:find('"admitBlock":{', 1, true) then
    admitted = admitted + 1
  elseif body:find('"ADMISSION_REFUSED"', 1, true) then
    refused = refused + 1
  elseif body:find('"CONFLICT"', 1, true) then
    conflicts = conflicts + 1
  else
    failures = failures + 1
  end
end

local report = done
function done(summary, latency, requests)
  report(summary, latency, requests)
  local a, r, c = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("admitted")
    r = r + thread:get("refused")
    c = c + thread:get("conflicts")
  end
  io.write(string.format("DECISIONS %d admitted, %d refused, %d conflicts; %.0f decisions/s\n",
    a, r, c, (a + r) / (summary.duration / 1e6)))
end
