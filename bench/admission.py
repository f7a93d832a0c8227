"""Issue 10's admission benchmark (bench/admission.sh), through the API:

  setup URL COUNTY BLOCKS PLACES YEAR
                                plans BLOCKS iron blocks for YEAR in COUNTY's plan, with its
                                CLOSE mines on the close list, approves it, has the city count
                                completed closures only and completes PLACES of them, has
                                every participating department survey each block and
                                confirms it clean; prints the block ids, comma-separated
  check URL YEAR                prints the admitted entries against the closure places, and
                                exits non-zero on an over-admission
  approve URL YEAR              approves the city's transfer plan of YEAR
  walk URL YEAR PAGE            reads the approved feed page by page; prints pages, entries
                                and the time taken

Tokens come from the environment: BENCH_OFFICIAL, BENCH_ADMIN, BENCH_APPROVER,
BENCH_INTEGRATOR, and BENCH_REVIEWERS ("DEPARTMENT=token" lines)."""
import json
import os
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URL = sys.argv[2]


def gql(token, query, variables=None):
    request = urllib.request.Request(
        URL + "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.load(response)
    if body.get("errors"):
        raise SystemExit(f"{query[:60]}…: {body['errors']}")
    return body["data"]


def setup(county, blocks, places, year):
    official, admin = os.environ["BENCH_OFFICIAL"], os.environ["BENCH_ADMIN"]
    reviewers = dict(line.split("=", 1) for line in os.environ["BENCH_REVIEWERS"].split())
    plan = gql(official, "mutation($c: String!) { createCountyPlan(countyCode: $c) { id } }",
               {"c": county})["createCountyPlan"]["id"]
    lists = gql(official, "query($c: String!) { rectificationLists(countyCode: $c) { closeOrExit { mine { id } assessment { disposition } } } }",
                {"c": county})["rectificationLists"]["closeOrExit"]
    for listed in lists:
        if listed["assessment"]["disposition"] == "CLOSE":
            gql(official, """mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m,
                method: CLOSE, closeBy: "2026-06-30", restorationDueBy: "2027-06-30" }) { id } }""",
                {"p": plan, "m": listed["mine"]["id"]})
    ids = []
    for n in range(blocks):
        block = gql(admin, """mutation($c: String!, $n: String!) { createBlock(input: { name: $n, countyCode: $c,
            mineralCode: "IRON", areaKm2: 1.2, predictedResources: 1500, location: "基准镇",
            designedProductionScale: 60, miningMethod: UNDERGROUND, priority: MAJOR_PROJECT,
            inMasterPlan: true, miningLand: "采矿用地已落实",
            corners: [{latitude: 35.5, longitude: 112.8}, {latitude: 35.51, longitude: 112.8},
                      {latitude: 35.51, longitude: 112.81}] }) { id } }""",
            {"c": county, "n": f"基准区块{n:04d}"})["createBlock"]["id"]
        gql(official, "mutation($p: ID!, $b: ID!, $y: Int!) { addNewMineEntry(planId: $p, input: { blockId: $b, transferYear: $y }) { id } }",
            {"p": plan, "b": block, "y": year})
        ids.append(block)
    gql(official, "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }", {"p": plan})
    gql(os.environ["BENCH_APPROVER"], "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }", {"p": plan})
    # The city counts only completed closures, and PLACES licences are cancelled so far.
    gql(admin, "mutation { updateAdmissionSettings(input: { completedClosuresOnly: true }) { completedClosuresOnly } }")
    closures = gql(official, "query($p: ID!) { countyPlan(id: $p) { closures { duties { id kind } } } }",
                   {"p": plan})["countyPlan"]["closures"]
    cancellations = [d["id"] for c in closures for d in c["duties"] if d["kind"] == "LICENCE_CANCELLATION"]
    for duty in cancellations[:places]:
        gql(official, 'mutation($d: ID!) { completeDuty(dutyId: $d, doneOn: "2026-06-30") { doneOn } }', {"d": duty})

    def survey(block):
        for department, token in reviewers.items():
            gql(token, "mutation($b: ID!, $d: String!) { recordSurvey(blockId: $b, department: $d, conflict: false) { id } }",
                {"b": block, "d": department})
        gql(admin, "mutation($b: ID!) { confirmCleanMine(blockId: $b) { cleanMine } }", {"b": block})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(survey, ids))
    print(",".join(ids))


def check(year):
    data = gql(os.environ["BENCH_ADMIN"], """query($y: Int!) { closureQuota(cityCode: "140500") { closedMines newMines }
        transferPlan(year: $y) { entries { id withdrawn } } }""", {"y": int(year)})
    closed, new = data["closureQuota"]["closedMines"], data["closureQuota"]["newMines"]
    admitted = sum(1 for e in (data["transferPlan"] or {"entries": []})["entries"] if not e["withdrawn"])
    over = max(0, admitted - closed)
    print(f"{admitted} admitted for {closed} closures ({new} new mines counted), {over} over-admitted")
    if over or admitted != new:
        sys.exit(1)


def approve(year):
    gql(os.environ["BENCH_APPROVER"], "mutation($y: Int!) { approveTransferPlan(year: $y) { status } }", {"y": int(year)})


def walk(year, page):
    started, after, pages, entries = time.monotonic(), None, 0, 0
    while True:
        data = gql(os.environ["BENCH_INTEGRATOR"], """query($y: Int!, $f: Int!, $a: String) { approvedBlocks(year: $y, first: $f, after: $a) {
            pageInfo { hasNextPage endCursor } edges { node { id block { name location corners { latitude } } } } } }""",
                   {"y": int(year), "f": int(page), "a": after})["approvedBlocks"]
        pages, entries = pages + 1, entries + len(data["edges"])
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    print(f"{entries} entries in {pages} pages, {(time.monotonic() - started) * 1000:.0f} ms")


command = sys.argv[1]
if command == "setup":
    setup(sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
elif command == "check":
    check(sys.argv[3])
elif command == "approve":
    approve(sys.argv[3])
elif command == "walk":
    walk(sys.argv[3], sys.argv[4])
else:
    raise SystemExit(__doc__)
