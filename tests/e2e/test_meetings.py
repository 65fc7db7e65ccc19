"""A nämndsekreterare builds the agenda of Socialnämnden's meeting of 9 April 2019 in the browser (move with htmx,
postpone to a later meeting); a reader sees the public items only; axe on every meeting page."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from digipuff.core.choices import Role
from digipuff.meetings import meeting_services
from digipuff.meetings.demo_agenda import load_meeting
from digipuff.meetings.models import Meeting
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _check(page, name: str) -> None:
    page.screenshot(path=f"/tmp/meetings-{name}.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_writer_builds_the_agenda_and_a_reader_sees_the_public_part(page, live_server, org, users):
    load_meeting(org.sn)
    meeting = Meeting.objects.get()
    later = meeting_services.meeting_create(
        actor=None,
        committee=org.sn,
        starts_at=datetime(2019, 5, 14, 18, 0, tzinfo=timezone.get_default_timezone()),
        place="Sessionssalen",
    )
    base = f"{live_server.url}/meetings/SN/2019/meetings/"
    sign_in(page, live_server, users[Role.WRITER].username)
    page.goto(base)
    assert page.locator("h1").inner_text().startswith("Sammanträden 2019")
    _check(page, "list")
    page.click("text=Planera sammanträde")
    _check(page, "meeting-form")
    page.goto(f"{base}{meeting.pk}/")
    assert "Sekretessärenden" in page.locator("#agenda").inner_text()
    _check(page, "detail-writer")
    rows = page.locator("#agenda table").first.locator("tbody tr")
    assert "Godkännande av föredragningslistan" in rows.nth(0).inner_text()
    page.click("button:has-text('Flytta ned: Godkännande av föredragningslistan')")
    page.wait_for_selector("#agenda .alert")
    assert "Godkännande av föredragningslistan" in rows.nth(1).inner_text()
    assert "Resultat från medarbetarenkäten" in rows.nth(0).inner_text()
    _check(page, "detail-moved")
    page.click("a:has-text('Bordlägg: Arkitekturstrategi - remissvar')")
    _check(page, "postpone")
    page.select_option("select[name=to_meeting]", str(later.pk))
    page.click("button:text('Spara')")
    page.wait_for_selector("text=Bordlagda och återtagna punkter")
    _check(page, "detail-postponed")
    page.goto(f"{base}{meeting.pk}/items/new/?kind=information")
    _check(page, "item-form")
    page.context.clear_cookies()
    sign_in(page, live_server, users[Role.READER].username)
    page.goto(f"{base}{meeting.pk}/")
    text = page.locator("main").inner_text()
    assert "Sekretessärenden" not in text and "LVU" not in text and "Arkitekturstrategi" in text
    _check(page, "detail-reader")
    page.goto(f"{base}{later.pk}/")
    assert "bordlagd från 2019-04-09" in page.locator("#agenda").inner_text()
