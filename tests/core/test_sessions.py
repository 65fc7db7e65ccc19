"""Requests without a session cookie write no session row: the health probe, anonymous visits, token API calls."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from tests.factories import api_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/healthz", "/login/", "/login/?year=abc", "/", "/org/", "/api/v1/", "/api/v1/org-units/", "/no-such-page/"],
)
def test_an_anonymous_request_writes_no_session(client, org, path):
    response = client.get(path)
    assert response.status_code < 500
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/org-units/", "/api/v1/years/2019/", "/api/v1/org-units/?year=2019"])
def test_a_token_api_call_writes_no_session(client, org, users, path):
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {api_token(users['council_admin'], scopes=['read'])}")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
