"""SIE 4: a year's ledger of one million #TRANS rows (2 000 accounts x 300 cost centres x 12 months by default).

Parse: DigiPUFF's parser and `pysie-accounting` read the same file, each in a fresh process of its own; CPU seconds
and peak resident memory of each, and a check that each read every row. Import: the whole `sie_import` service (read,
check, aggregate per month, account and object, store) into this module's database.

Sizes: BENCH_SIE_ROWS (1 000 000), BENCH_SIE_ACCOUNTS (2 000), BENCH_SIE_OBJECTS (300).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from benchmarks.harness import Row, env_int, number, python, run_process, seconds
from benchmarks.sie_file import write_sie4

CPU_RATIO_GOAL, PEAK_GOAL_MB, IMPORT_GOAL = 0.7, 250.0, 10.0


def _parse(which: str, path: Path) -> dict[str, float]:
    _wall, done = run_process(python("-m", "benchmarks.sie_parse", which, str(path)))
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run() -> list[Row]:
    from django.db import connection

    from digipuff.economy.importers.sie import sie_import
    from digipuff.economy.models import LedgerAmount
    from digipuff.organisation import services
    from digipuff.organisation.choices import OrgUnitKind

    rows = env_int("BENCH_SIE_ROWS", 1_000_000)
    path = Path(os.environ.get("BENCH_WORK", "/tmp")) / "ledger-2024.se"
    shape = write_sie4(
        path, rows=rows, accounts=env_int("BENCH_SIE_ACCOUNTS", 2000), objects=env_int("BENCH_SIE_OBJECTS", 300)
    )
    size = f"{number(shape['rows'], 0)} #TRANS, {shape['accounts']} accounts x {shape['objects']} objects x 12 months"
    print(f"  {size}, {path.stat().st_size / 1e6:.0f} MB", flush=True)

    ours, peer = _parse("digipuff", path), _parse("pysie", path)
    complete = ours["rows"] == shape["rows"] and peer["rows"] == shape["rows"]
    read = "" if complete else f"; rows read: ours {ours['rows']}, pysie {peer['rows']} of {shape['rows']}"
    cpu_ratio = ours["cpu"] / peer["cpu"]
    result = [
        Row(
            f"SIE 4 parse, {size}: CPU",
            f"≤ {number(CPU_RATIO_GOAL, 1)}× pysie-accounting",
            f"{seconds(ours['cpu'])} CPU (pysie-accounting {seconds(peer['cpu'])}){read}",
            f"{number(cpu_ratio)}×",
            complete and cpu_ratio <= CPU_RATIO_GOAL,
        ),
        Row(
            "SIE 4 parse, same file: peak memory of the process",
            f"≤ {PEAK_GOAL_MB:.0f} MB",
            f"{ours['peak_mb']:.0f} MB (pysie-accounting {peer['peak_mb']:.0f} MB)",
            f"{number(ours['peak_mb'] / peer['peak_mb'])}×",
            ours["peak_mb"] <= PEAK_GOAL_MB,
        ),
    ]

    services.municipality_set(actor=None, name="Bänkby kommun", kolada_id="0509")
    services.planning_year_create(actor=None, year=2024)
    council = services.org_unit_create(
        actor=None, parent=None, kind=OrgUnitKind.COUNCIL, name="Kommunfullmäktige", code="BKF", valid_from=2000
    )
    committee = services.org_unit_create(
        actor=None, parent=council, kind=OrgUnitKind.COMMITTEE, name="Bildningsnämnden", code="BN", valid_from=2000
    )
    data = path.read_bytes()
    start = time.perf_counter()
    sie_import(actor=None, committee=committee, data=data, filename=path.name)
    elapsed = time.perf_counter() - start
    amounts = LedgerAmount.objects.count()
    result.append(
        Row(
            f"SIE 4 import, same file, whole service into {connection.vendor} ({number(amounts, 0)} monthly amounts)",
            f"≤ {IMPORT_GOAL:.0f} s (PostgreSQL)",
            f"{seconds(elapsed)}, {number(shape['rows'] / elapsed, 0)} rows/s",
            "",
            elapsed <= IMPORT_GOAL,
        )
    )
    return result
