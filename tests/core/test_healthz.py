"""The health probe answers without database or session work; cookieless requests write no session row."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session


@pytest.mark.django_db
def test_healthz_touches_no_database_and_creates_no_session(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_cookieless_visit_of_the_login_page_writes_no_session(client, org) -> None:
    response = client.get("/login/?year=2019")
    assert response.status_code == 200
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_users_year_is_remembered(client, org, users) -> None:
    client.force_login(users["reader"])
    client.get("/org/?year=2019")
    assert client.session["digipuff_year"] == 2019
    assert client.get("/org/").context["current_year"] == 2019


@pytest.mark.django_db
def test_healthz_of_a_signed_in_browser_loads_no_session_or_user(client, org, users, django_assert_num_queries) -> None:
    client.force_login(users["writer"])
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies  # no Set-Cookie at all: no session, CSRF or language cookie
    assert "Cookie" not in response.get("Vary", "")
