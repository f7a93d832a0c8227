-- Scenario (e): each wrk thread (one connection each) edits its own mine with `updateMine`,
-- carrying the version the previous answer returned, so writers never conflict by design
-- and every answer without "errors" is one audited write.
-- $BENCH_MINES: "id:version,id:version,…", one per thread.
local mines = {}
for id, version in string.gmatch(os.getenv("BENCH_MINES"), "(%d+):(%d+)") do
  table.insert(mines, { id = id, version = tonumber(version) })
end
local token = os.getenv("BENCH_TOKEN")
dofile("bench/wrk/report.lua")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("mine", mines[counter].id)
  thread:set("version", mines[counter].version)
  track(thread)
end

function init(args)
  failures = 0
  scale = 10
end

function request()
  scale = scale % 200 + 1
  local body = string.format(
    '{"query":"mutation($id: ID!, $v: Int!, $s: Float!) { updateMine(id: $id, version: $v, input: { productionScale: $s }) { version } }","variables":{"id":"%s","v":%d,"s":%d}}',
    mine, version, scale)
  return wrk.format("POST", "/graphql", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

function response(status, headers, body)
  local stored = body and body:match('"version":(%d+)')
  if status ~= 200 or not stored or body:find('"errors"', 1, true) then
    failures = failures + 1
  end
  if stored then
    version = tonumber(stored)
  end
end
