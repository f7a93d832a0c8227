"""Makes (once) the county plan of the load benchmark's scenario (f): one plan of a county
with N close/exit entries, each the route its mine's assessment gives (CLOSE or EXIT), and
prints its id. Usage: python3 bench/plan.py URL OFFICIAL_TOKEN COUNTY N"""
import json
import sys
import urllib.request

url, token, county, wanted = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def gql(query, variables=None):
    request = urllib.request.Request(
        url + "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.load(response)
    if body.get("errors"):
        raise SystemExit(f"{query[:60]}…: {body['errors']}")
    return body["data"]


plans = gql("query($c: String) { countyPlans(countyCode: $c) { id closures { id } } }", {"c": county})
plan = next(iter(plans["countyPlans"]), None)
if plan is None:
    plan = gql("mutation($c: String!) { createCountyPlan(countyCode: $c) { id closures { id } } }",
               {"c": county})["createCountyPlan"]
if len(plan["closures"]) < wanted:
    lists = gql("query($c: String!) { rectificationLists(countyCode: $c) { closeOrExit { mine { id } assessment { disposition } } } }",
                {"c": county})["rectificationLists"]["closeOrExit"]
    add = """mutation($p: ID!, $m: ID!, $method: Disposition!) { addClosureEntry(planId: $p,
             input: { mineId: $m, method: $method, closeBy: "2025-06-30", restorationDueBy: "2026-06-30" }) { id } }"""
    for listed in lists[len(plan["closures"]):wanted]:
        gql(add, {"p": plan["id"], "m": listed["mine"]["id"], "method": listed["assessment"]["disposition"]})
print(plan["id"])
