"""Activities' pages and API routes, and the follow-up page of every kind of item, in the shared permission suite
(tests/permissions.py). The services' own matrix is in tests/activities/test_service_permissions.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digipuff.activities import services
from digipuff.core.choices import Action
from tests.activities.conftest import status
from tests.permissions import ABOVE, ELSEWHERE, OBJECT, OWN, SIBLING, SUBTREE, Endpoint, Target, code, declare


def _follow_up(kind: str, item: Callable[[Any], Any], committee: str | None = None) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        query = {"committee": w.committee_of[committee].code} if committee else {}
        return Target({"kind": kind, "pk": item(w).pk, "occasion": w.d1.pk}, query)

    return target


def _in(relation: str, **extra: Callable[[Any], Any]) -> Callable[[Any], Target]:
    """The committee of `relation` in the URL, plus object ids."""
    return lambda w: Target(
        {"code": w.committee_of[relation].code, "year": 2019, **{k: f(w) for k, f in extra.items()}}
    )


FOLLOW_UP = {"version": 0, "comment": "Pågår enligt plan"}
ACTIVITY = {"version": 0, "title": "Ny aktivitet", "sort_order": 0}
COMMITMENT = {"version": 0, "title": "Nytt åtagande", "sort_order": 0}
PAGE, ADMIN_FORM = ("GET",), ("GET", "POST")

ENDPOINTS = [
    Endpoint("activities:overview", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
    # A unit's plan: for those who may view the unit (a role on the unit, or on a unit above it).
    Endpoint(
        "activities:unit_plan",
        Action.VIEW,
        {
            rel: (lambda w, rel=rel: Target({"code": w.units[rel].code, "year": 2019}))
            for rel in (OWN, SUBTREE, SIBLING)
        },
    ),
    Endpoint(
        "activities:activity",
        Action.VIEW,
        {rel: _in(rel, pk=lambda w, rel=rel: w.activity[rel].pk) for rel in (OWN, SUBTREE, SIBLING)},
    ),
    Endpoint(
        "activities:activity_create",
        Action.ADMINISTER,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=ADMIN_FORM,
        data=lambda w: ACTIVITY,
    ),
    Endpoint(
        "activities:activity_edit",
        Action.ADMINISTER,
        {rel: _in(rel, pk=lambda w, rel=rel: w.activity[rel].pk) for rel in (OWN, SUBTREE, SIBLING)},
        methods=ADMIN_FORM,
        data=lambda w: ACTIVITY,
    ),
    Endpoint(
        "activities:commitment_create",
        Action.ADMINISTER,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=ADMIN_FORM,
        data=lambda w: COMMITMENT,
    ),
    Endpoint(
        "activities:commitment_edit",
        Action.ADMINISTER,
        {
            OWN: _in(OWN, pk=lambda w: w.commitment[OWN].pk),
            SIBLING: _in(SIBLING, pk=lambda w: w.commitment[SIBLING].pk),
            ABOVE: _in(OWN, pk=lambda w: w.shared.pk),  # the council's commitment, seen from SN's plan
        },
        methods=ADMIN_FORM,
        data=lambda w: COMMITMENT,
    ),
    Endpoint(
        "activities:activity_delete",
        Action.ADMINISTER,
        {rel: _in(rel, pk=lambda w, rel=rel: w.activity[rel].pk) for rel in (OWN, SUBTREE, SIBLING)},
        methods=ADMIN_FORM,
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "activities:commitment_delete",
        Action.ADMINISTER,
        {
            OWN: _in(OWN, pk=lambda w: w.commitment[OWN].pk),
            SIBLING: _in(SIBLING, pk=lambda w: w.commitment[SIBLING].pk),
            ABOVE: _in(OWN, pk=lambda w: w.shared.pk),  # the council's commitment is the council's to delete
        },
        methods=ADMIN_FORM,
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "activities:carry_forward",
        Action.ADMINISTER,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=ADMIN_FORM,
        data=lambda w: {"to_year": 2020},
    ),
    # Follow-up in place, for every kind of item: named by the item's id, so an item the user may not view is 404.
    *[
        Endpoint(
            "followup:edit",
            Action.EDIT,
            {rel: _follow_up(kind, lambda w, rel=rel, get=get: get(w, rel)) for rel in (OWN, SUBTREE, SIBLING)},
            addressed_by=OBJECT,
            methods=ADMIN_FORM,
            data=lambda w: FOLLOW_UP,
            variant=kind,
        )
        for kind, get in (
            ("activity", lambda w, rel: w.activity[rel]),
            ("risk-action", lambda w, rel: w.risk_action[rel]),
            ("control", lambda w, rel: w.ic[rel]["control"]),
            ("review-action", lambda w, rel: w.ic[rel]["review-action"]),
            ("provider-follow-up", lambda w, rel: w.ic[rel]["provider-follow-up"]),
            ("competition-test", lambda w, rel: w.ic[rel]["competition-test"]),
        )
    ],
    # A commitment is followed up per committee (?committee=): the committee's own, the council's shared one, and
    # another committee's commitment asked for through one's own committee (must not show its title).
    Endpoint(
        "followup:edit",
        Action.EDIT,
        {
            OWN: _follow_up("commitment", lambda w: w.commitment[OWN], committee=OWN),
            SIBLING: _follow_up("commitment", lambda w: w.commitment[SIBLING], committee=SIBLING),
        },
        addressed_by=OBJECT,
        methods=ADMIN_FORM,
        data=lambda w: FOLLOW_UP,
        variant="commitment",
    ),
    Endpoint(
        "followup:edit",
        Action.EDIT,
        {OWN: _follow_up("commitment", lambda w: w.shared, committee=OWN)},
        addressed_by=OBJECT,
        methods=ADMIN_FORM,
        data=lambda w: FOLLOW_UP,
        variant="shared commitment",
    ),
    Endpoint(
        "followup:edit",
        Action.EDIT,
        {ELSEWHERE: _follow_up("commitment", lambda w: w.commitment[OWN], committee=SIBLING)},
        addressed_by=OBJECT,
        methods=ADMIN_FORM,
        data=lambda w: FOLLOW_UP,
        variant="commitment through another committee",
    ),
    *[
        Endpoint(
            f"api:{basename}-list",
            Action.VIEW,
            {rel: (lambda w, rel=rel, get=get: Target(listed=get(w, rel).pk)) for rel in (OWN, SIBLING)},
        )
        for basename, get in (
            ("commitment", lambda w, rel: w.commitment[rel]),
            ("activity", lambda w, rel: w.activity[rel]),
        )
    ],
    *[
        Endpoint(
            f"api:{basename}-detail",
            Action.VIEW,
            {rel: (lambda w, rel=rel, get=get: Target({"pk": get(w, rel).pk})) for rel in (OWN, SIBLING)},
            addressed_by=OBJECT,
        )
        for basename, get in (
            ("commitment", lambda w, rel: w.commitment[rel]),
            ("activity", lambda w, rel: w.activity[rel]),
        )
    ],
    Endpoint("api:follow-up-status-list", None, {OWN: lambda w: Target()}),
    Endpoint("api:follow-up-status-detail", None, {OWN: lambda w: Target({"pk": status("klart").pk})}),
    Endpoint("api:activity-follow-up-list", Action.VIEW, {OWN: lambda w: Target()}),
    Endpoint(
        "api:activity-follow-up-detail",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": _activity_follow_up(w, rel).pk})) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
    ),
]


def _activity_follow_up(w: Any, relation: str) -> Any:
    return services.follow_up_set(
        actor=None, item=w.activity[relation], occasion=w.d1, status=None, comment="x", expected_version=None
    )


test_permission_matrix = declare("activities", ENDPOINTS)
