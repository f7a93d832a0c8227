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
    statuses: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    # Violations by signature -> count (the examples are kept in FINDINGS).
    findings: collections.Counter = dataclasses.field(default_factory=collections.Counter)


@dataclasses.dataclass
class Finding:
    """One kind of violation across roles, with the shortest request that showed it."""

    roles: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    example: str = ""
    example_size: int = 0


STATS_KEY = pytest.StashKey[dict]()
FINDINGS_KEY = pytest.StashKey[dict]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATS_KEY] = {}
    config.stash[FINDINGS_KEY] = {}


@pytest.fixture(scope="session")
def fuzz_stats(request: pytest.FixtureRequest) -> dict:
    """role -> RoleStats, filled by every request the suite sends."""
    stats = request.config.stash[STATS_KEY]
    for role in ROLES:
        stats.setdefault(role, RoleStats())
    return stats


@pytest.fixture(scope="session")
def fuzz_findings(request: pytest.FixtureRequest) -> dict:
    """signature -> Finding, over all roles."""
    return request.config.stash[FINDINGS_KEY]


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
        statuses = ", ".join(f"{status} {n}" for status, n in sorted(s.statuses.items()))
        write(f"fuzz:   {s.clean} without errors; error codes: {codes or 'none'}; HTTP: {statuses}")
    findings = config.stash.get(FINDINGS_KEY, {})
    for signature, finding in findings.items():
        roles = ", ".join(f"{role} {n}" for role, n in finding.roles.items())
        write(f"fuzz: FINDING {signature}")
        write(f"      seen {sum(finding.roles.values())} times ({roles}); shortest example:")
        write("      " + finding.example.replace("\n", "\n      "))
