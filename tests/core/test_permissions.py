"""The start page and the API's entry point in the shared permission suite (tests/permissions.py), and the admin
site's own policy: administrators only (a role granting ADMINISTER somewhere), rows restricted by the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from tests.permissions import ANONYMOUS, COUNCIL_ADMIN, NOBODY, OWN, PUBLIC, Endpoint, Target, declare

ENDPOINTS = [
    Endpoint("core:start", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("api:root", PUBLIC, {OWN: lambda w: Target()}),
]

test_permission_matrix = declare("core", ENDPOINTS)


@pytest.mark.parametrize("actor", [ANONYMOUS, NOBODY, *Role.values, COUNCIL_ADMIN])
def test_admin_index_and_a_changelist_per_role(db, perm_world, actor):
    """The admin is not declared into the matrix (it has its own URL space); this is its policy per actor."""
    client = perm_world.clients[actor]
    changelist = reverse("admin:indicators_measure_changelist")
    if actor == ANONYMOUS:
        for url in (reverse("admin:index"), changelist):
            response = client.get(url)
            # The admin's own login view sends on to the ordinary login page.
            assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url
        return
    administrator = actor in (Role.ADMIN, COUNCIL_ADMIN)
    assert client.get(reverse("admin:index")).status_code == (200 if administrator else 403)
    response = client.get(changelist)
    assert response.status_code == (200 if administrator else 403)
    if administrator:
        html = response.content.decode()
        assert "Mått own" in html
        assert ("Mått sibling" in html) is (actor == COUNCIL_ADMIN)
