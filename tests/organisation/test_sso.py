"""Single sign-on through a stand-in OpenID Connect provider started on 127.0.0.1 (tests/organisation/
oidc_provider.py): the real code flow, from the login page's button through the provider and back, with the roles
the person's groups map to applied at every sign-in."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.organisation import services
from digipuff.organisation.choices import RoleSource
from digipuff.organisation.models import RoleAssignment
from digipuff.organisation.sso import discovery
from tests.factories import UserFactory, grant
from tests.organisation.oidc_provider import CLIENT_ID, CLIENT_SECRET, StandInProvider

BACKEND = "digipuff.organisation.sso.backend.SingleSignOnBackend"
REFUSED = "Inloggningen med kommunens konto lyckades inte"


@pytest.fixture
def provider(settings):
    with StandInProvider() as provider:
        settings.DIGIPUFF_OIDC_ISSUER = provider.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
        yield provider
    discovery.forget()


@pytest.fixture
def mappings(org):
    """The municipality's mappings: two groups give roles under Socialnämnden, one on VON, one on the council."""
    for group, unit, role in (
        ("sn-skribenter", org.sn, Role.WRITER),
        ("sof-granskare", org.sof, Role.APPROVER),
        ("von-lasare", org.von, Role.READER),
        ("kf-admin", org.council, Role.ADMIN),
    ):
        services.group_role_mapping_create(actor=None, group=group, unit=unit, role=role)


def sign_in(client, provider, *, next_url: str = "/org/"):
    """Press the login page's button, let the provider sign the person in, follow it back to DigiPUFF."""
    start = client.get(reverse("sso:start"), {"next": next_url})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("sso:callback")
    return client.get(f"{back.path}?{back.query}")


def roles_of(username: str) -> set[tuple[str, str, str]]:
    return set(RoleAssignment.objects.filter(user__username=username).values_list("unit__code", "role", "source"))


def signed_in(client) -> bool:
    return client.get(reverse("core:start")).status_code == 200


def test_signing_in_gives_exactly_the_roles_the_groups_map_to(client, provider, mappings, org):
    provider.sign_in_as("anna.andersson", groups=["sn-skribenter", "sof-granskare", "ingen-mappning"])

    response = sign_in(client, provider)

    assert response.status_code == 302 and response["Location"] == "/org/"
    assert signed_in(client)
    assert roles_of("anna.andersson") == {("SN", Role.WRITER, RoleSource.SSO), ("SOF", Role.APPROVER, RoleSource.SSO)}
    user = get_user_model().objects.get(username="anna.andersson")
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Andersson", "anna.andersson@huddinge.se")
    assert not user.has_usable_password()
    # The roles hold: Socialnämnden is hers to read, Vård- och omsorgsnämnden is not.
    unit_page = client.get(reverse("organisation:unit", args=["SN"]))
    assert unit_page.status_code == 200
    assert "(från gruppen sn-skribenter vid inloggning)" in unit_page.content.decode()
    assert client.get(reverse("organisation:unit", args=["VON"])).status_code == 403
    # The provider was asked the way the standard says: discovery, code for tokens, keys, userinfo.
    assert {"/.well-known/openid-configuration", "/authorize", "/token", "/jwks", "/userinfo"} <= set(provider.requests)


