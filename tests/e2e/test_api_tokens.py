"""The API token page in a real browser: a user makes a token, sees its secret once, uses it, and revokes it; the
page is accessible (axe) in every state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from digipuff.core.choices import Role
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _axe_clean(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_user_makes_a_token_sees_it_once_and_revokes_it(page, live_server, org, users):
    writer = users[Role.WRITER]
    sign_in(page, live_server, writer.username)
    page.get_by_role("link", name="API-nycklar").click()
    page.wait_for_selector("h1:has-text('API-nycklar')")
    assert "Du har inga API-nycklar." in page.content()
    _axe_clean(page)
    page.get_by_label("Namn").fill("Statistiksystemet")
    page.get_by_label("Läsa").check()
    page.get_by_label("Skriva måttvärden").check()
    page.get_by_label("Giltig till och med").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Skapa nyckel").click()
    page.wait_for_selector("text=Kopiera nyckeln nu")
    secret = page.get_by_label("Nyckel", exact=True).input_value()
    assert secret.startswith("dp_")
    page.screenshot(path="/tmp/tokens-created.png", full_page=True)
    _axe_clean(page)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/org-units/").status_code == 200
    page.reload()
    assert secret not in page.content()
    page.get_by_role("button", name="Återkalla Statistiksystemet").click()
    page.wait_for_selector("text=API-nyckeln Statistiksystemet återkallades.")
    page.screenshot(path="/tmp/tokens-revoked.png", full_page=True)
    _axe_clean(page)
    assert api.get("/api/v1/org-units/").status_code == 401
