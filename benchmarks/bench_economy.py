"""Import of a year's ledger: a generated SIE 4 file with one million #TRANS rows, parse to stored monthly amounts.

The goal (issue 5) is the whole file in under 30 seconds on a 2-core machine, on SQLite and PostgreSQL. The file is
imported twice: the second import replaces the same periods (the idempotent path a controller takes every month).
"""

from __future__ import annotations

import time

from benchmarks.harness import Result

ROWS = 1_000_000
GOAL_SECONDS = 30.0


def run() -> list[Result]:
    from tests.integrations.sie.generate import generate_sie4

    from digipuff.economy.importers.sie import sie_import
    from digipuff.economy.models import LedgerAmount
    from digipuff.organisation import services
    from digipuff.organisation.choices import OrgUnitKind
    from digipuff.organisation.models import PlanningYear

    services.municipality_set(actor=None, name="Ödeshögs kommun", kolada_id="0509")
    if not PlanningYear.objects.filter(year=2024).exists():
        services.planning_year_create(actor=None, year=2024)
    council = services.org_unit_create(
        actor=None, parent=None, kind=OrgUnitKind.COUNCIL, name="Kommunfullmäktige", code="BKF", valid_from=2000
    )
    committee = services.org_unit_create(
        actor=None, parent=council, kind=OrgUnitKind.COMMITTEE, name="Bildningsnämnden", code="BN", valid_from=2000
    )
    data = generate_sie4(ROWS, year=2024)
    results = []
    size = "{rows:,} #TRANS ({mb:.0f} MB) -> {amounts:,} monthly amounts"
    for label in ("first import", "re-import (replaces)"):
        start = time.perf_counter()
        sie_import(actor=None, committee=committee, data=data, filename="bench-1M.se")
        seconds = time.perf_counter() - start
        results.append(
            Result(
                f"SIE 4 import, {label}",
                size.format(rows=ROWS, mb=len(data) / 1e6, amounts=LedgerAmount.objects.count()).replace(",", " "),
                seconds,
                rate=f"{ROWS / seconds:,.0f} rows/s".replace(",", " "),
                goal=f"< {GOAL_SECONDS:.0f} s",
                ok=seconds < GOAL_SECONDS,
            )
        )
    return results
