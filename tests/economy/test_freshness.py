"""Every figure says how fresh it is: the economy tables state the last month of the actuals and the day of the
latest ledger import, on the page and in reports (the tables' notes)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from digipuff.economy.models import LedgerImport

LINE = "Utfall t.o.m. mars 2019, bokfört per 2019-04-08."


def test_tables_state_actuals_month_and_import_date(client, demo_economy):
    imports = LedgerImport.objects.filter(committee=demo_economy, year=2019, source="sie")
    assert imports.exists()
    imports.update(imported_at=datetime(2019, 4, 1, 8, tzinfo=UTC))
    imports.filter(pk=imports.order_by("pk").last().pk).update(imported_at=datetime(2019, 4, 8, 8, tzinfo=UTC))
    client.force_login(get_user_model().objects.get(username="controller"))
    page = client.get(reverse("economy:overview", args=["SN", 2019]) + "?month=3").content.decode()
    assert page.count(LINE) >= 3  # under the statement per area, per cost line and the income statement


def test_no_import_date_before_any_ledger_import(client, demo_economy):
    LedgerImport.objects.filter(committee=demo_economy, year=2019, source="sie").delete()
    client.force_login(get_user_model().objects.get(username="controller"))
    page = client.get(reverse("economy:overview", args=["SN", 2019]) + "?month=3").content.decode()
    assert "bokfört per" not in page
