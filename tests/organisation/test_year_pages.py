"""The year set-up pages (create a year from another after a dry run; edit the year's report occasions), the year
bar that opens the same page for the chosen year, the 404 of a year that does not exist and the year a user lands on.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.goals.models import Goal
from digipuff.organisation.models import PlanningYear, ReportOccasion
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType
from tests.activities.conftest import SMALL_TREE
from tests.activities.goals import make_goals


@pytest.fixture
def admin(users) -> Client:
    client = Client()
    client.force_login(users["council_admin"])
    return client


@pytest.fixture
def sn_admin(users) -> Client:
    client = Client()
    client.force_login(users[Role.ADMIN])
    return client


@pytest.fixture
def goals_2020(org):
    return make_goals(org.sn, 2020, SMALL_TREE)


def test_the_set_up_page_shows_a_dry_run_then_creates_the_year(org, admin, goals_2020):
    page = admin.get(reverse("organisation:years"))
    assert page.status_code == 200
    assert 'name="year" value="2021"' in page.content.decode()  # the year after the latest is proposed
    preview = admin.post(reverse("organisation:years"), {"year": 2021, "from_year": 2020})
    body = preview.content.decode()
    assert preview.status_code == 200 and "Att skapa 2021 från 2020 skulle skapa" in body
    assert "Målnivåer" in body and "Rapporttillfällen" in body and 'name="confirm" value="True"' in body
    assert not PlanningYear.objects.filter(year=2021).exists()
    created = admin.post(reverse("organisation:years"), {"year": 2021, "from_year": 2020, "confirm": "True"})
    assert created.status_code == 302 and created.url == reverse("organisation:year_occasions", args=[2021])
    assert Goal.objects.filter(year=2021).count() == Goal.objects.filter(year=2020).count() == 12
    shown = admin.get(created.url).content.decode()
    assert "Året 2021 skapades från 2020: rapporttillfällen 4, målnivåer 2, mål 12" in shown
    assert "Delår 1 2021" in shown


def test_the_set_up_page_refuses_in_swedish_and_keeps_the_input(org, admin):
    refused = admin.post(reverse("organisation:years"), {"year": 2020, "from_year": 2019, "confirm": "True"})
    assert refused.status_code == 422
    assert "Året 2020 finns redan." in refused.content.decode()
    skipped = admin.post(reverse("organisation:years"), {"year": 2025, "from_year": 2020})
    assert skipped.status_code == 422 and "2025 är inte 2020 + 1" in skipped.content.decode()


def test_a_committee_administrator_may_not_set_up_years(org, sn_admin):
    assert sn_admin.get(reverse("organisation:years")).status_code == 403
    assert sn_admin.post(reverse("organisation:years"), {"year": 2021, "from_year": 2020}).status_code == 403
    assert not PlanningYear.objects.filter(year=2021).exists()


def test_the_nav_links_the_set_up_page_for_its_administrators_only(org, admin, sn_admin):
    assert reverse("organisation:years") in admin.get(reverse("organisation:tree")).content.decode()
    assert reverse("organisation:years") not in sn_admin.get(reverse("organisation:tree")).content.decode()


def _fields(occasion: ReportOccasion, **changes) -> dict:
    values = {
        "version": occasion.version,
        "name": occasion.name,
        "kind": occasion.kind,
        "period_end": occasion.period_end.isoformat(),
        "deadline": occasion.deadline.isoformat() if occasion.deadline else "",
        **changes,
    }
    return {f"o{occasion.pk}-{key}": value for key, value in values.items()}


def test_occasions_are_edited_with_version_checks(org, admin):
    d1 = ReportOccasion.objects.get(year__year=2020, kind="interim1")
    url = reverse("organisation:year_occasion", args=[2020, d1.pk])
    saved = admin.post(url, _fields(d1, deadline="2020-04-20"))
    assert saved.status_code == 302
    d1.refresh_from_db()
    assert d1.deadline == date(2020, 4, 20) and d1.version == 2
    stale = admin.post(url, _fields(d1, version=1, deadline="2020-04-25"))
    assert stale.status_code == 409 and "sparade en nyare version" in stale.content.decode()
    d1.refresh_from_db()
    assert d1.deadline == date(2020, 4, 20)
    early = admin.post(url, _fields(d1, deadline="2020-03-01"))
    assert early.status_code == 422 and "Sista dagen kan inte ligga före periodens slut." in early.content.decode()
    other_year = admin.post(url, _fields(d1, period_end="2021-03-31"))
    assert other_year.status_code == 422 and "Perioden slutar inom året 2020." in other_year.content.decode()


def test_an_occasion_is_added_and_an_empty_one_removed(org, admin):
    page = reverse("organisation:year_occasions", args=[2020])
    added = admin.post(page, {"new-name": "Månadsuppföljning maj", "new-kind": "other", "new-period_end": "2020-05-31"})
    assert added.status_code == 302
    extra = ReportOccasion.objects.get(name="Månadsuppföljning maj")
    assert extra.year.year == 2020
    removed = admin.post(
        reverse("organisation:year_occasion", args=[2020, extra.pk]), {**_fields(extra), "delete": "1"}
    )
    assert removed.status_code == 302 and not ReportOccasion.objects.filter(pk=extra.pk).exists()


def test_an_occasion_something_was_written_for_is_not_removed(org, admin):
    reports.report_create(actor=None, committee=org.sn, report_type=ReportType.INTERIM_1, year=2020)
    d1 = ReportOccasion.objects.get(year__year=2020, kind="interim1")
    refused = admin.post(reverse("organisation:year_occasion", args=[2020, d1.pk]), {**_fields(d1), "delete": "1"})
    assert refused.status_code == 422
    assert "Delår 1 2020 kan inte tas bort: rapporter har skrivits för det." in refused.content.decode()
    assert ReportOccasion.objects.filter(pk=d1.pk).exists()


# The year bar and the years in the URL ------------------------------------------------------------------------------

YEAR_PAGES = [
    ("economy:overview", "/economy/SN/{year}/"),
    ("goals:thread", "/goals/SN/{year}/"),
    ("activities:overview", "/activities/SN/{year}/"),
    ("internal_control:overview", "/internal-control/SN/{year}/"),
    ("reports:list", "/reports/SN/{year}/"),
]


@pytest.mark.parametrize(("name", "address"), YEAR_PAGES)
def test_the_year_chosen_in_the_bar_opens_the_same_page_for_that_year(org, admin, name, address):
    response = admin.get(address.format(year=2019), {"year": 2020})
    assert response.status_code == 302 and response.url == address.format(year=2020)
    assert reverse(name, kwargs={"code": "SN", "year": 2020}) == response.url


@pytest.mark.parametrize(("name", "address"), YEAR_PAGES)
def test_a_year_that_does_not_exist_is_a_swedish_404(org, admin, name, address):
    response = admin.get(address.format(year=1999))
    assert response.status_code == 404
    assert "1999 är inget planeringsår." in response.content.decode()


def test_a_page_with_more_than_the_year_in_its_url_keeps_the_rest(org, admin):
    response = admin.get("/economy/SN/2019/forecast/3/", {"year": 2020})
    assert response.status_code == 302 and response.url == "/economy/SN/2020/forecast/3/"


def test_a_page_about_an_object_of_a_year_leads_to_its_modules_page_for_the_other_year(org, admin):
    from digipuff.internal_control import services as ic

    risk = ic.risk_create(
        actor=None, committee=org.sn, year=2019, title="Risk", process="Bemanning", probability=2, consequence=2
    )
    response = admin.get(f"/internal-control/SN/2019/risks/{risk.pk}/", {"year": 2020})
    assert response.status_code == 302 and response.url == "/internal-control/SN/2020/"


def test_the_bar_shows_the_year_of_the_page(org, admin):
    admin.get("/", {"year": 2019})
    page = admin.get("/internal-control/SN/2020/").content.decode()
    assert '<option value="2020" selected>' in page
    assert admin.session["digipuff_year"] == 2020


def test_the_start_page_lands_on_the_latest_year_that_has_data(org, users, admin):
    make_goals(org.sn, 2019, SMALL_TREE)  # 2020 exists but holds nothing yet
    admin.get("/")
    assert admin.session["digipuff_year"] == 2019
    make_goals(org.sn, 2020, SMALL_TREE)
    later = Client()
    later.force_login(users[Role.READER])
    later.get("/")
    assert later.session["digipuff_year"] == 2020
