"""A nämndsekreterare registers a case in the browser and moves it on; axe on the list, form and detail pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from digipuff.core.choices import Role
from digipuff.meetings import services
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_writer_registers_a_case_and_moves_it_on(page, live_server, org, users):
    services.case_register(actor=None, committee=org.sn, year=2019, title="Underlag inför Mål och budget", number=148)
    sign_in(page, live_server, users[Role.WRITER].username)
    page.goto(f"{live_server.url}/meetings/SN/2019/cases/")
    assert page.locator("h1").inner_text().startswith("Ärenden 2019")
    _check(page, "case-list")
    page.click("text=Registrera ärende")
    _check(page, "case-form")
    page.fill("input[name=title]", "Reviderad verksamhetsplan 2019 för socialnämnden")
    page.fill("input[name=officer_name]", "Linn Byström")
    page.click("button:text('Spara')")
    page.wait_for_selector("h1:text('SN-2019/149')")
    _check(page, "case-detail")
    page.click("button:text('Flytta till')")
    page.wait_for_selector("dd:text('Under beredning')")
    assert "Under beredning" in page.locator("#events-heading + table").inner_text()
    assert page.locator("button:text('Flytta till')").inner_text() == "Flytta till ”Beslutat”"
    _check(page, "case-detail-preparing")
