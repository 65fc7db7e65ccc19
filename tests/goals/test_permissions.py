"""The golden thread, the goal forms and the goals API in the shared permission suite (tests/permissions.py)."""

from __future__ import annotations

from digipuff.core.choices import Action
from digipuff.goals import services
from digipuff.goals.choices import LevelOwner
from tests.permissions import ABOVE, OBJECT, OWN, SIBLING, SUBTREE, Endpoint, Target, declare

FORM = ("GET", "POST")


def _committee_goal(rel: str):
    """A committee's own goal (nämndmål) under the shared goal, made inside the case's rolled-back savepoint."""

    def target(w):
        level = services.goal_level_set(actor=None, year=2019, depth=2, name="Nämndmål", owner=LevelOwner.COMMITTEE)
        goal = services.goal_create(
            actor=None, level=level, title=f"Nämndmål {rel}", parent=w.goal[rel].goal, committee=w.committee_of[rel]
        )
        return Target({"pk": goal.pk})

    return target


def _goal(rel: str, **extra):
    return lambda w: Target({"pk": w.goal[rel].pk, **{k: f(w) for k, f in extra.items()}})


ENDPOINTS = [
    # A unit below a committee shows its committee's thread.
    Endpoint(
        "goals:thread",
        Action.VIEW,
        {
            rel: (lambda w, rel=rel: Target({"code": w.units[rel].code, "year": 2019}))
            for rel in (OWN, SUBTREE, SIBLING)
        },
    ),
    # A committee's own goal is its administrators' to delete; a shared goal the council's.
    Endpoint(
        "goals:goal_delete",
        Action.ADMINISTER,
        {
            OWN: _committee_goal(OWN),
            SIBLING: _committee_goal(SIBLING),
            ABOVE: lambda w: Target({"pk": w.goal[OWN].goal_id}),
        },
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "goals:assess",
        Action.EDIT,
        {rel: _goal(rel, occasion_pk=lambda w: w.d1.pk) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"assessment": "not_achieved", "analysis": "Analys", "reason": ""},
    ),
    Endpoint(
        "goals:texts",
        Action.EDIT,
        {rel: _goal(rel) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"version": 1, "interpretation": "Tolkning", "special_priority": ""},
    ),
    Endpoint(
        "api:goal-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=w.goal[rel].pk)) for rel in (OWN, SIBLING)},
    ),
    Endpoint("api:goal-detail", Action.VIEW, {rel: _goal(rel) for rel in (OWN, SIBLING)}, addressed_by=OBJECT),
]

test_permission_matrix = declare("goals", ENDPOINTS)
