"""Deleting in a real browser, with axe on the confirmation and on the unit's history of deletions."""

from __future__ import annotations

import pytest

from digipuff.activities import services as activities
from digipuff.core.choices import Role
from digipuff.organisation.models import ReportOccasion
from tests.activities.conftest import status
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_admin_deletes_an_activity_after_the_confirmation_and_finds_it_in_the_history(page, live_server, org, users):
    activity = activities.activity_create(
        actor=None, committee=org.sn, year=2019, title="IPS för unga vuxna", owner_unit=org.sn
    )
    activities.follow_up_set(
        actor=None, item=activity, occasion=ReportOccasion.objects.get(year__year=2019, kind="interim1"),
        status=status("klart"), comment="Klart", expected_version=0,
    )  # fmt: skip
    sign_in(page, live_server, users[Role.ADMIN].username)
    page.goto(f"{live_server.url}/activities/SN/2019/activities/{activity.pk}/")
    page.click("text=Ta bort aktiviteten")
    page.wait_for_url(f"**/activities/{activity.pk}/delete/")
    assert "1 uppföljning av aktivitet tas också bort." in page.content()
    _accessible(page)
    page.click("button:text('Ta bort')")
    page.wait_for_url(f"{live_server.url}/activities/SN/2019/")
    assert "har tagits bort" in page.content()
    page.goto(f"{live_server.url}/org/SN/deleted/")
    assert "IPS för unga vuxna" in page.content()
    _accessible(page)
