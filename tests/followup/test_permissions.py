"""The follow-up write API in the shared permission suite (tests/permissions.py): a row names its item by id, so
an item the user may not view is 404, one they may view but not edit 403 (as the follow-up form)."""

from __future__ import annotations

from digipuff.core.choices import Action
from tests.permissions import OBJECT, OWN, SIBLING, SUBTREE, Endpoint, Target, declare


def _rows(kind, items):
    def target(rel):
        return lambda w: Target(
            json={"rows": [{"kind": kind, "item": items(w)[rel].pk, "occasion": w.d1.name, "status": "klart"}]}
        )

    return {rel: target(rel) for rel in (OWN, SUBTREE, SIBLING)}


ENDPOINTS = [
    Endpoint(
        "api:follow-up-batch-list",
        Action.EDIT,
        _rows("activity", lambda w: w.activity),
        addressed_by=OBJECT,
        methods=("POST",),
        ok_post=frozenset({200}),
        rows_filtered=False,
        variant="activity",
    ),
    Endpoint(
        "api:follow-up-batch-list",
        Action.EDIT,
        _rows("risk-action", lambda w: w.risk_action),
        addressed_by=OBJECT,
        methods=("POST",),
        ok_post=frozenset({200}),
        rows_filtered=False,
        variant="risk-action",
    ),
]

test_permission_matrix = declare("followup", ENDPOINTS)
