"""The portal in a real browser as an anonymous citizen, with axe (WCAG 2.1 AA) on every main page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.conftest import axe_violations
from tests.portal.conftest import CONFIDENTIAL, DRAFT_TEXT, public  # noqa: F401 - the portal's world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_citizen_browses_the_portal(page, live_server, public):  # noqa: F811 - the fixture
    page.goto(f"{live_server.url}{reverse('portal:index')}")
    assert page.locator("h1").inner_text() == "Nämndernas planer och resultat"
    _accessible(page)
    page.click("main a:text('2019')")
    page.wait_for_url(f"**{reverse('portal:committee', args=['SN', 2019])}")
    assert "Uppnås delvis" in page.content()
    _accessible(page)
    page.click("main a:text('Delårsrapport 1 2019')")
    page.wait_for_url(f"**{reverse('portal:report', args=[public.decided.pk])}")
    assert "Nämnden har fastställt delåret." in page.content()
    _accessible(page)
    page.goto(f"{live_server.url}{reverse('portal:measure', args=[public.placed.pk])}")
    assert page.locator("h1").inner_text() == "Placerade barn"
    _accessible(page)
    page.goto(f"{live_server.url}{reverse('portal:search')}?q=barn")
    assert DRAFT_TEXT not in page.content() and CONFIDENTIAL not in page.content()
    _accessible(page)
    for name in ("portal:data", "portal:accessibility"):
        page.goto(f"{live_server.url}{reverse(name)}")
        _accessible(page)


def test_the_language_switch_for_a_citizen(page, live_server, public):  # noqa: F811 - the fixture
    page.goto(f"{live_server.url}{reverse('portal:data')}")
    page.click("footer a:text('English')")
    page.wait_for_url(f"**{reverse('portal:data')}")
    assert page.locator("h1").inner_text() == "Open data"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("footer a:text('Svenska')")
    assert page.locator("h1").inner_text() == "Öppna data"
