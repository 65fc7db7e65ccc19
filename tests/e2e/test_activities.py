"""A writer follows up an activity in place at Delår 1 and reads the internal control plan; axe on every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from digipuff.core.choices import Role
from digipuff.internal_control import services as ic
from tests.activities.conftest import goals, occasion, plan  # noqa: F401
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_writer_follows_up_an_activity_in_place(page, live_server, org, users, plan):  # noqa: F811
    d1 = occasion(2019, "Delår 1")
    risk = ic.risk_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Brist på lokaler",
        process="Lokaler",
        probability=3,
        consequence=4,
    )
    ic.risk_action_create(actor=None, risk=risk, title="Långsiktig lokalplanering", owner_unit=org.sof)
    sign_in(page, live_server, users[Role.WRITER].username)
    page.goto(f"{live_server.url}/activities/SN/2019/?occasion={d1.pk}")
    assert page.locator("h1").inner_text().startswith("Åtaganden och aktiviteter 2019")
    _check(page, "activities-overview")
    cell = f"#fu-activity-{plan.activity.pk}"
    page.click(f"{cell} >> text=Skriv uppföljning")
    page.wait_for_selector(f"{cell} form")
    _check(page, "activities-follow-up-form")
    page.select_option(f"{cell} select", label="Troligen klart i år")
    page.fill(f"{cell} textarea", "Det är kö till insatsen.")
    page.click(f"{cell} >> button:text('Spara')")
    page.wait_for_selector(f"{cell} >> text=Det är kö till insatsen.")
    assert "Troligen klart i år" in page.locator(cell).inner_text()
    page.goto(f"{live_server.url}/activities/SN/2019/activities/{plan.activity.pk}/")
    assert "Det är kö till insatsen." in page.content()
    _check(page, "activity-detail")
    page.goto(f"{live_server.url}/internal-control/SN/2019/?occasion={d1.pk}")
    assert page.locator("h1").inner_text().startswith("Intern kontroll 2019")
    assert page.locator("table.risk-matrix caption").inner_text().startswith("Risker efter sannolikhet")
    _check(page, "internal-control-overview")
