"""Backup and restore of a committee-year (issue 17): the demo's Socialnämnden 2019 exported to JSON and imported.

The import goes into the same database as a committee of another code (the shared rows — council goals, users,
templates — are found again, the rest created), inside a transaction that is rolled back, so later benchmarks see
the demo unchanged. Goals on a 2-core machine: export and import each under 10 s.
"""

from __future__ import annotations

import json
import time

from benchmarks.harness import Result, backup_as

GOAL = 10.0


def run() -> list[Result]:
    from django.core.management import call_command
    from django.db import transaction

    from digipuff.core import backup
    from digipuff.organisation.models import OrgUnit

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the demo's chatter is not the benchmark
    sn = OrgUnit.objects.get(code="SN")

    start = time.perf_counter()
    text = backup.dumps(backup.committee_year_export(committee=sn, year=2019))
    export_seconds = time.perf_counter() - start
    data = backup_as(json.loads(text), "SNB")
    rows = len(data["objects"])

    with transaction.atomic():
        start = time.perf_counter()
        importer = backup.committee_year_import(backup=data, actor=None)
        import_seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    created = sum(importer.created.values())
    size = f"SN 2019, {rows} rows, {len(text.encode()) / 1e6:.1f} MB"
    goal, rate = f"< {GOAL:.0f} s", f"{rows / export_seconds:,.0f} rows/s"
    return [
        Result("backup export", size, export_seconds, rate, goal, export_seconds < GOAL),
        Result("backup import", size, import_seconds, f"{created} rows created", goal, import_seconds < GOAL),
    ]
