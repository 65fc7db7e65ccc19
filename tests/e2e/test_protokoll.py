"""The nämndsekreterare writes the protokoll in the browser, records a decision and the administrator justerar it; axe
on the protokoll page (draft and justerat), its forms, the delegation decisions and the non-executed report."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import timezone

from digipuff.core.choices import Role
from digipuff.meetings import meeting_services
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_protokoll_is_written_decided_and_justerat(page, live_server, org, users):
    meeting = meeting_services.meeting_create(
        actor=None,
        committee=org.sn,
        starts_at=datetime(2019, 4, 9, 18, 0, tzinfo=timezone.get_default_timezone()),
        place="Sessionssalen",
        chair_name="Eva Carlsson-Paulsén",
        secretary_name="Lars Axelsson",
        signed_place="Huddinge",
        signed_on=date(2019, 3, 22),
    )
    meeting_services.agenda_item_add(
        actor=None, meeting=meeting, kind="standard", title="Godkännande av föredragningslistan"
    )
    base = f"{live_server.url}/meetings/SN/2019/meetings/{meeting.pk}/"
    sign_in(page, live_server, users[Role.ADMIN].username)
    page.goto(base + "protokoll/")
    _check(page, "protokoll-none")
    page.click("text=Påbörja protokollet")
    _check(page, "protokoll-form")
    page.fill("textarea[name=members]", "Eva Carlsson-Paulsén (M), ordförande\nJan-Olof Bodén (MP)")
    page.fill("input[name=adjusters]", "Jan-Olof Bodén (MP)")
    page.fill("input[name=adjusted_on]", "2019-04-15")
    page.fill("input[name=posted_on]", "2019-04-16")
    page.click("button:text('Spara')")
    page.wait_for_selector("h3:text('§ 1 Godkännande av föredragningslistan')")
    _check(page, "protokoll-draft")
    page.click("text=För in beslutet i § 1")
    _check(page, "protokoll-decision-form")
    page.fill("textarea[name=decision]", "Föredragningslistan godkänns.")
    page.click("button:text('Spara')")
    page.wait_for_selector("text=Föredragningslistan godkänns.")
    page.click("button:text('Justera och lås')")
    page.wait_for_selector("text=Kontrollsumma (SHA-256)")
    assert "2019-05-07" in page.locator("#notice-heading + p + dl").inner_text()
    _check(page, "protokoll-justerat")
    page.goto(base + "delegationsbeslut/")
    _check(page, "delegation-list")
    page.goto(f"{live_server.url}/meetings/SN/2019/ej-verkstallda/")
    _check(page, "non-executed")
