"""The golden thread, the goal forms and the goals API in the shared permission suite (tests/permissions.py)."""

from __future__ import annotations

from digipuff.core.choices import Action
from digipuff.goals import services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import Goal, GoalLevel
from tests.permissions import ABOVE, ELSEWHERE, OBJECT, OWN, SIBLING, SUBTREE, Endpoint, Target, declare

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
    # A unit below a committee shows its committee's thread; the council's code its goals page (the committees'
    # assessments rolled up), which those with a role on the council read.
    Endpoint(
        "goals:thread",
        Action.VIEW,
        {
            **{
                rel: (lambda w, rel=rel: Target({"code": w.units[rel].code, "year": 2019}))
                for rel in (OWN, SUBTREE, SIBLING)
            },
            ABOVE: lambda w: Target({"code": "KF", "year": 2019}),
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
    # One goal's measure table, loaded by the goals page of a large committee.
    Endpoint("goals:goal_measures", Action.VIEW, {rel: _goal(rel) for rel in (OWN, SIBLING)}, addressed_by=OBJECT),
    Endpoint(
        "api:goal-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=w.goal[rel].pk)) for rel in (OWN, SIBLING)},
    ),
    Endpoint("api:goal-detail", Action.VIEW, {rel: _goal(rel) for rel in (OWN, SIBLING)}, addressed_by=OBJECT),
]


def own_goal(committee):
    """A committee's own goal (nämndmål) under a council delmål, made inside the check's savepoint."""
    level = services.goal_level_set(actor=None, year=2019, depth=2, name="Nämndmål", owner=LevelOwner.COMMITTEE)
    parent = Goal.objects.get(year=2019, title="Fler upplever god hälsa")
    return services.goal_create(actor=None, level=level, parent=parent, committee=committee, title="Eget mål")


def _set_up(**extra):
    """The set-up pages of a committee (SN own, VON sibling)."""
    return {
        rel: (lambda w, rel=rel: Target({"code": w.committee_of[rel].code, "year": 2019, **extra}))
        for rel in (OWN, SIBLING)
    }


def _setup_goal():
    """A goal in a committee's tree: SN's own goal, VON's own goal, a council goal (above) seen from SN, and VON's
    goal asked for under SN (elsewhere)."""
    return {
        OWN: lambda w: Target({"code": "SN", "year": 2019, "pk": own_goal(w.sn).pk}),
        SIBLING: lambda w: Target({"code": "VON", "year": 2019, "pk": own_goal(w.von).pk}),
        ABOVE: lambda w: Target({"code": "SN", "year": 2019, "pk": w.goal[OWN].goal_id}),
        ELSEWHERE: lambda w: Target({"code": "SN", "year": 2019, "pk": own_goal(w.von).pk}),
    }


def _new_goal(w):
    return {
        "level": GoalLevel.objects.get(year=2019, depth=1).pk,
        "parent": Goal.objects.get(year=2019, title="God omsorg för individen").pk,
        "title": "Nytt delmål",
    }


ENDPOINTS += [
    Endpoint("goals:setup", Action.ADMINISTER, _set_up()),
    Endpoint("goals:goal_create", Action.ADMINISTER, _set_up(), methods=FORM, data=_new_goal),
    Endpoint(
        "goals:goal_edit",
        Action.ADMINISTER,
        _setup_goal(),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"title": "Ändrat mål"},
    ),
    Endpoint(
        "goals:goal_move",
        Action.ADMINISTER,
        _setup_goal(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"direction": "down"},
    ),
    Endpoint(
        "goals:goal_retire",
        Action.ADMINISTER,
        _setup_goal(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"retired": "1"},
    ),
    Endpoint(
        "goals:adopt",
        Action.ADMINISTER,
        _set_up(),
        methods=("POST",),
        data=lambda w: {"goal": Goal.objects.get(year=2019, title="Ökad delaktighet").pk},
    ),
    Endpoint("goals:export", Action.ADMINISTER, _set_up()),
    # Without a file the form is refused (422): the matrix checks who reaches it; tests/goals/test_import.py the rest.
    Endpoint("goals:import", Action.ADMINISTER, _set_up(), methods=FORM, data=lambda w: {}),
]

test_permission_matrix = declare("goals", ENDPOINTS)
