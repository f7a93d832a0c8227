"""Shared state of the fuzz suite: per-role counters and the closing summary.

The counters live in pytest's stash so the test module (fixtures, checks) and the
terminal-summary hook below see the same object without importing each other.
"""

from __future__ import annotations

import collections
import dataclasses

import pytest

# Roles in the order they run; ANONYMOUS sends no Authorization header.
ROLES = (
    "CITY_ADMIN",
    "CITY_APPROVER",
    "COUNTY_OFFICIAL",
    "DEPARTMENT_REVIEWER",
    "INTEGRATOR",
    "AUDITOR",
    "ANONYMOUS",
)


@dataclasses.dataclass
class RoleStats:
    operations: int = 0
    non_2xx: int = 0
    internal: int = 0
    # Operations answered with data and no error at all (how deep the fuzzer gets).
    clean: int = 0
    codes: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    # Violations, deduplicated by signature: signature -> [count, first report].
    findings: dict = dataclasses.field(default_factory=dict)


STATS_KEY = pytest.StashKey[dict]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATS_KEY] = {}


@pytest.fixture(scope="session")
def fuzz_stats(request: pytest.FixtureRequest) -> dict:
    """role -> RoleStats, filled by every request the suite sends."""
    stats = request.config.stash[STATS_KEY]
    for role in ROLES:
        stats.setdefault(role, RoleStats())
    return stats


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    stats = config.stash.get(STATS_KEY, None)
    if not stats:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz summary")
    for role in ROLES:
        s = stats.get(role)
        if s is None or s.operations == 0:
            continue
        write(f"fuzz: {role} {s.operations} operations, {s.non_2xx} non-2xx, {s.internal} INTERNAL")
        codes = ", ".join(f"{code} {n}" for code, n in sorted(s.codes.items()))
        write(f"fuzz:   {s.clean} without errors; error codes: {codes or 'none'}")
    for role in ROLES:
        s = stats.get(role)
        if s is None or not s.findings:
            continue
        for signature, (count, first) in s.findings.items():
            write(f"fuzz: FINDING {role} x{count}: {signature}")
            write("      first seen on: " + first.replace("\n", "\n      "))
