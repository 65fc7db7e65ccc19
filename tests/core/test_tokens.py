"""API tokens: stored hashed and shown once, scoped, expiring and revocable; the page and the command that manage
them; every API call with a token still answers through the policy."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from digipuff.core import audit
from digipuff.core.models import ApiToken
from tests.factories import api_token, make_measure

pytestmark = pytest.mark.django_db

PAGE = "/account/api-tokens/"


def bearer(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_only_a_hash_of_the_secret_is_stored(users):
    secret = api_token(users["writer"], scopes=["read"])
    token = ApiToken.objects.get()
    assert secret.startswith("dp_") and len(secret) > 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:11]
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert secret not in stored


def test_the_page_shows_a_new_token_once_and_then_only_its_beginning(client, users, django_assert_max_num_queries):
    client.force_login(users["writer"])
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {"name": "Statistiksystemet", "scopes": ["read", "write_values"], "expires": expires}
    response = client.post(PAGE, data)
    assert response.status_code == 302
    token = ApiToken.objects.get(user=users["writer"])
    with django_assert_max_num_queries(12):
        response = client.get(PAGE)
    secret = response.context["new"].secret
    assert hashlib.sha256(secret.encode()).hexdigest() == token.key_hash
    html = response.content.decode()
    assert secret in html
    assert "Kopiera nyckeln nu" in html
    assert token.scopes == ["read", "write_values"]
    again = client.get(PAGE).content.decode()
    assert secret not in again
    assert token.prefix in again and "Statistiksystemet" in again and "Skriva måttvärden" in again
    assert ApiToken.objects.count() == 1
    from django.contrib.sessions.models import Session

    assert all(secret not in str(s.get_decoded()) for s in Session.objects.all())


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scopes": ["read"], "expires": "+400"}, "expires", "högst ett år"),
        ({"scopes": ["read"], "expires": "-1"}, "expires", "efter i dag"),
        ({"scopes": [], "expires": "+10"}, "scopes", "Det här fältet är obligatoriskt."),
        ({"scopes": ["everything"], "expires": "+10"}, "scopes", "Välj ett giltigt alternativ"),
    ],
)
def test_a_token_needs_scopes_and_an_expiry_within_a_year(client, users, data, field, message):
    client.force_login(users["writer"])
    days = int(data["expires"])
    post = {"name": "X", "scopes": data["scopes"], "expires": (timezone.localdate() + timedelta(days=days)).isoformat()}
    response = client.post(PAGE, post)
    assert response.status_code == 422
    assert any(message in error for error in response.context["form"].errors[field])
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token_and_it_is_refused_from_then_on(client, org, users):
    secret = api_token(users["writer"], scopes=["read"])
    assert bearer(secret).get("/api/v1/org-units/").status_code == 200
    token = ApiToken.objects.get()
    client.force_login(users["writer"])
    response = client.post(PAGE, {"revoke": token.pk}, follow=True)
    assert "återkallades" in response.content.decode()
    made, revoked = audit.history(token).order_by("timestamp", "pk")
    assert (made.actor, revoked.actor) == (users["writer"], users["writer"])
    assert "key_hash" not in made.changes_dict and "revoked_at" in revoked.changes_dict
    response = bearer(secret).get("/api/v1/org-units/")
    assert response.status_code == 401
    assert response.json() == {"detail": "API-nyckeln har återkallats."}
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_nobody_revokes_another_users_token(client, org, users):
    secret = api_token(users["writer"], scopes=["read"])
    client.force_login(users["council_admin"])
    response = client.post(PAGE, {"revoke": ApiToken.objects.get().pk}, follow=True)
    assert "Du har ingen sådan API-nyckel." in response.content.decode()
    assert ApiToken.objects.get().revoked_at is None
    assert bearer(secret).get("/api/v1/org-units/").status_code == 200


def test_an_expired_token_is_refused(org, users):
    secret = api_token(users["writer"], scopes=["read"])
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = bearer(secret).get("/api/v1/org-units/")
    assert (response.status_code, response.json()) == (401, {"detail": "API-nyckeln har gått ut."})


@pytest.mark.parametrize("header", ["Bearer dp_nothing", "Bearer dp_", "Bearer abc", "Bearer", "Bearer a b"])
def test_an_unknown_or_malformed_token_is_refused(org, users, header):
    api_token(users["writer"], scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/org-units/")
    assert response.status_code == 401
    assert "API-nyckel" in response.json()["detail"]


def test_an_inactive_users_token_is_refused(org, users):
    secret = api_token(users["writer"], scopes=["read"])
    users["writer"].is_active = False
    users["writer"].save()
    assert bearer(secret).get("/api/v1/org-units/").status_code == 401


def test_without_a_token_or_session_the_api_still_answers_403(org):
    assert APIClient().get("/api/v1/org-units/").status_code == 403


def test_a_read_token_cannot_write(org, users):
    measure = make_measure(org.sn)
    response = bearer(api_token(users["writer"], scopes=["read"])).post(
        "/api/v1/values/batch/", {"rows": [{"measure": measure.pk, "year": 2019, "value": "5"}]}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "API-nyckeln saknar den behörighet som begäran kräver: Skriva måttvärden."
    assert not measure.values.exists()


def test_a_write_token_for_one_kind_cannot_write_another_or_read(org, users):
    client = bearer(api_token(users["council_admin"], scopes=["write_statuses"]))
    response = client.post("/api/v1/forecasts/batch/", {"rows": []}, format="json")
    assert response.status_code == 403
    assert "Skriva prognoser" in response.json()["detail"]
    assert client.get("/api/v1/org-units/").status_code == 403


def test_scopes_restrict_but_roles_decide(org, users):
    """A token with every scope reaches no more than its user's roles: a reader cannot write values with it."""
    measure = make_measure(org.sn)
    response = bearer(api_token(users["reader"])).post(
        "/api/v1/values/batch/", {"rows": [{"measure": measure.pk, "year": 2019, "value": "5"}]}, format="json"
    )
    assert response.status_code == 403
    assert not measure.values.exists()
    rows = bearer(api_token(users["reader"])).get("/api/v1/org-units/").json()["results"]
    assert {row["code"] for row in rows} == {"SN", "SOF", "SN-VB"}


def test_a_token_records_when_it_was_last_used(org, users):
    secret = api_token(users["writer"], scopes=["read"])
    assert ApiToken.objects.get().last_used_at is None
    bearer(secret).get("/api/v1/years/")
    assert ApiToken.objects.get().last_used_at is not None


def test_the_command_creates_lists_and_revokes(org, users, capsys):
    call_command("tokens", "create", "Kolada-synk", "--scope", "read", "--scope", "write_values", "--as", "sn_writer")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.scopes == ["read", "write_values"]
    call_command("tokens", "list", "--as", "sn_writer")
    listed = capsys.readouterr().out
    assert token.prefix in listed and "Kolada-synk" in listed and secret not in listed
    call_command("tokens", "revoke", str(token.pk), "--as", "sn_writer")
    assert bearer(secret).get("/api/v1/years/").status_code == 401
    with pytest.raises(CommandError, match="ingen sådan API-nyckel"):
        call_command("tokens", "revoke", str(token.pk), "--as", "sn_reader")
    with pytest.raises(CommandError, match="högst ett år"):
        call_command("tokens", "create", "X", "--scope", "read", "--expires", "2999-01-01", "--as", "sn_writer")


def test_the_page_is_for_signed_in_users(client, users):
    assert client.get(PAGE).status_code == 302
    client.force_login(users["nobody"])
    assert client.get(reverse("core:api_tokens")).status_code == 200
