"""A unit's plan and the committee's roll-up per unit in a real browser, with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from digipuff.core.choices import Role
from tests.activities.conftest import goals, plan  # noqa: F401
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_from_the_committee_to_a_units_plan(page, live_server, org, users, plan):  # noqa: F811
    sign_in(page, live_server, users[Role.READER].username)
    page.goto(f"{live_server.url}/activities/SN/2019/")
    _accessible(page)
    page.click("#units-heading ~ div a:text('Vård och behandling')")
    page.wait_for_url("**/activities/SN-VB/2019/unit-plan/**")
    assert "IPS-metoden för unga vuxna" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/kolada2-unit-plan.png", full_page=True)
    _accessible(page)