def test_removing_a_group_removes_its_role_at_the_next_sign_in_and_local_roles_stay(client, provider, mappings, org):
    anna = UserFactory(username="anna.andersson")  # a local account that existed before single sign-on
    grant(anna, org.von_operation, Role.WRITER)
    grant(anna, org.sof, Role.APPROVER)  # also what sof-granskare maps to: given by hand, it stays hers
    provider.sign_in_as("anna.andersson", groups=["sn-skribenter", "sof-granskare", "von-lasare"])
    sign_in(client, provider)
    assert roles_of("anna.andersson") == {
        ("SN", Role.WRITER, RoleSource.SSO),
        ("SOF", Role.APPROVER, RoleSource.LOCAL),
        ("VON", Role.READER, RoleSource.SSO),
        ("VON-AO", Role.WRITER, RoleSource.LOCAL),
    }

    client.post(reverse("logout"))
    provider.sign_in_as("anna.andersson", groups=["von-lasare"])
    response = sign_in(client, provider)

    assert response.status_code == 302 and signed_in(client)
    assert roles_of("anna.andersson") == {
        ("SOF", Role.APPROVER, RoleSource.LOCAL),
        ("VON", Role.READER, RoleSource.SSO),
        ("VON-AO", Role.WRITER, RoleSource.LOCAL),
    }
    assert client.get(reverse("organisation:unit", args=["SN"])).status_code == 403
    assert get_user_model().objects.filter(username__iexact="anna.andersson").count() == 1


def test_every_change_is_in_the_roles_history_naming_the_group(client, provider, mappings, org, users):
    provider.sign_in_as("bo.berg", groups=["sn-skribenter"])
    sign_in(client, provider)
    client.post(reverse("logout"))
    provider.sign_in_as("bo.berg", groups=[])
    sign_in(client, provider)

    entries = LogEntry.objects.filter(content_type__model="roleassignment", object_repr__startswith="bo.berg")
    assert sorted(entries.values_list("action", "actor")) == [
        (LogEntry.Action.CREATE, None),
        (LogEntry.Action.DELETE, None),
    ]
    client.force_login(users["council_admin"])
    history = client.get(reverse("organisation:role_history", args=["SN"])).content.decode()
    assert "sn-skribenter" in history
    assert "Från kommunens inloggning" in history
    assert "Borttagen" in history and "Skapad" in history
    assert "systemet" in history


def test_a_group_no_mapping_names_gives_no_role(client, provider, mappings):
    provider.sign_in_as("cecilia", groups=["alla-anstallda", "SN-SKRIBENTER"])  # groups compare exactly

    sign_in(client, provider)

    assert signed_in(client)
    assert roles_of("cecilia") == set()
    assert "Du har ännu ingen roll" in client.get(reverse("core:start")).content.decode()


@pytest.mark.parametrize("tamper", ["signature", "audience", "issuer", "expired", "nonce"])
def test_a_refused_token_signs_nobody_in(client, provider, mappings, tamper):
    provider.sign_in_as("mallory", groups=["kf-admin"])
    provider.tamper = tamper

    response = sign_in(client, provider)

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert REFUSED in client.get(response["Location"]).content.decode()
    assert not signed_in(client)
    assert not get_user_model().objects.filter(username="mallory").exists()
    assert not RoleAssignment.objects.filter(role=Role.ADMIN, source=RoleSource.SSO).exists()


