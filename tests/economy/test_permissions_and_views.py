"""Who may do what: only controllers and admins of the committee import and forecast; the pages, API and queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.core.models import TaskRun
from digipuff.economy import services
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import BalanceMeasure, CostLine, Forecast, LedgerImport, OperationArea
from tests.economy.helpers import areas, cost, sie

WRITERS = {Role.ADMIN, Role.CONTROLLER}
DATA = sie([cost("20190110", "5010", "3200", "100")])


def _forecast(org, actor, version=None):
    area = OperationArea.objects.get(code="VB")
    line = CostLine.objects.get(committee=org.sn, code="PERSONAL")
    return services.forecast_set(
        actor=actor, committee=org.sn, year=2019, month=3, area=area, amounts={line.pk: Decimal(5)},
        versions={line.pk: version} if version is not None else None,
    )  # fmt: skip


WRITES = {
    "sie import": lambda org, actor: sie_import(actor=actor, committee=org.sn, data=DATA, filename="l.se"),
    "forecast": _forecast,
    "measure": lambda org, actor: services.measure_save(
        actor=actor,
        measure=BalanceMeasure(committee=org.sn, year=2019, month=3),
        description="Vakanshållning",
        effect=Decimal(1),
    ),
    "mapping": lambda org, actor: services.cost_line_save(
        actor=actor,
        committee=org.sn,
        year=2019,
        code="NY",
        name="Ny",
        kind="cost",
        sort_order=1,
        ranges=[("8800", "8899")],
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("role", [*Role.values, "council_admin", "council_reader", "nobody"])
def test_permission_matrix_for_every_write(org, users, role, write):
    areas(org.sn, org.sn_operation)
    allowed = role in WRITERS or role == "council_admin"
    if allowed:
        WRITES[write](org, users[role])
    else:
        with pytest.raises(PermissionDenied):
            WRITES[write](org, users[role])


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CONTROLLER])
def test_a_committees_controller_cannot_write_for_a_sibling_committee(org, users, role):
    with pytest.raises(PermissionDenied, match="Vård- och omsorgsnämnden"):
        sie_import(actor=users[role], committee=org.von, data=DATA, filename="l.se")


def test_economy_is_kept_per_committee(org):
    with pytest.raises(services.ValidationError):
        sie_import(actor=None, committee=org.sof, data=DATA, filename="l.se")


PAGES = [
    ("economy:overview", {}, False),
    ("economy:forecasts", {"month": 3}, False),
    ("economy:mapping", {}, False),
    ("economy:records", {"month": 3, "kind": "investments"}, False),
    ("economy:import", {}, True),
    ("economy:forecast_edit", {"month": 3, "area": "VB"}, True),
    ("economy:record_new", {"month": 3, "kind": "measures"}, True),
    ("economy:settings", {}, True),
    ("economy:cost_line_new", {}, True),
]


@pytest.mark.parametrize("role", Role.values)
def test_pages_per_role(client, org, users, role):
    areas(org.sn, org.sn_operation)
    client.force_login(users[role])
    for name, kwargs, needs_economy in PAGES:
        url = reverse(name, kwargs={"code": "SN", "year": 2019, **kwargs})
        expected = 200 if not needs_economy or role in WRITERS else 403
        assert client.get(url).status_code == expected, (name, role)
        assert client.get(url.replace("/SN/", "/VON/")).status_code in {403, 404}, name
    assert client.get(reverse("economy:overview", kwargs={"code": "NOPE", "year": 2019})).status_code == 404


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(reverse("economy:overview", kwargs={"code": "SN", "year": 2019}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_upload_page_imports_and_shows_every_problem(client, org, users, settings):
    areas(org.sn)
    client.force_login(users[Role.CONTROLLER])
    url = reverse("economy:import", kwargs={"code": "SN", "year": 2019})
    # Each upload runs as a background task (at once in the tests); the answer is the task's status page.
    response = client.post(url, {"kind": "sie", "sie-file": SimpleUploadedFile("ledger.se", DATA)}, follow=True)
    run = TaskRun.objects.latest("created_at")
    assert response.redirect_chain == [(reverse("core:task", args=[run.pk]), 302)]
    assert run.status == TaskRun.Status.SUCCEEDED and run.unit == org.sn
    assert "Filen ledger.se har importerats" in response.content.decode()
    assert LedgerImport.objects.get().imported_by == users[Role.CONTROLLER]
    broken = DATA.replace(b'#TRANS 5010 {1 "3200"} 100', b'#TRANS 5010 {1 "3200"} 1OO') + b"#TRANS 1 {} 1\n"
    response = client.post(url, {"kind": "sie", "sie-file": SimpleUploadedFile("broken.se", broken)}, follow=True)
    assert TaskRun.objects.latest("created_at").status == TaskRun.Status.FAILED
    html = response.content.decode()
    assert "Ingenting importerades" in html and "broken.se:rad" in html.replace(" ", "")
    assert LedgerImport.objects.count() == 1
    response = client.post(
        url,
        {
            "kind": "budget",
            "budget-dry_run": "on",
            "budget-file": SimpleUploadedFile("b.csv", b"objekt;konto;helar\n3200;5010;1200\n"),
        },
        follow=True,
    )
    assert TaskRun.objects.latest("created_at").status == TaskRun.Status.SUCCEEDED
    assert response.status_code == 200 and LedgerImport.objects.count() == 1
    # Too big is refused at once, on the forms, and nothing is queued.
    settings.DIGIPUFF_IMPORT_SIE_MAX_BYTES = 10
    response = client.post(url, {"kind": "sie", "sie-file": SimpleUploadedFile("ledger.se", DATA)})
    assert response.status_code == 422 and TaskRun.objects.count() == 3


def test_forecast_form_saves_and_refuses_a_lost_update(client, org, users):
    areas(org.sn, org.sn_operation)
    sie_import(actor=None, committee=org.sn, data=DATA, filename="l.se")
    line = CostLine.objects.get(committee=org.sn, code="PERSONAL")
    revenue = CostLine.objects.get(committee=org.sn, code="TAXOR")
    client.force_login(users[Role.CONTROLLER])
    url = reverse("economy:forecast_edit", kwargs={"code": "SN", "year": 2019, "month": 3, "area": "VB"})
    page = client.get(url).content.decode()
    assert "Riktpunkt" in page and "Utfall hittills" in page
    data = {f"v_{pk}": 0 for pk in CostLine.objects.values_list("pk", flat=True)}
    response = client.post(url, {**data, f"f_{line.pk}": "1 234,5", f"f_{revenue.pk}": "10"})
    assert response.status_code == 302
    assert Forecast.objects.get(cost_line=line).amount == Decimal("1234500.00")
    assert Forecast.objects.get(cost_line=revenue).amount == Decimal("-10000.00")  # revenues stored negative
    # Someone else saved meanwhile: the form based on version 1 is refused and nothing changes.
    _forecast(org, users[Role.ADMIN], version=1)
    response = client.post(url, {**data, f"v_{line.pk}": 1, f"f_{line.pk}": "99"})
    assert response.status_code == 409
    assert "sparade en nyare version" in response.content.decode()
    assert Forecast.objects.get(cost_line=line).amount == Decimal("5")


def test_overview_query_count_is_bounded(client, demo_economy, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="controller"))
    url = reverse("economy:overview", kwargs={"code": "SN", "year": 2019}) + "?month=3"
    client.get(url)
    with django_assert_max_num_queries(25):  # the year check, the actuals coverage and the suppression threshold
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Summa exklusive flyktingmottagande" in html and "-0,2 %" in html
    assert "418 000" in html  # tkr
    mnkr = client.get(url + "&unit=mnkr").content.decode()
    assert "422,9" in mnkr and "-23,3" in mnkr


def test_excel_download_and_api(client, demo_economy):
    import io

    from django.contrib.auth import get_user_model
    from openpyxl import load_workbook

    client.force_login(get_user_model().objects.get(username="skribent"))
    response = client.get(
        reverse("economy:export", kwargs={"code": "SN", "year": 2019, "table": "by_area"}) + "?month=3"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Vård och behandling")
    assert values[1] == pytest.approx(340200.0)
    api = client.get("/api/v1/economy/tables/?committee=SN&year=2019&month=3&table=by_area").json()
    total = next(row for row in api["rows"] if row["code"] == "TOTAL")
    assert total["values"]["deviation_after_measures"] == "-1000000.00"
    assert (
        len(
            client.get("/api/v1/economy/imports/?committee=SN").json()["results"]
            if isinstance(client.get("/api/v1/economy/imports/?committee=SN").json(), dict)
            else client.get("/api/v1/economy/imports/?committee=SN").json()
        )
        == 2
    )
    client.force_login(get_user_model().objects.get(username="von.skribent"))
    assert client.get("/api/v1/economy/tables/?committee=SN&year=2019&month=3").status_code == 403
    assert client.get("/api/v1/economy/imports/").json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )


def test_an_amount_with_more_digits_than_any_budget_is_refused_in_swedish(client, org, users):
    # Hypothesis found it: thirty nines made rounding itself fail (decimal.InvalidOperation) and the page a 500.
    areas(org.sn, org.sn_operation)
    client.force_login(users[Role.CONTROLLER])
    url = reverse("economy:record_new", kwargs={"code": "SN", "year": 2019, "month": 3, "kind": "measures"})
    response = client.post(url, {"description": "Vakanshållning", "effect": "9" * 30, "version": 0})
    assert response.status_code == 422  # the form again, with its problem
    assert "Beloppet är för stort." in response.content.decode()


def test_the_unit_page_links_economy_only_where_a_page_answers(client, org, users):
    # The QA crawl found "Ekonomi" on every committee's page, a 404 where nothing is kept for the year.
    areas(org.sn, org.sn_operation)
    overview = 'href="{}"'.format(reverse("economy:overview", kwargs={"code": "VON", "year": 2019}))
    set_up_url = reverse("economy:import", kwargs={"code": "VON", "year": 2019})
    set_up = f'href="{set_up_url}"'
    client.force_login(users["council_reader"])
    page = client.get("/org/VON/?year=2019").content.decode()
    assert "Vård- och omsorgsnämnden" in page and overview not in page and set_up not in page
    assert (
        reverse("economy:overview", kwargs={"code": "SN", "year": 2019})
        in client.get("/org/SN/?year=2019").content.decode()
    )
    client.force_login(users["council_admin"])
    page = client.get("/org/VON/?year=2019").content.decode()
    assert overview not in page and set_up in page
    # The set-up page of a year without figures offers no tabs to pages of figures (each would be a 404).
    page = client.get(set_up_url).content.decode()
    assert overview not in page and reverse("economy:mapping", kwargs={"code": "VON", "year": 2019}) in page
