"""The page where the municipality's administrators map identity provider groups to roles (/org/sso/)."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from digipuff.core import audit
from digipuff.core.choices import Role
from digipuff.organisation import services
from digipuff.organisation.models import GroupRoleMapping


def _admin(client, users):
    client.force_login(users["council_admin"])
    return client


def test_an_administrator_adds_a_mapping_and_it_is_audited(client, org, users):
    _admin(client, users)
    response = client.post(
        reverse("organisation:sso_groups"), {"group": " sn-skribenter ", "unit": org.sn.pk, "role": Role.WRITER}
    )
    assert response.status_code == 302
    mapping = GroupRoleMapping.objects.get()
    assert (mapping.group, mapping.unit, mapping.role) == ("sn-skribenter", org.sn, Role.WRITER)
    entry = audit.history(mapping).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == users["council_admin"]
    page = client.get(reverse("organisation:sso_groups")).content.decode()
    assert "Gruppen sn-skribenter ger nu rollen." in page
    assert "sn-skribenter" in page and "Skribent" in page and "Socialnämnden" in page


def test_the_same_mapping_twice_is_refused_in_swedish(client, org, users):
    services.group_role_mapping_create(actor=None, group="sn-skribenter", unit=org.sn, role=Role.WRITER)
    _admin(client, users)
    response = client.post(
        reverse("organisation:sso_groups"), {"group": "sn-skribenter", "unit": org.sn.pk, "role": Role.WRITER}
    )
    assert response.status_code == 422
    assert "Gruppen sn-skribenter ger redan den här rollen på den här enheten." in response.content.decode()
    assert GroupRoleMapping.objects.count() == 1


def test_an_empty_group_is_refused_and_what_was_typed_is_kept(client, org, users):
    _admin(client, users)
    response = client.post(reverse("organisation:sso_groups"), {"group": "", "unit": org.sn.pk, "role": "writer"})
    assert response.status_code == 422
    assert "Det här fältet är obligatoriskt." in response.content.decode()
    assert not GroupRoleMapping.objects.exists()


def test_editing_a_mapping_saves_and_a_stale_copy_is_refused(client, org, users):
    mapping = services.group_role_mapping_create(actor=None, group="sn-skribenter", unit=org.sn, role=Role.WRITER)
    _admin(client, users)
    url = reverse("organisation:sso_group_edit", args=[mapping.pk])
    assert 'value="sn-skribenter"' in client.get(url).content.decode()

    saved = client.post(url, {"version": 1, "group": "sof-skribenter", "unit": org.sof.pk, "role": Role.WRITER})
    assert saved.status_code == 302
    mapping.refresh_from_db()
    assert (mapping.group, mapping.unit, mapping.version) == ("sof-skribenter", org.sof, 2)

    stale = client.post(url, {"version": 1, "group": "annat", "unit": org.sn.pk, "role": Role.READER})
    assert stale.status_code == 409 and "sparade en nyare version" in stale.content.decode()
    mapping.refresh_from_db()
    assert mapping.group == "sof-skribenter"


def test_removing_a_mapping_asks_first(client, org, users):
    mapping = services.group_role_mapping_create(actor=None, group="sn-skribenter", unit=org.sn, role=Role.WRITER)
    _admin(client, users)
    url = reverse("organisation:sso_group_delete", args=[mapping.pk])
    confirm = client.get(url).content.decode()
    assert "sn-skribenter" in confirm and "Borttagningen går inte att ångra" in confirm
    assert GroupRoleMapping.objects.exists()

    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    assert not GroupRoleMapping.objects.exists()
    assert audit.history(mapping).filter(action=LogEntry.Action.DELETE).exists()


def test_the_page_says_when_single_sign_on_is_off(client, org, users, settings):
    _admin(client, users)
    assert "är inte påslagen" in client.get(reverse("organisation:sso_groups")).content.decode()
    settings.DIGIPUFF_OIDC_ISSUER = "https://login.example.se"
    settings.OIDC_RP_CLIENT_ID = "digipuff"
    assert "är inte påslagen" not in client.get(reverse("organisation:sso_groups")).content.decode()


def test_the_list_takes_the_same_queries_for_many_mappings(client, org, users, django_assert_max_num_queries):
    _admin(client, users)
    units = [org.sn, org.sof, org.von, org.von_operation, org.sn_operation]

    def add(numbers):
        for number in numbers:
            services.group_role_mapping_create(
                actor=None, group=f"grupp-{number}", unit=units[number % len(units)], role=Role.READER
            )

    add(range(2))
    client.get(reverse("organisation:sso_groups"))  # what a session loads once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organisation:sso_groups"))
    add(range(2, 40))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("organisation:sso_groups"))
    assert response.content.decode().count("grupp-") >= 40


def test_the_municipalitys_administrators_find_the_page_from_the_org_tree(client, org, users):
    _admin(client, users)
    assert reverse("organisation:sso_groups") in client.get(reverse("organisation:tree")).content.decode()
    client.force_login(users[Role.ADMIN])  # an administrator of one committee only
    assert reverse("organisation:sso_groups") not in client.get(reverse("organisation:tree")).content.decode()
