"""The main journeys in a real browser, with axe (WCAG 2.1 AA) on every page they pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from digipuff.core.choices import Role
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_login_page_is_accessible(page, live_server, org):
    page.goto(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "Logga in i DigiPUFF"
    _check(page, "login")


def test_writer_journey_start_org_unit(page, live_server, org, users):
    sign_in(page, live_server, users[Role.WRITER].username)
    assert "Enheter du arbetar i" in page.content()
    _check(page, "start")
    page.click("text=Organisation >> nth=0")
    page.wait_for_url("**/org/")
    assert page.locator("h1").inner_text().startswith("Organisation")
    _check(page, "org")
    page.click("main a:text('Socialnämnden')")
    assert page.locator("h1").inner_text() == "Socialnämnden"
    _check(page, "unit")


def test_admin_adds_a_role_with_htmx_and_edits_a_unit(page, live_server, org, users):
    sign_in(page, live_server, users[Role.ADMIN].username)
    page.goto(f"{live_server.url}/org/SN/")
    page.fill("#id_username", "nobody")
    page.select_option("#id_role", "reader")
    page.click("text=Lägg till roll")
    page.wait_for_selector("#roles-panel >> text=nobody")
    _check(page, "unit-admin")
    page.goto(f"{live_server.url}/org/SN-VB/edit/")
    _check(page, "unit-edit")
    page.fill("#id_name", "Vård och behandling IFO")
    page.click("button:text('Spara')")
    page.wait_for_url(f"{live_server.url}/org/SN-VB/")
    assert page.locator("h1").inner_text() == "Vård och behandling IFO"


def test_skip_link_moves_focus_to_the_content(page, live_server, org, users):
    sign_in(page, live_server, users[Role.READER].username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