def test_a_callback_with_a_code_for_another_session_is_refused(client, provider, mappings):
    provider.sign_in_as("mallory", groups=["kf-admin"])
    start = client.get(reverse("sso:start"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get(reverse("sso:callback"), {"code": "made-up", "state": state})

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert REFUSED in client.get(reverse("login")).content.decode()
    assert not signed_in(client)


def test_the_provider_saying_no_is_told_in_swedish(client, provider, org):
    start = client.get(reverse("sso:start"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get(reverse("sso:callback"), {"error": "access_denied", "state": state}, follow=True)

    assert REFUSED in response.content.decode()
    assert not signed_in(client)


def test_a_provider_that_does_not_answer_is_told_in_swedish(client, org, settings):
    with StandInProvider() as gone:
        issuer = gone.issuer
    settings.DIGIPUFF_OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]

    response = client.get(reverse("sso:start"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Kommunens inloggningstjänst svarar inte just nu" in response.content.decode()


def test_the_login_page_offers_the_button_only_when_single_sign_on_is_set_up(client, org, settings):
    button = "Logga in med kommunens konto"
    page = client.get(reverse("login")).content.decode()
    assert button not in page
    assert client.get(reverse("sso:start")).status_code == 404
    assert client.get(reverse("sso:callback")).status_code == 404

    settings.DIGIPUFF_OIDC_ISSUER = "https://login.example.se/realms/kommun"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    page = client.get(reverse("login"), {"next": "/org/"}).content.decode()
    assert button in page
    assert f'href="{reverse("sso:start")}?next=/org/"' in page
    assert 'name="password"' in page  # local accounts stay


def test_local_accounts_sign_in_and_are_throttled_beside_single_sign_on(client, provider, users):
    assert (
        client.post(reverse("login"), {"username": "sn_reader", "password": "secret-password-123"}).status_code == 302
    )
    client.post(reverse("logout"))
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "sn_writer", "password": "wrong"})
    assert response.status_code == 429


def test_signing_out_signs_out_of_the_provider_too(client, provider, mappings):
    provider.sign_in_as("anna.andersson", groups=["sn-skribenter"])
    sign_in(client, provider)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{provider.issuer}/logout"
    query = parse_qs(end.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["post_logout_redirect_uri"] == [f"http://testserver{reverse('login')}"]
    assert query["id_token_hint"][0].count(".") == 2
    assert not signed_in(client)


def test_a_local_account_signs_out_to_the_login_page(client, provider, users):
    client.force_login(users[Role.READER])
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_a_role_given_by_hand_is_kept_at_the_next_sign_in(client, provider, mappings, org, users):
    provider.sign_in_as("anna.andersson", groups=["sn-skribenter"])
    sign_in(client, provider)
    anna = get_user_model().objects.get(username="anna.andersson")
    services.role_assign(actor=users["council_admin"], user=anna, unit=org.sn, role=Role.WRITER)
    client.post(reverse("logout"))
    provider.sign_in_as("anna.andersson", groups=[])

    sign_in(client, provider)

    assert roles_of("anna.andersson") == {("SN", Role.WRITER, RoleSource.LOCAL)}


SETTINGS_PROGRAM = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "backends": settings.AUTHENTICATION_BACKENDS,
    "form_action": [str(source) for source in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]],
    "groups": settings.DIGIPUFF_OIDC_GROUPS_CLAIM,
    "client": settings.OIDC_RP_CLIENT_ID,
}))
"""


def _settings_with(**env: str) -> dict:
    import json
    import os
    import subprocess
    import sys

    environment = {key: value for key, value in os.environ.items() if not key.startswith("DIGIPUFF_OIDC_")} | {
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "DJANGO_SETTINGS_MODULE": "digipuff.config.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROGRAM],
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_environment_switches_single_sign_on_on():
    off = _settings_with()
    assert BACKEND not in off["backends"]
    assert off["form_action"] == ["'self'"]

    on = _settings_with(
        DIGIPUFF_OIDC_ISSUER="https://login.kommun.se/realms/kommun/",
        DIGIPUFF_OIDC_CLIENT_ID="digipuff",
        DIGIPUFF_OIDC_GROUPS_CLAIM="roles",
    )
    assert on["backends"][-1] == BACKEND
    assert on["backends"][0] == "axes.backends.AxesStandaloneBackend"  # throttling still first
    assert on["form_action"] == ["'self'", "https://login.kommun.se"]
    assert (on["groups"], on["client"]) == ("roles", "digipuff")


def test_failed_callbacks_are_throttled_per_address_and_passwords_are_not_affected(client, provider, mappings, users):
    provider.sign_in_as("mallory", groups=["kf-admin"])
    provider.tamper = "signature"
    for _ in range(5):
        sign_in(client, provider)
    provider.tamper = ""

    response = sign_in(client, provider)

    assert response.status_code == 429
    assert not signed_in(client)
    assert (
        client.post(reverse("login"), {"username": "sn_reader", "password": "secret-password-123"}).status_code == 302
    )
