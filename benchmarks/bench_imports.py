"""The values import at its limits: the largest file the settings allow (`DIGIPUFF_IMPORT_MAX_ROWS` rows, 20 000 by
default) as CSV and as Excel must import within the time budget (`DIGIPUFF_IMPORT_TIME_BUDGET`, 120 s); and what the
safe Excel reader (zip check, a streaming scan for cells without a trustworthy value, no trust in <dimension>) costs
next to openpyxl's own read-only reading.
"""

from __future__ import annotations

import io
import time

from benchmarks.harness import Result


def _rows(measures: list, count: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for measure in measures:
        for year in range(2010, 2030):
            for month in range(1, 13):
                for group in ("K", "M"):
                    rows.append([measure.pk, "", year, month, group, f"{(year * month) % 97},5"])
                    if len(rows) == count:
                        return rows
    return rows


def run() -> list[Result]:
    from django.conf import settings
    from django.db import transaction
    from openpyxl import Workbook, load_workbook
    from tests.factories import make_measure, make_unit

    from digipuff.core import importing
    from digipuff.indicators.choices import Breakdown, Periodicity
    from digipuff.indicators.importers.values import COLUMNS, import_values
    from digipuff.indicators.models import MeasureValue
    from digipuff.organisation import services as org_services

    count = settings.DIGIPUFF_IMPORT_MAX_ROWS
    budget = settings.DIGIPUFF_IMPORT_TIME_BUDGET
    with transaction.atomic():
        org_services.municipality_set(actor=None, name="Bänkby kommun", kolada_id="0999")
        council = make_unit("Kommunfullmäktige", code="IKF", valid_from=2000)
        committee = make_unit("Importnämnden", parent=council, code="IN", valid_from=2000)
        measures = [
            make_measure(committee, name=f"Mått {i}", breakdown=Breakdown.GENDER, periodicity=Periodicity.MONTH)
            for i in range(count // 480 + 1)
        ]
    header = [COLUMNS[key] for key in ("measure", "name", "year", "month", "group", "value")]
    rows = _rows(measures, count)
    csv_data = ("\n".join(";".join(str(c) for c in row) for row in [header, *rows]) + "\n").encode()
    book = Workbook()
    sheet = book.active
    sheet.title = "Värden"
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx_data = buffer.getvalue()

    results = []
    for label, data, name in (("CSV", csv_data, "utfall.csv"), ("Excel", xlsx_data, "utfall.xlsx")):
        MeasureValue.objects.all().delete()
        start = time.perf_counter()
        with importing.time_budget(kind="values"):
            import_values(actor=None, data=data, filename=name)
        seconds = time.perf_counter() - start
        results.append(
            Result(
                f"values import, {label}, the largest file allowed",
                f"{len(rows):,} rows, {len(data) / 1e6:.1f} MB".replace(",", " "),
                seconds,
                rate=f"{len(rows) / seconds:,.0f} rows/s".replace(",", " "),
                goal=f"< {budget} s (time budget)",
                ok=seconds < budget,
            )
        )

    start = time.perf_counter()
    plain = load_workbook(io.BytesIO(xlsx_data), read_only=True, data_only=True)
    plain_rows = sum(1 for _ in plain.worksheets[0].iter_rows(values_only=True))
    plain_seconds = time.perf_counter() - start
    start = time.perf_counter()
    safe_rows = sum(1 for _ in importing.sheet_rows(xlsx_data, "utfall.xlsx", kind="values"))
    safe_seconds = time.perf_counter() - start
    assert safe_rows == plain_rows == len(rows) + 1
    results.append(
        Result(
            "safe Excel reader vs openpyxl read-only",
            f"{len(rows):,} rows: openpyxl {plain_seconds:.2f} s".replace(",", " "),
            safe_seconds,
            rate=f"x {safe_seconds / plain_seconds:.2f}",
            # No goal of its own: the price of the second (scanning) pass is paid within the import's time budget,
            # which the two rows above check.
            goal="(figure)",
            ok=None,
        )
    )
    return results
