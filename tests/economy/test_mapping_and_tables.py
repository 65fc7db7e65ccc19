"""Mapping with gaps, the sign convention for revenues and costs, riktpunkt and budgethållning, budget files."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from digipuff.core.importing import ImportFailed
from digipuff.economy import mapping, selectors, services
from digipuff.economy.importers.budget import budget_import, spread
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import CostLine, LedgerAmount, OperationArea
from tests.economy.helpers import areas, cost, sie


def test_ranges_compare_leading_digits():
    assert mapping.in_range("3150", "3100", "3199")
    assert mapping.in_range("31050", "3100", "3199")
    assert not mapping.in_range("3200", "3100", "3199")
    assert not mapping.in_range("31", "3100", "3199")
    assert mapping.parse_ranges("3100-3199, 3300\n3400–3499") == [("3100", "3199"), ("3300", "3300"), ("3400", "3499")]
    with pytest.raises(ValueError):
        mapping.parse_ranges("3199-3100")


def test_unmapped_accounts_and_objects_are_reported_and_kept_in_the_totals(org):
    areas(org.sn)
    data = sie([cost("20190110", "5010", "3200", "100"), cost("20190110", "8910", "7777", "40")])
    sie_import(actor=None, committee=org.sn, data=data, filename="gaps.se")
    assert [(g.value, g.amount) for g in selectors.unmapped_accounts(org.sn, 2019)] == [("8910", Decimal("40.00"))]
    assert [(g.value, g.amount) for g in selectors.unmapped_objects(org.sn, 2019)] == [("7777", Decimal("40.00"))]
    tables = selectors.all_tables(org.sn, 2019, 1)
    by_area = tables["by_area"]
    assert by_area.value("-", "actual_period") == Decimal("40.00")
    assert by_area.value("TOTAL", "actual_period") == Decimal("140.00")
    assert tables["by_cost_line"].value("NET", "actual_period") == Decimal("140.00")
    # Mapping the gap maps the stored ledger at once, without importing again.
    services.cost_line_save(
        actor=None,
        committee=org.sn,
        year=2019,
        code="FIN",
        name="Finansiella poster",
        kind="cost",
        sort_order=99,
        ranges=[("8900", "8999")],
    )
    area = OperationArea.objects.get(code="VB")
    services.operation_area_save(
        actor=None, committee=org.sn, year=2019, area=area, expected_version=area.version, code="VB", name=area.name,
        org_unit=None, separate=False, earmarked=False, sort_order=0, ranges=[("3200", "3299"), ("7777", "7777")],
    )  # fmt: skip
    assert selectors.unmapped_accounts(org.sn, 2019) == [] and selectors.unmapped_objects(org.sn, 2019) == []
    assert LedgerAmount.objects.filter(area=area).count() == 2


def test_overlapping_ranges_are_refused(org):
    services.cost_lines_ensure_default(committee=org.sn, year=2019)
    with pytest.raises(ValidationError) as refused:
        services.cost_line_save(
            actor=None,
            committee=org.sn,
            year=2019,
            code="X",
            name="Dubbel",
            kind="cost",
            sort_order=1,
            ranges=[("5500", "5599")],
        )
    assert "Personal" in str(refused.value)


def _budget_and_actuals(org):
    areas(org.sn)
    lines = {line.code: line for line in CostLine.objects.filter(committee=org.sn)}
    csv = "verksamhetsområde;kostnadsslag;helår\nVB;TAXOR;1 200\nVB;PERSONAL;12 000\n"
    budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="budget.csv", year=2019)
    data = sie(
        [
            ("20190110", [("3110", "3200", "-500"), ("1510", "", "500")]),  # revenues above budget (300 a quarter)
            cost("20190210", "5010", "3200", "3500"),  # costs above budget (3 000 a quarter)
        ],
        extra=["#OMFATTN 20190331"],  # the export covers January–March (no bookings in March)
    )
    sie_import(actor=None, committee=org.sn, data=data, filename="l.se")
    return lines


def test_sign_convention_positive_deviation_is_favourable(org):
    _budget_and_actuals(org)
    table = selectors.all_tables(org.sn, 2019, 3)["by_cost_line"]
    # Revenues are shown positive; utfall − budget: 500 − 300 = +200 (favourable).
    assert table.value("TAXOR", "budget_period") == Decimal("300.00")
    assert table.value("TAXOR", "actual_period") == Decimal("500.00")
    assert table.value("TAXOR", "deviation_period") == Decimal("200.00")
    # Costs: budget − utfall: 3 000 − 3 500 = −500 (unfavourable).
    assert table.value("PERSONAL", "deviation_period") == Decimal("-500.00")
    assert table.value("NET", "actual_period") == Decimal("3000.00")
    assert table.value("NET", "deviation_period") == Decimal("-300.00")


def test_forecast_riktpunkt_and_budgethallning(org):
    lines = _budget_and_actuals(org)
    area = OperationArea.objects.get(code="VB")
    services.forecast_set(
        actor=None, committee=org.sn, year=2019, month=3, area=area,
        amounts={lines["TAXOR"].pk: Decimal("-1500"), lines["PERSONAL"].pk: Decimal("13000")},
    )  # fmt: skip
    data = selectors.ledger(org.sn, 2019, 3)
    keeping = selectors.budget_keeping(data)
    assert keeping.budget == Decimal("10800.00")
    assert keeping.deviation == Decimal("-700.00")  # revenue +300, cost −1 000
    assert keeping.percent.quantize(Decimal("0.01")) == Decimal("-6.48")
    assert data.occasion.riktpunkt == Decimal("0.25")
    services.economy_year_set(
        actor=None, committee=org.sn, year=2019, expected_version=None, area_dimension=1, opening_equity=Decimal(0),
        equity_withdrawal=Decimal(0), profile=[Decimal(2)] * 3 + [Decimal(1)] * 9, subtotal_label="",
    )  # fmt: skip
    assert selectors.occasion(org.sn, 2019, 3).riktpunkt == Decimal("0.4")
    assert selectors.occasion(org.sn, 2019, 12).riktpunkt == Decimal(1)


def test_budget_spread_is_exact():
    parts = spread(Decimal("1000.00"), [Decimal(1)] * 12)
    assert sum(parts) == Decimal("1000.00") and parts[0] == Decimal("83.33") and parts[-1] == Decimal("83.37")


def test_budget_file_problems_name_row_and_column(org):
    areas(org.sn)
    csv = "verksamhetsområde;kostnadsslag;helår;extra\nXX;PERSONAL;1\nVB;NOPE;1\nVB;PERSONAL;tolv\n"
    with pytest.raises(ImportFailed) as failed:
        budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="b.csv", year=2019)
    where = [(p.line, p.column) for p in failed.value.problems]
    assert where == [(1, "extra")]
    csv = "verksamhetsområde;kostnadsslag;helår\nXX;PERSONAL;1\nVB;NOPE;1\nVB;PERSONAL;tolv\n"
    with pytest.raises(ImportFailed) as failed:
        budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="b.csv", year=2019)
    assert [(p.line, p.column) for p in failed.value.problems] == [
        (2, "verksamhetsområde"),
        (3, "kostnadsslag"),
        (4, "helår"),
    ]
    assert not LedgerAmount.objects.exists()


def test_budget_from_excel_with_months(org):
    areas(org.sn)
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Verksamhetsområde",
            "Kostnadsslag",
            "Helår",
            "jan",
            "feb",
            "mar",
            "apr",
            "maj",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ]
    )
    sheet.append(["VB", "PERSONAL", 1200, 200, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50, 50])
    out = BytesIO()
    book.save(out)
    _report, record = budget_import(
        actor=None, committee=org.sn, data=out.getvalue(), filename="budget.xlsx", year=2019
    )
    assert record.budget_total == Decimal("1200.00")
    data = selectors.ledger(org.sn, 2019, 3)
    assert selectors.budget_keeping(data).budget == Decimal("1200.00")
    # Without actuals the period compares nothing (no budget against zero actuals); the months are stored as given.
    assert data.total().budget_period == 0 and data.occasion.actuals_month is None
    first_quarter = LedgerAmount.objects.filter(kind="budget", year=2019, month__lte=3).values_list("amount", flat=True)
    assert sum(first_quarter) == Decimal("400.00")
