"""Property-based fuzzing of the real server binary, once per role.

A session fixture starts `mineright serve --demo` on a free port with a fresh data dir and
mints one token per role. For each role, Hypothesis (with hypothesis-graphql) generates
queries and mutations from the SDL the server itself serves, valid ones and ones with a
schema violation, plus operations whose arguments travel as JSON variables, and every
response must hold:

* the HTTP status is not 5xx, and the body is JSON;
* every GraphQL error has `extensions.code`, one of the documented codes, never INTERNAL;
* no error text leaks internals (database, SQL, panics).

A failing operation is shrunk for at most MINERIGHT_FUZZ_SHRINK_SECONDS; the closing
summary (conftest.py) lists, per kind of violation, the shortest operation that showed it.
Environment variables: see README.md beside this file.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import graphql
import hypothesis_graphql
import pytest
import requests
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, nodes

from conftest import ROLES, Finding

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("MINERIGHT_FUZZ_EXAMPLES", "500"))
# Record violations and go on (each test then fails once, listing what it found) instead
# of stopping at the first one and shrinking it to a minimal example.
KEEP_GOING = os.environ.get("MINERIGHT_FUZZ_KEEP_GOING", "") not in ("", "0")
# Longest time spent shrinking a test's first failing operation.
SHRINK_SECONDS = float(os.environ.get("MINERIGHT_FUZZ_SHRINK_SECONDS", "20"))
# Optional JSON-lines file receiving every request and response.
TRACE = os.environ.get("MINERIGHT_FUZZ_TRACE")
STARTUP_SECONDS = 60
REQUEST_TIMEOUT = 60

ALLOWED_CODES = {
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "BAD_USER_INPUT",
    "CONFLICT",
    "QUERY_TOO_COMPLEX",
    "SERVER_BUSY",
    "INTERNAL",
}
# Text that must never reach a client (compared case-insensitively).
LEAK_MARKERS = (
    "sqlx",
    "sqlite",
    "postgres",
    "database",
    "panicked",
    "thread '",
    "error returned from database",
    "select ",
    "insert ",
    "connection pool",
    "called `option::unwrap()`",
    "called `result::unwrap()`",
    "stack backtrace",
)

# Token arguments per role: the demo's city 140500, county 140525, department FORESTRY.
ROLE_ARGS = {
    "CITY_ADMIN": ["--city", "140500"],
    "CITY_APPROVER": ["--city", "140500"],
    "COUNTY_OFFICIAL": ["--county", "140525"],
    "DEPARTMENT_REVIEWER": ["--department", "FORESTRY"],
    "INTEGRATOR": ["--city", "140500"],
    "AUDITOR": ["--city", "140500"],
}

# How MINERIGHT_FUZZ_EXAMPLES is split per role.
SHARE = {"queries": 0.45, "mutations": 0.35, "variables": 0.20}


def share(kind: str) -> int:
    return max(1, round(EXAMPLES * SHARE[kind]))


# ---------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, binary: Path, data_dir: Path):
        self.binary = binary
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/graphql"
        self.log_path = data_dir / "server.log"
        # The child sees none of the caller's MINERIGHT_* settings (CI exports some for
        # the Rust tests): only what is set here.
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINERIGHT_")}
        env["MINERIGHT_DATA_DIR"] = str(data_dir)
        env["MINERIGHT_LISTEN"] = f"127.0.0.1:{self.port}"
        env["MINERIGHT_LOG_FORMAT"] = "text"
        env["NO_COLOR"] = "1"
        # The fuzz explores answers, not fair use: thousands of operations a minute from one
        # token are its normal pace (budgets have their own tests, tests/api/fair_use.rs).
        env["MINERIGHT_RATE_LIMITS"] = "off"
        if os.environ.get("MINERIGHT_FUZZ_DATABASE_URL"):
            env["MINERIGHT_DATABASE_URL"] = os.environ["MINERIGHT_FUZZ_DATABASE_URL"]
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.tokens: dict[str, str | None] = {}
        self.http = requests.Session()

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "\n".join(text[-lines:])

    def start(self) -> None:
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(self.binary), "serve", "--demo"],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.proc.returncode} before answering /healthz:\n{self.log_tail()}"
                )
            try:
                if requests.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer /healthz within {STARTUP_SECONDS}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()
        self.http.close()

    def mint(self, role: str) -> str:
        out = subprocess.run(
            [str(self.binary), "token", "--role", role, *ROLE_ARGS[role], "--ttl", "1h"],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if out.returncode != 0 or not out.stdout.strip():
            raise RuntimeError(f"minting a {role} token failed ({out.returncode}): {out.stderr}")
        return out.stdout.strip()

    def post(self, role: str, body: dict) -> requests.Response:
        headers = {"content-type": "application/json"}
        token = self.tokens.get(role)
        if token:
            headers["authorization"] = f"Bearer {token}"
        return self.http.post(self.url, data=json.dumps(body), headers=headers, timeout=REQUEST_TIMEOUT)

    def graphql(self, role: str, query: str) -> dict:
        """A request the fixture relies on: it must succeed without errors."""
        response = self.post(role, {"query": query})
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"{role}: {query} -> {response.status_code} {body}")
        return body["data"]


@pytest.fixture(scope="session")
def server():
    binary = Path(os.environ.get("MINERIGHT_BIN", "target/debug/mineright"))
    if not binary.is_absolute():
        binary = REPO / binary
    if not binary.is_file():
        pytest.fail(f"no server binary at {binary} (build it, or set MINERIGHT_BIN)")
    with tempfile.TemporaryDirectory(prefix="mineright-fuzz-") as data_dir:
        srv = Server(binary, Path(data_dir))
        try:
            srv.start()
            srv.tokens["ANONYMOUS"] = None
            for role in ROLE_ARGS:
                srv.tokens[role] = srv.mint(role)
                me = srv.graphql(role, "{ me { role } }")["me"]
                assert me and me["role"] == role, f"{role} token reads as {me}"
            srv.sdl = requests.get(f"{srv.base}/schema.graphql", timeout=10).text
            srv.schema = graphql.build_schema(srv.sdl)
            srv.known = known_values(srv)
            yield srv
        finally:
            srv.stop()


def known_values(srv: Server) -> dict:
    """Codes and ids that exist in the demo data, so generated arguments hit real rows."""
    data = srv.graphql(
        "CITY_ADMIN",
        "{ counties { code city { code } } minerals { code } departments { code }"
        " mines(first: 100) { edges { node { id version } } } standardsVersions { id } }",
    )
    known = {
        "counties": sorted({c["code"] for c in data["counties"]}),
        "cities": sorted({c["city"]["code"] for c in data["counties"] if c.get("city")}),
        "minerals": sorted({m["code"] for m in data["minerals"]}),
        "departments": sorted({d["code"] for d in data["departments"]}),
        "ids": [e["node"]["id"] for e in data["mines"]["edges"]] or ["1"],
        "ints": sorted(
            {e["node"]["version"] for e in data["mines"]["edges"]} | {v["id"] for v in data["standardsVersions"]} | {1}
        ),
    }
    known["strings"] = known["counties"] + known["cities"] + known["minerals"] + known["departments"]
    return known


# ---------------------------------------------------------------------------------------
# Value strategies: plain Python values, used as JSON variables and (as AST nodes) inline
# ---------------------------------------------------------------------------------------

RULE_IDS = [f"EXIT-{i}" for i in range(1, 5)] + [f"INTEGRATE-{i}" for i in range(1, 5)] + ["UPGRADE-1", "UPGRADE-2"]
OTHER_STRINGS = ["Mine", "StandardsVersion", "Token", "cli-city_admin", "140500", "140525", "FORESTRY", "IRON"]
JUNK_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "'",
    "\"",
    "' OR '1'='1",
    "%",
    "_",
    "%_\\",
    "\\",
    "NaN",
    "-1",
    "0",
    "9" * 40,
    "１４０５２５",
    "\u202e140525",
    "💥" * 50,
    "x" * 5000,
]
ALPHABET = st.characters(codec="utf-8", min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=["Cs"])


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, chosen in proportion to its weight."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


def cursor_values() -> st.SearchStrategy[str]:
    """Cursors like the server's (`base64url("k:<key>")`) with odd keys, and broken ones."""
    enc = lambda raw: base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")  # noqa: E731
    keys = st.one_of(
        st.integers(-(2**63), 2**63 - 1).map(str),
        st.sampled_from(["-1", "0", "9223372036854775807", "9223372036854775808", "1e3", " 1", "+1", ""]),
    )
    return weighted(
        (3, st.integers(0, 40).map(lambda k: enc(f"k:{k}"))),
        (1, keys.map(lambda k: enc("k:" + k))),
        (1, st.text(ALPHABET, max_size=8).map(lambda t: enc("k:" + t))),
        (1, st.text(ALPHABET, max_size=8).map(enc)),
        (1, st.sampled_from(["k:1", "=", "a", "!!!", enc("k:1") + "=", enc("k:1") + "\x00"])),
    )


