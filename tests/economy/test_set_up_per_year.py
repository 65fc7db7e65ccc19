"""The economy set-up belongs to a planning year: carried into the next year, changed there with a confirm step
that shows what moves, removed with a confirmation, and never changing another year's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.economy import selectors, services
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import AccountRange, CostLine, Forecast, LedgerAmount, ObjectRange, OperationArea
from digipuff.organisation.services import year_carry_forward
from tests.economy.helpers import areas, cost, sie


def _figures(committee, year, month):
    """Every value of every table of an occasion, exact kronor."""
    tables = selectors.all_tables(committee, year, month)
    return {key: [(row.code, row.label, dict(row.values)) for row in tables[key].rows] for key in selectors.TABLE_KEYS}


def _controller():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="controller")


def test_the_new_year_gets_a_copy_of_the_set_up_and_changing_it_never_changes_the_old_year(client, demo_economy):
    sn = demo_economy
    before = _figures(sn, 2019, 3)
    assert selectors.budget_keeping(selectors.ledger(sn, 2019, 3)).forecast == Decimal("422900000.00")

    outcome = year_carry_forward(actor=None, committee=sn, from_year=2019, to_year=2020, only=["economy"])
    assert outcome.steps[0].result.created and "12" in outcome.steps[0].result.created[0]
    copies = CostLine.objects.filter(committee=sn, year=2020)
    assert copies.count() == 12 and all(line.carried_from.year == 2019 for line in copies)
    assert OperationArea.objects.filter(committee=sn, year=2020).count() == 6
    assert (
        AccountRange.objects.filter(cost_line__year=2020).count()
        == AccountRange.objects.filter(cost_line__year=2019).count()
    )
    assert ObjectRange.objects.filter(area__year=2020).count() == 6
    # Carrying forward again copies nothing twice.
    again = year_carry_forward(actor=None, committee=sn, from_year=2019, to_year=2020, only=["economy"])
    assert again.steps[0].result.skipped and CostLine.objects.filter(committee=sn, year=2020).count() == 12

    sie_import(
        actor=None, committee=sn, filename="2020.se",
        data=sie([cost("20200110", "5010", "3200", "100"), cost("20200110", "4610", "3200", "50")], year=2020),
    )  # fmt: skip
    client.force_login(_controller())
    personal = CostLine.objects.get(committee=sn, year=2020, code="PERSONAL")
    url = reverse("economy:cost_line_edit", args=["SN", 2020, personal.pk])
    form = {"version": personal.version, "code": "PERSONAL", "name": "Personal", "kind": "cost", "sort_order": 40}

    # The change moves account 5010 out of Personal: the page shows that, in Swedish, and saves nothing yet.
    shown = client.post(url, {**form, "ranges": "5100-5999"})
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Bekräfta" in html and "<code>5010</code>" in html and "Personal" in html and "(inte mappat)" in html
    assert [str(r) for r in personal.ranges.all()] == ["5000–5999"]
    assert LedgerAmount.objects.get(year=2020, account="5010").cost_line == personal

    saved = client.post(url, {**form, "ranges": "5100-5999", "confirm": "1"})
    assert saved.status_code == 302
    assert LedgerAmount.objects.get(year=2020, account="5010").cost_line is None
    assert [g.value for g in selectors.unmapped_accounts(sn, 2020)] == ["5010"]
    # 2019: the same figures to the krona, its own Personal still 5000-5999, the seed's forecast 422,9 mnkr.
    assert _figures(sn, 2019, 3) == before
    assert [str(r) for r in CostLine.objects.get(committee=sn, year=2019, code="PERSONAL").ranges.all()] == [
        "5000–5999"
    ]
    page = client.get(reverse("economy:overview", args=["SN", 2019]) + "?month=3&unit=mnkr").content.decode()
    assert "422,9" in page

    # A confirmation based on an older version is refused as a conflict.
    stale = client.post(url, {**form, "ranges": "5000-5999", "confirm": "1"})
    assert stale.status_code == 409


def test_a_change_that_moves_nothing_is_saved_at_once(client, demo_economy):
    client.force_login(_controller())
    url = reverse("economy:cost_line_new", args=["SN", 2019])
    data = {"version": 1, "code": "FIN", "name": "Finansiella poster", "kind": "cost", "sort_order": 99}
    assert client.post(url, {**data, "ranges": "8900-8999"}).status_code == 302
    assert CostLine.objects.get(committee=demo_economy, year=2019, code="FIN").ranges.get().first == "8900"


def test_removing_a_cost_line_says_what_goes_with_it_and_checks_the_version(client, demo_economy):
    sn = demo_economy
    year_carry_forward(actor=None, committee=sn, from_year=2019, to_year=2020, only=["economy"])
    line = CostLine.objects.get(committee=sn, year=2019, code="PERSONAL")
    assert Forecast.objects.filter(cost_line=line).exists()
    client.force_login(_controller())
    url = reverse("economy:cost_line_delete", args=["SN", 2019, line.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ta bort kostnadsslaget Personal från 2019?" in html and "5000–5999" in html
    forecasts = Forecast.objects.filter(cost_line=line).count()
    assert f"{forecasts} prognoser tas bort" in html and "Andra år behåller" in html

    old = line.version
    services.cost_line_save(
        actor=None, committee=sn, year=2019, cost_line=line, expected_version=old, code=line.code, name=line.name,
        kind=line.kind, sort_order=line.sort_order, ranges=[("5000", "5999")],
    )  # fmt: skip
    entries = LogEntry.objects.count()
    refused = client.post(url, {"version": old})
    assert refused.status_code == 409 and CostLine.objects.filter(pk=line.pk).exists()
    assert LogEntry.objects.count() == entries
    assert client.post(url, {"version": old + 1}).status_code == 302
    assert not CostLine.objects.filter(pk=line.pk).exists()
    assert not Forecast.objects.filter(cost_line_id=line.pk).exists()
    assert LedgerAmount.objects.filter(year=2019, account="5010", cost_line__isnull=True).exists()
    assert CostLine.objects.filter(committee=sn, year=2020, code="PERSONAL").exists()


def test_removing_an_operation_area_names_its_measures(client, demo_economy):
    area = OperationArea.objects.get(committee=demo_economy, year=2019, code="VB")
    client.force_login(_controller())
    url = reverse("economy:area_delete", args=["SN", 2019, area.pk])
    html = client.get(url).content.decode()
    assert "Ta bort verksamhetsområdet Vård och behandling från 2019?" in html and "3200–3299" in html
    assert "åtgärd" in html
    assert client.post(url, {"version": area.version}).status_code == 302
    assert not OperationArea.objects.filter(pk=area.pk).exists()


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ("abc-def", "endast siffror"),
        ("3199-3100", "lika många tecken"),
        ("A100-A199", "endast siffror"),
        ("5500-5599", "Personal"),  # overlaps Personal 5000-5999 of the same year
    ],
)
def test_account_ranges_are_validated(client, org, users, ranges, message):
    areas(org.sn)
    client.force_login(users[Role.CONTROLLER])
    url = reverse("economy:cost_line_new", args=["SN", 2019])
    data = {"version": 1, "code": "NY", "name": "Ny", "kind": "cost", "sort_order": 1, "ranges": ranges}
    response = client.post(url, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not CostLine.objects.filter(code="NY").exists()


def test_ranges_of_another_year_do_not_overlap(client, org, users):
    areas(org.sn)
    client.force_login(users[Role.CONTROLLER])
    url = reverse("economy:cost_line_new", args=["SN", 2020])
    data = {"version": 1, "code": "NY", "name": "Ny", "kind": "cost", "sort_order": 1, "ranges": "5500-5599"}
    assert client.post(url, data).status_code == 302
    assert CostLine.objects.get(code="NY").year == 2020


def test_a_year_without_economy_is_a_swedish_404(client, demo_economy):
    client.force_login(_controller())
    response = client.get(reverse("economy:overview", args=["SN", 1999]))
    assert response.status_code == 404
    assert "1999 är inget planeringsår" in response.content.decode()
    response = client.get(reverse("economy:overview", args=["SN", 2020]))  # a planning year without economy
    assert response.status_code == 404
    assert "har ingen ekonomi för 2020" in response.content.decode()
    assert client.get(reverse("economy:forecasts", args=["SN", 1999, 3])).status_code == 404
    assert client.get(reverse("economy:mapping", args=["SN", 1999])).status_code == 404
    # A planning year not set up yet can be set up and imported into.
    assert client.get(reverse("economy:mapping", args=["SN", 2020])).status_code == 200
    assert client.get(reverse("economy:import", args=["SN", 2020])).status_code == 200
    api = client.get("/api/v1/economy/tables/", {"committee": "SN", "year": 1999, "month": 3})
    assert api.status_code == 404


def test_a_report_of_a_year_without_economy_says_so_instead_of_zeros(demo_economy):
    from digipuff.reports import services as reports
    from digipuff.reports.choices import ReportType
    from digipuff.reports.selectors import build_document

    report = reports.report_create(actor=None, committee=demo_economy, report_type=ReportType.INTERIM_1, year=2020)
    text = repr(build_document(report))
    assert "Socialnämnden har ingen ekonomi för 2020" in text


def test_a_file_for_the_next_year_never_changes_a_year_imported_for_itself(demo_economy):
    sn = demo_economy
    year_carry_forward(actor=None, committee=sn, from_year=2019, to_year=2020, only=["economy"])
    before = _figures(sn, 2019, 3)
    data = sie([cost("20200110", "5010", "3200", "100")], year=2020, extra=["#PSALDO -1 201901 5010 {} 999.00"])
    report, _record = sie_import(actor=None, committee=sn, data=data, filename="2020.se")
    assert any("2019 har en egen importerad huvudbok" in line for line in report.lines)
    assert _figures(sn, 2019, 3) == before
    assert not LedgerAmount.objects.filter(year=2019, amount=Decimal("999.00")).exists()
