"""The Kolada KPI search page in a real browser, with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from digipuff.core.choices import Role
from digipuff.integrations.kolada import sync
from digipuff.integrations.kolada.demo import offline_client
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_kpi_search_finds_and_shows_definition(page, live_server, org, users):
    with offline_client() as client:
        sync.catalogue_refresh(client=client)
    sign_in(page, live_server, users[Role.READER].username)
    page.goto(f"{live_server.url}/kolada/kpi/")
    assert page.locator("h1").inner_text() == "Nyckeltal i Kolada"
    _assert_accessible(page)
    page.fill("#kpi-q", "särskilt boende")
    page.click("main button:text('Sök')")  # the top bar has a Sök button too
    # Before the search the list shows every KPI; wait for the filtered list, not just for U23471.
    # (A locator assertion, not wait_for_function: a string predicate is eval, which the CSP rightly refuses.)
    expect(page.locator("#kpi-results")).not_to_contain_text("U21468", timeout=15_000)
    assert "U23471" in page.locator("#kpi-results").inner_text()
    _assert_accessible(page)
    page.click("#kpi-results a[href$='/kolada/kpi/U23471/'] >> nth=0")
    page.wait_for_url("**/kolada/kpi/U23471/")
    assert "Socialstyrelsens undersökning" in page.content()
    assert "Källa: Kolada, hämtad" in page.content()
    _assert_accessible(page)
