"""A writer searches from the top bar, narrows to one kind and opens a hit; axe on the search pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from digipuff.activities import services as activities
from digipuff.core.choices import Role
from digipuff.integrations.kolada.models import KpiMetadata
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_writer_searches_from_the_top_bar(page, live_server, org, users):
    for n in range(7):
        activities.activity_create(
            actor=None,
            committee=org.sn,
            year=2019,
            title=f"Fler platser i särskilt boende, etapp {n + 1}",
            description="Platserna i vård- och omsorgsboendet i Flemingsberg blir fler under året.",
        )
    KpiMetadata.objects.create(
        id="U23471",
        title="Brukarbedömning helhetssyn, andel (%)",
        description="Andel brukare i särskilt boende som sammantaget är nöjda med sitt boende.",
        operating_area="Äldreomsorg",
        fetched_at=timezone.now(),
    )
    sign_in(page, live_server, users[Role.WRITER].username)
    page.fill("#nav-search", "äldreboendet")
    page.press("#nav-search", "Enter")
    page.wait_for_selector("#results-heading")
    assert page.locator("#results-heading").inner_text() == "8 träffar för ”äldreboendet”"
    assert page.locator("#kind-activities").inner_text().startswith("Aktiviteter")
    assert page.locator("mark").count() > 0
    _check(page, "search-results")
    page.click("text=Visa alla 7 träffar bland Aktiviteter")
    page.wait_for_url("**kind=activities**")
    assert page.locator(".search-hit").count() == 7
    _check(page, "search-kind")
    page.click("text=Fler platser i särskilt boende, etapp 3")
    page.wait_for_selector("h1")
    assert "etapp 3" in page.locator("h1").inner_text()
    page.fill("#nav-search", "x" * 10 + " " + "lss")
    page.press("#nav-search", "Enter")
    page.wait_for_selector("#results-heading")
    assert page.locator("#results-heading").inner_text() == "Inga träffar för ”xxxxxxxxxx lss”."
    _check(page, "search-none")
