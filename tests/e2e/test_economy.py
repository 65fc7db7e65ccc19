"""The controller's economy journey in a real browser, with axe (WCAG 2.1 AA) on the overview and forecast pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.fixture
def demo(db):
    from digipuff.economy import demo as economy_demo
    from digipuff.organisation import demo as organisation_demo
    from digipuff.organisation.models import OrgUnit

    organisation_demo.load()
    economy_demo.load_committee(OrgUnit.objects.get(code="SN"))


def test_controller_reads_the_overview_and_enters_a_forecast(page, live_server, demo):
    sign_in(page, live_server, "controller", "digipuff-demo")
    page.goto(f"{live_server.url}/economy/SN/2019/?month=3&unit=mnkr")
    assert page.locator("h1").inner_text() == "Ekonomi 2019, Socialnämnden"
    total = page.locator("#table-by_area tr", has_text="Summa nämnd")
    assert total.locator("td").all_inner_texts()[:5] == ["418,0", "422,9", "-4,9", "3,9", "-1,0"]
    _check(page, "economy-overview")
    page.goto(f"{live_server.url}/economy/SN/2019/forecast/3/")
    _check(page, "economy-forecasts")
    page.click("text=Socialpsykiatri och beroende")
    page.wait_for_url("**/forecast/3/SPB/")
    _check(page, "economy-forecast-edit")
    page.get_by_label("Prognos för Köp av verksamhet, tkr").fill("18 700")
    page.click("button:text('Spara prognos')")
    page.wait_for_url("**/forecast/3/")
    page.goto(f"{live_server.url}/economy/SN/2019/?month=3&unit=mnkr")
    row = page.locator("#table-by_area tr", has_text="Socialpsykiatri och beroende")
    assert row.locator("td").all_inner_texts()[1] == "39,3"


def test_import_page_is_accessible(page, live_server, demo):
    sign_in(page, live_server, "controller", "digipuff-demo")
    page.goto(f"{live_server.url}/economy/SN/2019/import/")
    _check(page, "economy-import")


def test_changing_the_mapping_confirms_what_moves_and_removing_says_what_goes(page, live_server, demo):
    from digipuff.economy.models import CostLine

    sign_in(page, live_server, "controller", "digipuff-demo")
    page.goto(f"{live_server.url}/economy/SN/2019/?month=8&unit=mnkr")
    assert "bara till och med mars 2019" in page.locator("#period-note").inner_text()
    _check(page, "economy-overview-august")
    page.goto(f"{live_server.url}/economy/SN/2019/mapping/")
    _check(page, "economy-mapping")
    line = CostLine.objects.get(year=2019, code="PERSONAL")
    page.click(f"a[href$='/mapping/cost-lines/{line.pk}/']")
    page.wait_for_url(f"**/mapping/cost-lines/{line.pk}/")
    page.get_by_label("Kontointervall").fill("5100-5999")
    page.click("button:text-is('Spara')")
    assert "Bekräfta ändringen av Personal" in page.locator("h1").inner_text()
    assert "5010" in page.locator("#moves").inner_text()
    _check(page, "economy-mapping-confirm")
    page.click("text=Avbryt")
    page.wait_for_url("**/mapping/")
    assert [str(r) for r in line.ranges.all()] == ["5000–5999"]
    page.goto(f"{live_server.url}/economy/SN/2019/mapping/cost-lines/{line.pk}/delete/")
    assert "prognoser tas bort" in page.locator("#consequences").inner_text()
    _check(page, "economy-cost-line-delete")
