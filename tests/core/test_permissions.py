"""The start page and the API's entry point in the shared permission suite (tests/permissions.py), and the admin
site's own policy: administrators only (a role granting ADMINISTER somewhere), rows restricted by the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from digipuff.core import taskruns
from digipuff.core.choices import Action, Role
from tests.permissions import (
    ANONYMOUS,
    COUNCIL_ADMIN,
    NOBODY,
    OBJECT,
    OWN,
    PUBLIC,
    SIBLING,
    SUBTREE,
    Endpoint,
    Target,
    declare,
)


def _task(world, relation):
    """A background task's run about the relation's unit, started by nobody in the matrix (the system)."""
    unit = world.committee_of[relation] if relation != SUBTREE else world.units[SUBTREE]
    run = taskruns.task_run_create(kind="test", label="Testkörning", started_by=None, unit=unit)
    taskruns.add_file(run, name="resultat.txt", data=b"ok")
    return run


ENDPOINTS = [
    Endpoint("core:start", PUBLIC, {OWN: lambda w: Target()}),
    # Everyone's own notice settings: no unit, no other user's settings reachable.
    Endpoint(
        "core:notices",
        PUBLIC,
        {OWN: lambda w: Target()},
        methods=("GET", "POST"),
        data=lambda w: {"version": 0, "wanted": ["reports.text_assigned"]},
    ),
    Endpoint("api:root", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint(
        "core:task",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": _task(w, rel).pk})) for rel in (OWN, SUBTREE, SIBLING)},
        addressed_by=OBJECT,
    ),
    Endpoint(
        "core:task_file",
        Action.VIEW,
        {
            rel: (lambda w, rel=rel: Target({"pk": _task(w, rel).pk, "name": "resultat.txt"}))
            for rel in (OWN, SUBTREE, SIBLING)
        },
        addressed_by=OBJECT,
    ),
    Endpoint(
        "core:api_tokens",
        PUBLIC,
        {OWN: lambda w: Target()},
        methods=("GET", "POST"),
        data=lambda w: {"name": "Statistiksystemet", "scopes": ["read"], "expires": "2099-01-01"},
    ),
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