def string_values(known: dict) -> st.SearchStrategy[str]:
    return weighted(
        (4, st.sampled_from(known["strings"] + RULE_IDS + OTHER_STRINGS)),
        (2, st.text(ALPHABET, max_size=30)),
        (1, st.sampled_from(JUNK_STRINGS)),
        (1, cursor_values()),
    )


def id_values(known: dict) -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(known["ids"] + ["0", "-1", "999999", "9223372036854775807", "9223372036854775808"]),
        st.sampled_from(["1.0", "1e3", " 1", "01", "+1", "abc", "", "\x00"]),
        st.text(ALPHABET, max_size=10),
        st.integers(-(2**31), 2**31 - 1),
    )


def int_values(known: dict, *, in_range: bool = True) -> st.SearchStrategy[int]:
    bounded = st.one_of(
        st.sampled_from(known["ints"] + [0, 1, -1, 20, 100, 101, 2**31 - 1, -(2**31)]),
        st.integers(-5, 120),
        st.integers(-(2**31), 2**31 - 1),
    )
    if in_range:
        return bounded
    return st.one_of(bounded, st.sampled_from([2**31, -(2**31) - 1, 2**63, 2**64 + 1, -(2**70)]))


def float_values() -> st.SearchStrategy[float]:
    return st.one_of(
        st.sampled_from([0.0, -0.0, 0.5, 1.0, 3.0, 10.0, 30.0, 50.0, 100.0, 1e4, -1.0, 1e308, -1e308, 5e-324]),
        st.floats(-1000, 1000, allow_nan=False),
        st.floats(allow_nan=False, allow_infinity=False),
    )


