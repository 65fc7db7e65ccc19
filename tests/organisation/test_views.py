"""Org pages through the web, per role: 200 where allowed, 403 where not, 404 for unknown units, login first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.organisation.models import OrgUnit, RoleAssignment
from tests.factories import grant, make_unit

PAGES = ["organisation:unit", "organisation:unit_edit", "organisation:unit_history"]


def _status(client, user, name, code):
    client.force_login(user)
    return client.get(reverse(name, args=[code])).status_code


@pytest.mark.parametrize("role", Role.values)
def test_unit_pages_per_role_on_own_unit_subtree_and_sibling(client, org, users, role):
    admin = role == Role.ADMIN
    for code in ("SN", "SN-VB"):
        assert _status(client, users[role], "organisation:unit", code) == 200
        assert _status(client, users[role], "organisation:unit_edit", code) == (200 if admin else 403)
        assert _status(client, users[role], "organisation:unit_history", code) == (200 if admin else 403)
    for name in PAGES:
        assert _status(client, users[role], name, "VON") == 403
        assert _status(client, users[role], name, "VON-AO") == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_login(client, org, name):
    response = client.get(reverse(name, args=["SN"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unknown_unit_is_404_with_a_message(client, org, users):
    client.force_login(users["council_admin"])
    response = client.get(reverse("organisation:unit", args=["NOPE"]))
    assert response.status_code == 404
    assert "Det finns ingen enhet med koden NOPE." in response.content.decode()


def test_forbidden_page_says_why(client, org, users):
    client.force_login(users[Role.WRITER])
    response = client.get(reverse("organisation:unit", args=["VON"]))
    assert response.status_code == 403
    assert "Du har inte behörighet att läsa Vård- och omsorgsnämnden." in response.content.decode()


def test_start_page_lists_the_users_units_in_swedish(client, org, users):
    client.force_login(users[Role.WRITER])
    html = client.get(reverse("core:start")).content.decode()
    assert '<html lang="sv">' in html
    assert "Enheter du arbetar i" in html
    assert "Socialnämnden" in html and "Skribent" in html
    assert "Vård- och omsorgsnämnden" not in html


def test_english_is_the_second_language(client, org, users):
    client.force_login(users[Role.WRITER])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("core:start")).content.decode()
    assert '<html lang="en">' in html and "Units you work in" in html


def test_browser_language_does_not_override_swedish(client, org, users):
    client.force_login(users[Role.WRITER])
    html = client.get(reverse("core:start"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html


def test_org_tree_shows_every_unit_of_the_year_and_links_only_what_one_may_open(client, org, users):
    make_unit("Gammal nämnd", parent=org.council, code="OLD", valid_from=2010, valid_to=2018)
    client.force_login(users[Role.WRITER])
    html = client.get(reverse("organisation:tree") + "?year=2019").content.decode()
    assert "Vård- och omsorgsnämnden" in html
    assert reverse("organisation:unit", args=["SN"]) in html
    assert reverse("organisation:unit", args=["VON"]) not in html
    assert "Gammal nämnd" not in html
    html_2018 = client.get(reverse("organisation:tree") + "?year=2018").content.decode()
    assert "Gammal nämnd" in html_2018


def test_org_tree_query_count_does_not_grow_with_the_tree(client, org, users, django_assert_max_num_queries):
    client.force_login(users["council_admin"])
    client.get(reverse("organisation:tree"))  # warm the session
    for i in range(60):
        make_unit(f"Enhet {i}", parent=org.sof, kind="operation", code=f"E{i}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organisation:tree")).status_code == 200


def test_unit_page_query_count_is_bounded(client, org, users, django_assert_max_num_queries):
    client.force_login(users["council_admin"])
    client.get(reverse("organisation:unit", args=["SN"]))
    # 11: one of them asks whether the committee keeps an economy this year (its "Ekonomi" link, never a 404).
    with django_assert_max_num_queries(11):
        assert client.get(reverse("organisation:unit", args=["SN"])).status_code == 200


def test_admin_edits_a_unit(client, org, users):
    client.force_login(users[Role.ADMIN])
    url = reverse("organisation:unit_edit", args=["SN-VB"])
    data = {
        "version": org.sn_operation.version,
        "name": "Vård och behandling (IFO)",
        "code": "SN-VB",
        "kind": "operation",
        "parent": org.sof.pk,
        "valid_from": 2019,
        "valid_to": "",
        "sort_order": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="SN-VB").name == "Vård och behandling (IFO)"


def test_edit_with_an_old_version_is_refused_and_the_input_is_kept(client, org, users):
    client.force_login(users[Role.ADMIN])
    url = reverse("organisation:unit_edit", args=["SN-VB"])
    data = {
        "version": org.sn_operation.version,
        "name": "Första",
        "code": "SN-VB",
        "kind": "operation",
        "parent": org.sof.pk,
        "valid_from": 2019,
        "sort_order": 0,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "Andra"})
    html = response.content.decode()
    assert response.status_code == 409  # a conflict, answered with the form so htmx shows it
    assert "sparade en nyare version" in html
    assert 'value="Andra"' in html
    assert OrgUnit.objects.get(code="SN-VB").name == "Första"


@pytest.mark.parametrize("role", [Role.APPROVER, Role.WRITER, Role.CONTROLLER, Role.READER])
def test_non_admins_cannot_post_role_changes(client, org, users, role):
    client.force_login(users[role])
    response = client.post(reverse("organisation:role_add", args=["SN"]), {"username": "nobody", "role": "admin"})
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=users["nobody"]).exists()
    assignment = RoleAssignment.objects.get(user=users[Role.READER], unit=org.sn)
    response = client.post(reverse("organisation:role_remove", args=["SN", assignment.pk]))
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_admin_adds_and_removes_a_role_with_htmx(client, org, users):
    client.force_login(users[Role.ADMIN])
    response = client.post(
        reverse("organisation:role_add", args=["SN"]), {"username": "nobody", "role": "writer"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="roles-panel"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assignment = RoleAssignment.objects.get(user=users["nobody"], unit=org.sn, role=Role.WRITER)
    response = client.post(reverse("organisation:role_remove", args=["SN", assignment.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_adding_a_role_for_an_unknown_user_says_so(client, org, users):
    client.force_login(users[Role.ADMIN])
    response = client.post(reverse("organisation:role_add", args=["SN"]), {"username": "ingen", "role": "writer"})
    assert response.status_code == 422
    assert "Det finns ingen aktiv användare som heter ingen." in response.content.decode()


def test_history_shows_who_changed_what(client, org, users):
    client.force_login(users["council_admin"])
    url = reverse("organisation:unit_edit", args=["SN"])
    client.post(
        url,
        {
            "version": org.sn.version,
            "name": "SN ny",
            "code": "SN",
            "kind": "committee",
            "parent": org.council.pk,
            "valid_from": 2019,
            "sort_order": 0,
        },
    )
    html = client.get(reverse("organisation:unit_history", args=["SN"])).content.decode()
    assert "SN ny" in html and "Socialnämnden" in html
    assert "<strong>Namn</strong>: Socialnämnden → SN ny" in html  # the field in Swedish words


def test_history_of_a_created_unit_names_only_its_fields(client, org, users):
    client.force_login(users["council_admin"])
    html = client.get(reverse("organisation:unit_history", args=["SN"])).content.decode()
    assert "<strong>Namn</strong>: – → Socialnämnden" in html
    # Not the other side of its relations ("Children: organisation.OrgUnit.None") nor the tree's bookkeeping.
    assert ".None" not in html
    assert "<strong>Children</strong>" not in html and "<strong>Role_assignments</strong>" not in html
    assert "<strong>Depth</strong>" not in html and "<strong>Path</strong>" not in html


def test_admin_site_is_for_administrators_only(client, org, users):
    for role in (Role.WRITER, Role.READER, Role.APPROVER, Role.CONTROLLER):
        client.force_login(users[role])
        assert client.get("/admin/").status_code == 403
    client.force_login(users[Role.ADMIN])
    assert client.get("/admin/").status_code == 200
    changelist = client.get("/admin/organisation/orgunit/").content.decode()
    assert "Socialförvaltningen" in changelist
    assert "Äldreomsorg" not in changelist
    assert client.get(f"/admin/organisation/orgunit/{org.von.pk}/change/").status_code in (302, 403)
    assert client.get("/admin/auth/user/").status_code == 403
    client.logout()
    assert client.get("/admin/").status_code == 302


def test_committee_admin_changes_in_the_admin_go_through_the_policy(client, org, users):
    client.force_login(users["council_admin"])
    response = client.get(f"/admin/organisation/orgunit/{org.von.pk}/change/")
    assert response.status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200


def test_year_choice_is_remembered(client, org, users):
    grant(users["nobody"], org.sn, Role.READER)
    client.force_login(users["nobody"])
    client.get(reverse("core:start") + "?year=2019")
    html = client.get(reverse("core:start")).content.decode()
    assert '<option value="2019" selected>' in html


def test_the_history_of_the_roles_speaks_swedish_and_keeps_removed_roles(client, org, users):

    client.force_login(users["council_admin"])
    add = client.post(
        reverse("organisation:role_add", args=["SN"]),
        {"username": "nobody", "role": "reader"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert add.status_code == 200
    given = RoleAssignment.objects.get(user=users["nobody"], unit=org.sn)
    assert client.post(reverse("organisation:role_remove", args=["SN", given.pk])).status_code in {200, 302}
    assert not RoleAssignment.objects.filter(pk=given.pk).exists()
    html = client.get(reverse("organisation:role_history", args=["SN"])).content.decode()
    assert "Historik för rollerna på Socialnämnden" in html
    assert "<strong>Roll</strong>: – → Läsare" in html  # the role's label, not "reader"
    assert "<strong>Användare</strong>: – → nobody" in html  # the user, not their id
    assert "Borttagen" in html and "Skapad" in html  # the removed role is still in its history
    assert "203.0.113.9" in html
    assert "<strong>Id</strong>" not in html
    # A role on another unit (the council) is not in SN's history.
    assert "council_reader" not in html and "sn_writer" in html
