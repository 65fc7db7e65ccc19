"""Single sign-on in a real browser: the login page's button, the stand-in provider on 127.0.0.1 and back, the
group mapping page, and signing out through the provider; axe-clean and within the Content-Security-Policy."""

from __future__ import annotations

import pytest

from digipuff.core.choices import Role
from digipuff.organisation import services
from digipuff.organisation.models import RoleAssignment
from digipuff.organisation.sso import discovery
from tests.e2e.conftest import axe_violations
from tests.e2e.test_csp import LISTEN
from tests.factories import UserFactory, grant, make_unit
from tests.organisation.oidc_provider import CLIENT_ID, CLIENT_SECRET, StandInProvider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings):
    with StandInProvider() as provider:
        settings.DIGIPUFF_OIDC_ISSUER = provider.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "digipuff.organisation.sso.backend.SingleSignOnBackend",
        ]
        # As the settings do for a configured issuer: signing out posts here and is sent on to the provider.
        policy = {
            **settings.CONTENT_SECURITY_POLICY,
            "DIRECTIVES": dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]),
        }
        policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], provider.issuer]
        settings.CONTENT_SECURITY_POLICY = policy
        yield provider
    discovery.forget()


def test_signing_in_with_the_municipalitys_account_in_a_browser(page, live_server, provider):
    services.municipality_set(actor=None, name="Huddinge kommun", kolada_id="0126")
    services.planning_year_create(actor=None, year=2019)
    council = make_unit("Kommunfullmäktige", code="KF", valid_from=2010)
    sn = make_unit("Socialnämnden", parent=council, code="SN")
    services.group_role_mapping_create(actor=None, group="kf-administratorer", unit=council, role=Role.ADMIN)
    services.group_role_mapping_create(actor=None, group="sn-skribenter", unit=sn, role=Role.WRITER)
    grant(UserFactory(username="lokal"), sn, Role.READER)
    problems: list[str] = []
    page.add_init_script(LISTEN)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    page.goto(f"{live_server.url}/login/")
    assert page.get_by_role("heading", name="Logga in i DigiPUFF").is_visible()
    assert page.locator("#id_password").is_visible()  # local accounts stay
    assert axe_violations(page) == []
    provider.sign_in_as("karin.kvist", groups=["kf-administratorer"], given_name="Karin", family_name="Kvist")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("Karin Kvist").first.is_visible()
    assert set(RoleAssignment.objects.filter(user__username="karin.kvist").values_list("role", flat=True)) == {
        Role.ADMIN
    }

    page.get_by_role("link", name="Organisation", exact=True).first.click()
    page.get_by_role("link", name="Grupper vid inloggning").click()
    page.wait_for_url(f"{live_server.url}/org/sso/")
    assert page.get_by_role("cell", name="sn-skribenter", exact=True).is_visible()
    assert axe_violations(page) == []
    page.fill("#id_group", "sn-lasare")
    page.select_option("#id_unit", label="\u2003Socialnämnden (SN)")
    page.select_option("#id_role", "reader")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.get_by_text("Gruppen sn-lasare ger nu rollen.").wait_for()
    page.get_by_role("link", name="Ändra sn-lasare – Socialnämnden").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Ta bort sn-lasare – Socialnämnden").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ta bort").click()
    page.wait_for_url(f"{live_server.url}/org/sso/")
    page.get_by_role("heading", name="Grupper vid inloggning").wait_for()
    assert page.get_by_role("cell", name="sn-lasare", exact=True).count() == 0

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server.url}/login/")
    assert "/logout" in provider.requests
    page.goto(f"{live_server.url}/org/sso/")
    page.wait_for_url(f"{live_server.url}/login/?next=/org/sso/")
    assert problems == []
    assert page.evaluate("window.__csp") == []