def date_values() -> st.SearchStrategy[str]:
    """`Date` strings: mostly valid (near today and at the edges of the calendar), some junk."""
    near = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)).map(dt.date.isoformat)
    return weighted(
        (5, near),
        (2, st.dates().map(dt.date.isoformat)),
        (2, st.sampled_from(
            [
                "0001-01-01",
                "9999-12-31",
                "1970-01-01",
                "2024-02-29",
                "2023-02-29",
                "2024-02-30",
                "2024-13-01",
                "2024-00-10",
                "2024-1-1",
                "20240101",
                "0000-01-01",
                "-0001-01-01",
                "+10000-01-01",
                "99999-01-01",
                "262143-12-31",
                "2024-01-01T00:00:00Z",
                "2024-01-01 ",
                "",
            ]
        )),
        (1, st.text(ALPHABET, max_size=12)),
    )


def datetime_values() -> st.SearchStrategy[str]:
    """`DateTime` strings (RFC 3339): valid ones with odd offsets, and junk."""
    offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
    return st.one_of(
        st.datetimes(timezones=offsets).map(lambda d: d.isoformat()),
        st.datetimes(dt.datetime(2015, 1, 1), dt.datetime(2035, 1, 1)).map(lambda d: d.isoformat() + "Z"),
        st.sampled_from(
            [
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "9999-12-31T23:59:59-23:59",
                "0001-01-01T00:00:00+23:59",
                "2024-01-01T24:00:00Z",
                "2024-01-01T23:59:60Z",
                "2024-01-01",
                "2024-01-01T00:00:00",
                "1970-01-01T00:00:00Z",
                "+275760-09-13T00:00:00Z",
                "",
            ]
        ),
        st.text(ALPHABET, max_size=12),
    )


def to_node(value) -> graphql.ValueNode:
    if value is None:
        return nodes.Null
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    return nodes.String(value)


