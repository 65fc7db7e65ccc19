"""The org tree's pages, the role forms and the organisation API in the shared permission suite
(tests/permissions.py). Units are named by their code and known to every signed-in user: a refusal is 403."""

from __future__ import annotations

from digipuff.core.choices import Action
from tests.permissions import ABOVE, OBJECT, OWN, PUBLIC, SIBLING, SUBTREE, Endpoint, Target, declare

UNITS = {
    OWN: lambda w: w.sn,
    SUBTREE: lambda w: w.sof,
    SIBLING: lambda w: w.von,
    ABOVE: lambda w: w.council,
}


def _unit(**extra):
    return {
        rel: (lambda w, get=get: Target({"code": get(w).code, **{k: f(w) for k, f in extra.items()}}))
        for rel, get in UNITS.items()
    }


def _mapping(w):
    from digipuff.organisation.models import GroupRoleMapping

    return GroupRoleMapping.objects.get_or_create(group="sn-skribenter", unit=w.sn, role="writer")[0]


ENDPOINTS = [
    Endpoint("organisation:tree", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("organisation:unit", Action.VIEW, _unit()),
    Endpoint(
        "organisation:unit_edit",
        Action.ADMINISTER,
        {rel: t for rel, t in _unit().items() if rel != ABOVE},
        methods=("GET", "POST"),
        data=lambda w: {"version": 1},
    ),
    Endpoint("organisation:unit_history", Action.ADMINISTER, _unit()),
    Endpoint("organisation:role_history", Action.ADMINISTER, _unit()),
    Endpoint("organisation:deletions", Action.VIEW, _unit()),
    Endpoint(
        "organisation:role_add",
        Action.ADMINISTER,
        _unit(),
        methods=("POST",),
        data=lambda w: {"username": "nobody", "role": "reader"},
    ),
    Endpoint(
        "organisation:role_remove",
        Action.ADMINISTER,
        {
            rel: (lambda w, rel=rel: Target({"code": w.assignment[rel].unit.code, "pk": w.assignment[rel].pk}))
            for rel in (OWN, SUBTREE, SIBLING)
        },
        methods=("POST",),
    ),
    Endpoint(
        "api:org-unit-list",
        Action.VIEW,
        {rel: (lambda w, get=get: Target(listed=get(w).pk)) for rel, get in UNITS.items()},
    ),
    Endpoint("api:org-unit-detail", Action.VIEW, _unit(), addressed_by=OBJECT),
    # Planning years belong to the municipality as a whole: its administrators set them up, everyone else gets 403.
    Endpoint(
        "organisation:years",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target()},
        methods=("GET", "POST"),
        data=lambda w: {"year": 2021, "from_year": 2020},
    ),
    Endpoint(
        "organisation:year_occasions",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target({"year": 2019})},
        methods=("GET", "POST"),
        data=lambda w: {"new-name": "Extra 2019", "new-kind": "other", "new-period_end": "2019-05-31"},
    ),
    Endpoint(
        "organisation:year_occasion",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target({"year": 2019, "pk": w.d1.pk})},
        methods=("POST",),
        data=lambda w: {
            f"o{w.d1.pk}-version": w.d1.version,
            f"o{w.d1.pk}-name": w.d1.name,
            f"o{w.d1.pk}-kind": w.d1.kind,
            f"o{w.d1.pk}-period_end": "2019-03-31",
            f"o{w.d1.pk}-deadline": "2019-04-15",
        },
    ),
    # Which identity provider groups give which roles: the municipality's administrators only.
    Endpoint(
        "organisation:sso_groups",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target()},
        methods=("GET", "POST"),
        data=lambda w: {"group": "sn-lasare", "unit": w.sn.pk, "role": "reader"},
    ),
    Endpoint(
        "organisation:sso_group_edit",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target({"pk": _mapping(w).pk})},
        methods=("GET", "POST"),
        data=lambda w: {"version": 1, "group": "sn-skribenter", "unit": w.sof.pk, "role": "writer"},
    ),
    Endpoint(
        "organisation:sso_group_delete",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target({"pk": _mapping(w).pk})},
        methods=("GET", "POST"),
        data=lambda w: {"version": 1},
    ),
    Endpoint("api:year-list", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("api:year-detail", PUBLIC, {OWN: lambda w: Target({"year": 2019})}),
]

test_permission_matrix = declare("organisation", ENDPOINTS)
