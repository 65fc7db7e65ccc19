"""Internal control's pages and API routes in the shared permission suite (tests/permissions.py); the follow-up
of its items is declared with the follow-up page in tests/activities/test_permissions.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digipuff.core.choices import Action
from tests.permissions import OBJECT, OWN, SIBLING, SUBTREE, Endpoint, Target, code, declare

FORM = ("GET", "POST")
KINDS = ("control", "review-action", "provider-follow-up", "competition-test")


def _in(relation: str, **ids: Callable[[Any], Any]) -> Callable[[Any], Target]:
    return lambda w: Target({"code": w.committee_of[relation].code, "year": 2019, **{k: f(w) for k, f in ids.items()}})


def _risk(rel: str) -> Callable[[Any], Any]:
    return lambda w: w.risk[SIBLING if rel == SIBLING else OWN].pk


ENDPOINTS = [
    Endpoint("internal_control:overview", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
    Endpoint("internal_control:risk", Action.VIEW, {rel: _in(rel, pk=_risk(rel)) for rel in (OWN, SIBLING)}),
    Endpoint(
        "internal_control:action_create",
        Action.ADMINISTER,
        {rel: _in(rel, risk_pk=_risk(rel)) for rel in (OWN, SIBLING)},
        methods=FORM,
        data=lambda w: {"version": 0, "title": "Ny åtgärd", "sort_order": 0},
    ),
    Endpoint(
        "internal_control:action_edit",
        Action.ADMINISTER,
        {
            rel: _in(rel, risk_pk=_risk(rel), pk=lambda w, rel=rel: w.risk_action[rel].pk)
            for rel in (OWN, SUBTREE, SIBLING)
        },
        methods=FORM,
        data=lambda w: {"version": 1, "title": "Ändrad åtgärd", "sort_order": 0},
    ),
    Endpoint(
        "internal_control:action_delete",
        Action.ADMINISTER,
        {
            rel: _in(rel, risk_pk=_risk(rel), pk=lambda w, rel=rel: w.risk_action[rel].pk)
            for rel in (OWN, SUBTREE, SIBLING)
        },
        methods=FORM,
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "internal_control:item_delete",
        Action.ADMINISTER,
        {rel: _in(rel, kind=lambda w: "risk", pk=_risk(rel)) for rel in (OWN, SIBLING)},
        methods=FORM,
        data=lambda w: {"version": 1},
        variant="risk",
    ),
    *[
        Endpoint(
            "internal_control:item_delete",
            Action.ADMINISTER,
            {
                rel: _in(rel, kind=lambda w, kind=kind: kind, pk=lambda w, rel=rel, kind=kind: w.ic[rel][kind].pk)
                for rel in (OWN, SUBTREE, SIBLING)
            },
            methods=FORM,
            data=lambda w: {"version": 1},
            variant=kind,
        )
        for kind in KINDS
    ],
    Endpoint(
        "internal_control:item_create",
        Action.ADMINISTER,
        {rel: _in(rel, kind=lambda w: "control") for rel in (OWN, SIBLING)},
        methods=FORM,
        data=lambda w: {"version": 0, "title": "Ny kontroll", "sort_order": 0},
    ),
    *[
        Endpoint(
            "internal_control:item_edit",
            Action.ADMINISTER,
            {
                rel: _in(rel, kind=lambda w, kind=kind: kind, pk=lambda w, rel=rel, kind=kind: w.ic[rel][kind].pk)
                for rel in (OWN, SUBTREE, SIBLING)
            },
            methods=FORM,
            data=lambda w: {"version": 1, "sort_order": 0},
            variant=kind,
        )
        for kind in KINDS
    ],
]

_API = {
    "risk": lambda w, rel: w.risk[rel],
    "control": lambda w, rel: w.ic[rel]["control"],
    "review-action": lambda w, rel: w.ic[rel]["review-action"],
    "provider-follow-up": lambda w, rel: w.ic[rel]["provider-follow-up"],
    "competition-test": lambda w, rel: w.ic[rel]["competition-test"],
}
for basename, get in _API.items():
    ENDPOINTS += [
        Endpoint(
            f"api:{basename}-list",
            Action.VIEW,
            {rel: (lambda w, rel=rel, get=get: Target(listed=get(w, rel).pk)) for rel in (OWN, SIBLING)},
        ),
        Endpoint(
            f"api:{basename}-detail",
            Action.VIEW,
            {rel: (lambda w, rel=rel, get=get: Target({"pk": get(w, rel).pk})) for rel in (OWN, SIBLING)},
            addressed_by=OBJECT,
        ),
    ]

test_permission_matrix = declare("internal_control", ENDPOINTS)