def literal_scalars(known: dict) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Inline-literal strategies for hypothesis-graphql, built-in scalars included so that
    arguments name rows that exist. `Date`/`DateTime` also get the odd non-string literal."""
    odd = st.one_of(st.integers(-10, 2**31 - 1).map(nodes.Int), st.booleans().map(nodes.Boolean))
    return {
        "Date": weighted((12, date_values().map(nodes.String)), (1, odd)),
        "DateTime": weighted((12, datetime_values().map(nodes.String)), (1, odd)),
        "String": string_values(known).map(nodes.String),
        "ID": id_values(known).map(to_node),
        "Int": int_values(known).map(nodes.Int),
        "Float": weighted((4, float_values().map(nodes.Float)), (1, int_values(known).map(nodes.Int))),
        "Boolean": st.booleans().map(nodes.Boolean),
        # An upload travels as a multipart part; inline, any literal must be refused.
        "Upload": st.one_of(st.text(ALPHABET, max_size=10).map(nodes.String), odd),
    }


def json_junk() -> st.SearchStrategy:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(ALPHABET, max_size=10),
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(ALPHABET, max_size=6), inner, max_size=3),
        max_leaves=6,
    )


def hinted(name: str | None, known: dict) -> st.SearchStrategy | None:
    """Plausible values for arguments and input fields by name, so that mutations pass
    validation often enough to store odd facts and later assessments read them."""
    positive = st.one_of(st.floats(0.01, 500, allow_nan=False), st.sampled_from([0.0, 1e-9, 1e6, 1e300]))
    hints = {
        "countyCode": st.sampled_from(known["counties"]),
        "cityCode": st.sampled_from(known["cities"]),
        "mineralCode": st.sampled_from(known["minerals"]),
        "ruleId": st.sampled_from(RULE_IDS),
        "entity": st.sampled_from(["Mine", "StandardsVersion", "Token"]),
        "entityId": st.sampled_from(known["ids"]),
        "id": st.sampled_from(known["ids"]),
        "version": st.sampled_from(known["ints"]),
        "first": st.integers(0, 100),
        "after": cursor_values(),
        "latitude": st.floats(-90, 90),
        "longitude": st.floats(-180, 180),
        "productionScale": positive,
        "remainingReserves": positive,
        "surveyedServiceYears": positive,
        "upgradeTargetScale": positive,
        "name": st.text(ALPHABET, min_size=1, max_size=20),
        "holder": st.text(ALPHABET, min_size=1, max_size=20),
        "reason": st.text(ALPHABET, min_size=1, max_size=20),
        "source": st.text(ALPHABET, min_size=1, max_size=20),
        "confidence": st.sampled_from(["C", "M", "L"]),
        "variant": st.sampled_from(["ANY", "OPEN_PIT", "UNDERGROUND", "LEAN", "RICH"]),
        "longSuspensionMonths": st.integers(-2, 1200),
    }
    return hints.get(name or "")


_JSON_CACHE: dict = {}


def json_for(type_: graphql.GraphQLInputType, known: dict, name: str | None = None) -> st.SearchStrategy:
    """JSON variable values for an input type: mostly well-typed (and often plausible for
    the argument or field `name`), one in 20 anything."""
    key = (str(type_), id(known), name)
    if key not in _JSON_CACHE:
        _JSON_CACHE[key] = _json_for(type_, known, name)
    return _JSON_CACHE[key]


def _json_for(type_: graphql.GraphQLInputType, known: dict, name: str | None) -> st.SearchStrategy:
    nullable = not isinstance(type_, graphql.GraphQLNonNull)
    inner = graphql.get_nullable_type(type_)
    if isinstance(inner, graphql.GraphQLList):
        typed = st.lists(json_for(inner.of_type, known, name), max_size=4)
    elif isinstance(inner, graphql.GraphQLInputObjectType):
        fields = inner.fields.items()
        required = {n: json_for(f.type, known, n) for n, f in fields if graphql.is_required_input_field(f)}
        optional = {n: json_for(f.type, known, n) for n, f in fields if n not in required}
        typed = st.fixed_dictionaries(required, optional=optional)
    elif isinstance(inner, graphql.GraphQLEnumType):
        typed = st.sampled_from(sorted(inner.values))
    else:
        typed = {
            "Date": date_values(),
            "DateTime": datetime_values(),
            "String": string_values(known),
            "ID": id_values(known),
            "Int": int_values(known, in_range=False),
            "Float": float_values(),
            "Boolean": st.booleans(),
            "Upload": st.text(ALPHABET, max_size=10),
        }.get(inner.name, json_junk())
        hint = hinted(name, known)
        if hint is not None:
            typed = st.integers(0, 3).flatmap(lambda i, plain=typed, hint=hint: plain if i == 0 else hint)
    if nullable:
        typed = st.one_of(typed, st.none())
    return st.integers(0, 19).flatmap(lambda i, typed=typed: json_junk() if i == 0 else typed)


def selection_for(type_: graphql.GraphQLOutputType, depth: int = 0) -> str:
    """A selection of leaf fields (and objects two levels down) that take no required arguments."""
    named = graphql.get_named_type(type_)
    if not isinstance(named, (graphql.GraphQLObjectType, graphql.GraphQLInterfaceType, graphql.GraphQLUnionType)):
        return ""
    parts = ["__typename"]
    if isinstance(named, (graphql.GraphQLObjectType, graphql.GraphQLInterfaceType)):
        for name, field in named.fields.items():
            if any(graphql.is_required_argument(a) for a in field.args.values()):
                continue
            sub = graphql.get_named_type(field.type)
            if isinstance(sub, (graphql.GraphQLScalarType, graphql.GraphQLEnumType)):
                parts.append(name)
            elif depth < 2 and not field.args:
                parts.append(name + " " + selection_for(field.type, depth + 1))
    return "{ " + " ".join(parts) + " }"


def variable_operations(schema: graphql.GraphQLSchema, known: dict) -> st.SearchStrategy[tuple[str, object]]:
    """Root fields with arguments, called with every argument as a JSON variable."""
    choices = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        for name, field in sorted(root.fields.items()):
            if not field.args:
                continue
            choices.append((kind, name, field))

    @st.composite
    def operation(draw):
        kind, name, field = draw(st.sampled_from(choices))
        args = {}
        for arg_name, arg in field.args.items():
            # Required arguments are (nearly) always passed; optional ones half the time.
            if graphql.is_required_argument(arg) or draw(st.booleans()):
                args[arg_name] = arg
        decls = ", ".join(f"${a}: {arg.type}" for a, arg in args.items())
        call = ", ".join(f"{a}: ${a}" for a in args)
        query = f"{kind} Fuzz{'(' + decls + ')' if decls else ''} {{ {name}{'(' + call + ')' if call else ''} {selection_for(field.type)} }}"
        variables = {}
        for a, arg in args.items():
            if draw(st.integers(0, 24)) == 0:
                continue  # a declared variable left out
            variables[a] = draw(json_for(arg.type, known, a))
        if draw(st.integers(0, 49)) == 0:
            variables = draw(st.one_of(json_junk(), st.just([variables])))
        return query, variables

    return operation()


# ---------------------------------------------------------------------------------------
# The properties
# ---------------------------------------------------------------------------------------


def describe(role: str, query: str, variables, status, text: str) -> str:
    return (
        f"role: {role}\nquery:\n{query}\nvariables: {json.dumps(variables, ensure_ascii=False)}\n"
        f"response: HTTP {status}\n{text[:4000]}"
    )


def signature_of(text: str) -> str:
    """A violation's kind: its message with numbers, literals and quoted values blurred."""
    text = re.sub(r'"([^"]*)"', lambda m: m[0] if re.fullmatch(r"[A-Za-z_]\w*", m[1]) else '"…"', text)
    text = re.sub(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", "N", text)
    return re.sub(r"\b(true|false|null)\b", "V", text)[:160]


def record(stats, findings, role: str, signature: str, size: int, report: str) -> None:
    stats[role].findings[signature] += 1
    finding = findings.setdefault(signature, Finding())
    finding.roles[role] += 1
    if not finding.example or size < finding.example_size:
        finding.example, finding.example_size = report, size


def check(srv: Server, stats: dict, findings: dict, role: str, query: str, variables=None) -> None:
    __tracebackhide__ = True
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    s = stats[role]
    s.operations += 1
    size = len(json.dumps(body))

    def found(signature: str, report: str) -> None:
        record(stats, findings, role, signature_of(signature), size, report)

    try:
        response = srv.post(role, body)
    except requests.RequestException as exc:
        alive = srv.proc.poll() is None
        report = describe(role, query, variables, "none", f"{exc!r}\nserver alive: {alive}\n{srv.log_tail()}")
        found(f"transport error {type(exc).__name__}", report)
        raise AssertionError("no HTTP answer\n" + report) from None
    status, text = response.status_code, response.content.decode("utf-8", "replace")
    if TRACE:
        with open(TRACE, "a", encoding="utf-8") as trace:
            trace.write(json.dumps({"role": role, "request": body, "status": status, "response": text}) + "\n")
    report = describe(role, query, variables, status, text)
    s.statuses[status] += 1
    if not 200 <= status < 300:
        s.non_2xx += 1
    if status >= 500:
        found(f"HTTP {status}", report)
        raise AssertionError(f"5xx answer\n{report}")
    try:
        payload = response.json()
    except ValueError:
        found(f"HTTP {status} non-JSON body", report)
        raise AssertionError(f"body is not JSON\n{report}") from None
    if not isinstance(payload, dict) or not ("data" in payload or "errors" in payload):
        found("body is not a GraphQL response", report)
        raise AssertionError(f"body is not a GraphQL response\n{report}")
    errors = payload.get("errors") or []
    if not errors:
        s.clean += 1
    sent = json.dumps(body, ensure_ascii=False).lower()
    for error in errors:
        ext = error.get("extensions") if isinstance(error, dict) else None
        code = ext.get("code") if isinstance(ext, dict) else None
        s.codes[code or "(none)"] += 1
        message = str(error.get("message")) if isinstance(error, dict) else str(error)
        where = ".".join(str(p) for p in error.get("path") or []) if isinstance(error, dict) else ""
        if code == "INTERNAL":
            s.internal += 1
            found(f"INTERNAL at {where or '-'}: {message[:120]}", report)
            raise AssertionError(f"INTERNAL error\n{report}")
        if code is None:
            found(f"no extensions.code: {message[:120]}", report)
            raise AssertionError(f"error without extensions.code\n{report}")
        if code not in ALLOWED_CODES:
            found(f"unknown code {code}", report)
            raise AssertionError(f"undocumented extensions.code {code!r}\n{report}")
        error_text = json.dumps(error, ensure_ascii=False).lower()
        # A marker counts only if the request did not carry it (messages may echo input).
        leaked = [m for m in LEAK_MARKERS if m in error_text and m not in sent]
        if leaked:
            found(f"leaked {leaked} ({code}): {message[:120]}", report)
            raise AssertionError(f"internal text {leaked} in an error\n{report}")


def with_hints(documents: st.SearchStrategy[graphql.DocumentNode], known: dict) -> st.SearchStrategy[str]:
    """Prints generated documents after swapping, three times in four, a scalar literal of a
    known argument or input field name (`countyCode`, `id`, `productionScale`, …) for a
    plausible value of the same kind, so that more operations get past validation."""

    @st.composite
    def hinted_document(draw):
        document = draw(documents)

        def swap(node):
            hint = hinted(node.name.value, known)
            if hint is None or not isinstance(node.value, SWAPPABLE) or draw(st.integers(0, 3)) == 0:
                return None
            value = to_node(draw(hint))
            if type(value) is not type(node.value):
                return None
            return type(node)(name=node.name, value=value)

        class Hints(graphql.Visitor):
            def enter_argument(self, node, *_):
                return swap(node)

            def enter_object_field(self, node, *_):
                return swap(node)

        return graphql.print_ast(graphql.visit(document, Hints()))

    return hinted_document()


SWAPPABLE = (graphql.StringValueNode, graphql.IntValueNode, graphql.FloatValueNode)


def operations(srv: Server, kind: str) -> st.SearchStrategy[str]:
    """Valid operations three times in four (with plausible values swapped in), else ones
    with one schema violation."""
    cache = srv.__dict__.setdefault("strategies", {})
    if kind not in cache:
        make = hypothesis_graphql.queries if kind == "queries" else hypothesis_graphql.mutations
        scalars = literal_scalars(srv.known)
        positive = with_hints(make(srv.sdl, custom_scalars=scalars, print_ast=lambda d: d), srv.known)
        negative = make(srv.sdl, custom_scalars=scalars, mode=Mode.NEGATIVE)
        cache[kind] = st.integers(0, 3).flatmap(lambda i: negative if i == 0 else positive)
    return cache[kind]


# ---------------------------------------------------------------------------------------
# Running the properties
# ---------------------------------------------------------------------------------------


class Run:
    """One test's run for one role.

    After the first violation Hypothesis shrinks the failing operation; that is bounded to
    SHRINK_SECONDS: past it, candidates that did not fail already are taken as passing
    without being sent, so the shrinker finishes at once and reports the smallest failing
    operation found so far (which still fails when replayed). In KEEP_GOING mode every
    violation is recorded and the run goes on; the test then fails once, listing them.
    """

    def __init__(self, srv: Server, stats: dict, findings: dict, role: str):
        self.srv, self.stats, self.findings, self.role = srv, stats, findings, role
        self.failed: set[str] = set()
        self.first_failure: float | None = None
        self.before = dict(stats[role].findings)

    def send(self, query: str, variables=None) -> None:
        __tracebackhide__ = True
        key = json.dumps([query, variables], sort_keys=True)
        if (
            not KEEP_GOING
            and self.first_failure is not None
            and time.monotonic() - self.first_failure > SHRINK_SECONDS
            and key not in self.failed
        ):
            return
        try:
            check(self.srv, self.stats, self.findings, self.role, query, variables)
        except AssertionError:
            self.failed.add(key)
            if self.first_failure is None:
                self.first_failure = time.monotonic()
            if not KEEP_GOING:
                raise

    def finish(self) -> None:
        new = [
            f"x{n - self.before.get(k, 0)} {k}"
            for k, n in self.stats[self.role].findings.items()
            if n > self.before.get(k, 0)
        ]
        if new:
            pytest.fail(f"{self.role}: violations (examples in the fuzz summary):\n" + "\n".join(new))


def fuzz(kind: str, role: str, strategy: st.SearchStrategy, run: Run) -> None:
    """Sends `MINERIGHT_FUZZ_EXAMPLES × SHARE[kind]` operations drawn from `strategy`, with a
    fixed seed per test and role (reproducible; roles see different operations), shifted by
    MINERIGHT_FUZZ_SEED; no example database, no deadline."""

    @seed(int(os.environ.get("MINERIGHT_FUZZ_SEED", "0")) + zlib.crc32(f"{kind}/{role}".encode()))
    @settings(
        max_examples=share(kind),
        deadline=None,
        database=None,
        print_blob=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(operation=strategy)
    def operation_holds(operation):
        __tracebackhide__ = True
        query, variables = operation if isinstance(operation, tuple) else (operation, None)
        run.send(query, variables)

    operation_holds()
    run.finish()


@pytest.mark.parametrize("role", ROLES)
def test_queries(role, server, fuzz_stats, fuzz_findings):
    fuzz("queries", role, operations(server, "queries"), Run(server, fuzz_stats, fuzz_findings, role))


@pytest.mark.parametrize("role", ROLES)
def test_mutations(role, server, fuzz_stats, fuzz_findings):
    fuzz("mutations", role, operations(server, "mutations"), Run(server, fuzz_stats, fuzz_findings, role))


@pytest.mark.parametrize("role", ROLES)
def test_variables(role, server, fuzz_stats, fuzz_findings):
    strategy = variable_operations(server.schema, server.known)
    fuzz("variables", role, strategy, Run(server, fuzz_stats, fuzz_findings, role))


def test_server_survived(server):
    """Runs last: the server is still up and logged no panic."""
    assert server.proc.poll() is None, f"server exited with {server.proc.returncode}\n{server.log_tail()}"
    assert requests.get(f"{server.base}/healthz", timeout=10).status_code == 200
    panics = [line for line in server.log_path.read_text(errors="replace").splitlines() if "panicked" in line]
    assert not panics, "server log has panics:\n" + "\n".join(panics[:20])
