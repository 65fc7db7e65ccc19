"""The council's administrator adds a goal and a measure through DigiPUFF's own pages (no admin); axe on each."""

from __future__ import annotations

import pytest
from django.utils import timezone

from digipuff.goals import services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import Goal
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada.models import KpiMetadata
from tests.e2e.conftest import axe_violations, sign_in
from tests.e2e.test_csp import LISTEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _clean(page) -> None:
    assert page.evaluate("window.__csp") == []  # nothing the Content-Security-Policy refused
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_an_administrator_adds_a_goal_and_a_measure(page, live_server, org, users):
    top = services.goal_level_set(actor=None, year=2019, depth=0, name="Målområde", owner=LevelOwner.COUNCIL)
    services.goal_level_set(actor=None, year=2019, depth=1, name="Nämndmål", owner=LevelOwner.COMMITTEE)
    area = services.goal_create(actor=None, level=top, title="God omsorg för individen")
    services.goal_create(actor=None, level=top, title="Sund ekonomi", sort_order=1)
    KpiMetadata.objects.create(
        id="U28532",
        title="Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)",
        description="Andel brukare som är nöjda med hemtjänsten.",
        search_text=KpiMetadata.fold("U28532", "Brukarbedömning hemtjänst äldreomsorg helhetssyn"),
        fetched_at=timezone.now(),
    )
    page.add_init_script(LISTEN)
    sign_in(page, live_server, users["council_admin"].username)
    page.goto(f"{live_server.url}/goals/SN/2019/setup/")
    assert page.locator("h1").inner_text().startswith("Sätt upp mål 2019")
    _clean(page)

    # Reorder in place (htmx swaps the tree).
    page.locator("#goal-tree li", has_text="Sund ekonomi").get_by_role("button", name="Flytta upp").click()
    page.wait_for_selector("#goal-tree .alert")
    assert page.locator("#goal-tree > ul > li > div > strong").first.inner_text() == "Sund ekonomi"

    # Add the committee's own goal under a goal area.
    page.locator(f"#goal-{area.pk}").get_by_role("link", name="Lägg till mål under").first.click()
    page.wait_for_url("**/setup/new/*")
    _clean(page)
    page.fill("#id_title", "Kortare väntetider")
    page.fill("#id_code", "3.1")
    page.click("form.digipuff-form button[type=submit]")
    page.wait_for_url("**/goals/SN/2019/setup/#goal-*")
    own = Goal.objects.get(title="Kortare väntetider")
    assert (own.owner_id, own.parent_id, own.code) == (org.sn.pk, area.pk, "3.1")
    assert page.locator(f"#goal-{own.pk}").is_visible()

    # Define a measure for it, with its Kolada KPI found in the catalogue.
    page.click("a:text('Nytt mått')")
    page.wait_for_url("**/indicators/SN/2019/measures/new/")
    _clean(page)
    page.fill("#kpi-pick-q", "hemtjänst")
    page.wait_for_selector("[data-kpi-id='U28532']")
    _clean(page)
    page.click("[data-kpi-id='U28532']")
    assert page.input_value("#id_source_id") == "U28532"
    assert page.input_value("#id_source") == "kolada"
    page.fill("#id_name", "Nöjdhet med hemtjänsten")
    page.select_option("#id_direction", "higher")
    page.select_option("#id_periodicity", "year")
    page.get_by_label("3.1 Kortare väntetider").check()
    page.click("form.digipuff-form button[type=submit]")
    page.wait_for_url("**/indicators/measures/*/")
    measure = Measure.objects.get(name="Nöjdhet med hemtjänsten")
    assert (measure.source, measure.source_id, measure.description) == (
        "kolada",
        "U28532",
        "Andel brukare som är nöjda med hemtjänsten.",
    )
    assert [cg.goal for cg in measure.goals.all()] == [own]
    assert page.locator("h1").inner_text() == "Nöjdhet med hemtjänsten"
    _clean(page)
