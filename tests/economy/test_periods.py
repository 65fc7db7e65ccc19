"""Periods that tell the truth: every table's period runs to the last month the actuals cover, and a later month
asked for says so and compares the budget and last year of the same months (never the 176 mnkr "favourable"
deviation of the January–August budget against January–March actuals)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from digipuff.economy import selectors
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType


def test_the_august_view_with_actuals_up_to_march_compares_january_to_march(client, demo_economy):
    sn = demo_economy
    march, august = selectors.all_tables(sn, 2019, 3), selectors.all_tables(sn, 2019, 8)
    assert august["occasion"].actuals_month == 3 and august["occasion"].period_month == 3
    for key in ("by_area", "by_cost_line", "income_statement"):
        for row_march, row_august in zip(march[key].rows, august[key].rows, strict=True):
            if row_march.code in ("FORECAST", "BALANCED", "UB"):  # the full-year forecast is per occasion
                continue
            for column in ("budget_period", "actual_period", "deviation_period", "previous_period", "actual"):
                assert row_march.values.get(column) == row_august.values.get(column), (key, row_march.code, column)
    total = august["by_area"]
    assert total.value("TOTAL", "budget_period") == Decimal("100800000.00")
    assert total.value("TOTAL", "deviation_period") == Decimal("-152000.00")  # the seed's -0,2 mnkr, not +176
    assert august["budget_keeping"].riktpunkt == Decimal("0.25")
    assert "januari–mars" in august["income_statement"].title.lower() or "mars" in august["income_statement"].title
    note = "Utfall finns importerat bara till och med mars 2019, inte till och med augusti"
    assert any(note in n for n in total.notes)
    assert not march["by_area"].notes or all("Utfall finns" not in n for n in march["by_area"].notes)

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="controller"))
    page = client.get(reverse("economy:overview", args=["SN", 2019]) + "?month=8&unit=mnkr").content.decode()
    assert note in page and 'id="period-note"' in page
    assert "176" not in page
    forecasts = client.get(reverse("economy:forecasts", args=["SN", 2019, 8])).content.decode()
    assert note in forecasts


def test_a_delarsrapport_2_says_where_the_actuals_end(demo_economy):
    from digipuff.reports.selectors import build_document

    report = reports.report_create(actor=None, committee=demo_economy, report_type=ReportType.INTERIM_2, year=2019)
    text = repr(build_document(report))
    assert "Utfall finns importerat bara till och med mars 2019" in text
