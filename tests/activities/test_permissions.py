"""Who may do what in activities: the pages and API routes declared into the shared permission suite
(tests/permissions.py), and the services' own matrix for every write of activities and internal control."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from digipuff.activities import services
from digipuff.core.choices import Action, Role
from digipuff.internal_control import services as ic
from tests.activities.conftest import occasion, status
from tests.factories import UserFactory, grant
from tests.permissions import ABOVE, ELSEWHERE, OBJECT, OWN, SIBLING, SUBTREE, Endpoint, Target, code, declare

def _follow_up(kind: str, item: Callable[[Any], Any], committee: str | None = None) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        query = {"committee": w.committee_of[committee].code} if committee else {}
        return Target({"kind": kind, "pk": item(w).pk, "occasion": w.d1.pk}, query)

    return target


def _in(relation: str, **extra: Callable[[Any], Any]) -> Callable[[Any], Target]:
    """The committee of `relation` in the URL, plus object ids."""
    return lambda w: Target({"code": w.committee_of[relation].code, "year": 2019, **{k: f(w) for k, f in extra.items()}})


FOLLOW_UP = {"version": 0, "comment": "Pågår enligt plan"}
ACTIVITY = {"version": 0, "title": "Ny aktivitet", "sort_order": 0}
COMMITMENT = {"version": 0, "title": "Nytt åtagande", "sort_order": 0}
PAGE, ADMIN_FORM = ("GET",), ("GET", "POST")

ENDPOINTS = [
    Endpoint("activities:overview", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
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
        "activities:carry_forward",
        Action.ADMINISTER,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=ADMIN_FORM,
        data=lambda w: {"to_year": 2020},
    ),
    # Follow-up in place, for every kind of item: named by the item's id, so an item the user may not view is 404.
    *[
        Endpoint(
            "activities:follow_up",
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
        "activities:follow_up",
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
        "activities:follow_up",
        Action.EDIT,
        {OWN: _follow_up("commitment", lambda w: w.shared, committee=OWN)},
        addressed_by=OBJECT,
        methods=ADMIN_FORM,
        data=lambda w: FOLLOW_UP,
        variant="shared commitment",
    ),
    Endpoint(
        "activities:follow_up",
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

WRITERS = {Role.ADMIN, Role.APPROVER, Role.WRITER, "council_admin"}
ADMINS = {Role.ADMIN, "council_admin"}
EVERYONE = [*Role.values, "council_admin", "council_reader", "nobody"]


@pytest.fixture
def ic_plan(org, plan):
    risk = ic.risk_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Risk",
        goal=plan.goals["Ökad jämlikhet"],
        probability=3,
        consequence=4,
    )
    action = ic.risk_action_create(actor=None, risk=risk, title="Åtgärd", owner_unit=org.sn_operation)
    control = ic.control_create(actor=None, committee=org.sn, year=2019, title="Kontroll", owner_unit=org.sof)
    review = ic.review_action_create(actor=None, committee=org.sn, year=2019, review="Granskning", title="Åtgärd")
    provider = ic.provider_follow_up_create(
        actor=None, committee=org.sn, year=2019, agreement="Avtal", kind="agreement"
    )
    test = ic.competition_test_create(actor=None, committee=org.sn, year=2019, operation="Verksamhet")
    return {"risk": risk, "action": action, "control": control, "review": review, "provider": provider, "test": test}


def _follow_up_writes(plan, ic_plan, org):
    return {
        "activity": {"item": plan.activity},
        "commitment": {"item": plan.commitment, "committee": org.sn},
        "shared commitment": {"item": plan.shared, "committee": org.sn},
        "risk action": {"item": ic_plan["action"]},
        "control": {"item": ic_plan["control"]},
        "review action": {"item": ic_plan["review"]},
        "provider follow-up": {"item": ic_plan["provider"]},
        "competition test": {"item": ic_plan["test"]},
    }


def _plan_writes(plan, ic_plan, org):
    goal = plan.goals["Ökad jämlikhet"]
    return {
        "commitment_create": lambda a: services.commitment_create(actor=a, owner=org.sn, year=2019, title="Nytt"),
        "commitment_update": lambda a: services.commitment_update(
            actor=a,
            commitment=plan.commitment,
            expected_version=None,
            title="Ändrat",
            background="",
            description="",
            goals=[],
            sort_order=0,
        ),
        "activity_create": lambda a: services.activity_create(actor=a, committee=org.sn, year=2019, title="Ny"),
        "activity_update": lambda a: services.activity_update(
            actor=a, activity=plan.activity, expected_version=None, goals=[], title="Ändrad"
        ),
        "carry_forward": lambda a: services.carry_forward(actor=a, committee=org.sn, from_year=2019, to_year=2020),
        "risk_create": lambda a: ic.risk_create(
            actor=a, committee=org.sn, year=2019, title="R", goal=goal, probability=1, consequence=1
        ),
        "risk_update": lambda a: ic.risk_update(actor=a, risk=ic_plan["risk"], expected_version=None, probability=4),
        "risk_action_create": lambda a: ic.risk_action_create(actor=a, risk=ic_plan["risk"], title="Å"),
        "risk_action_update": lambda a: ic.risk_action_update(
            actor=a, action=ic_plan["action"], expected_version=None, title="Å2"
        ),
        "control_create": lambda a: ic.control_create(actor=a, committee=org.sn, year=2019, title="K"),
        "control_update": lambda a: ic.control_update(
            actor=a, control=ic_plan["control"], expected_version=None, title="K2"
        ),
        "review_action_create": lambda a: ic.review_action_create(
            actor=a, committee=org.sn, year=2019, review="G", title="Å"
        ),
        "review_action_update": lambda a: ic.review_action_update(
            actor=a, review_action=ic_plan["review"], expected_version=None, title="Å2"
        ),
        "provider_follow_up_create": lambda a: ic.provider_follow_up_create(
            actor=a, committee=org.sn, year=2019, agreement="A", kind="other"
        ),
        "provider_follow_up_update": lambda a: ic.provider_follow_up_update(
            actor=a, provider_follow_up=ic_plan["provider"], expected_version=None, timing="Hösten"
        ),
        "competition_test_create": lambda a: ic.competition_test_create(
            actor=a, committee=org.sn, year=2019, operation="V"
        ),
        "competition_test_update": lambda a: ic.competition_test_update(
            actor=a, competition_test=ic_plan["test"], expected_version=None, timing="2020"
        ),
        "ic_carry_forward": lambda a: ic.carry_forward(actor=a, committee=org.sn, from_year=2019, to_year=2020),
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_follow_up_writes_per_role(org, users, plan, ic_plan, who):
    d1 = occasion(2019, "Delår 1")
    for name, target in _follow_up_writes(plan, ic_plan, org).items():

        def write(name=name, target=target):
            return services.follow_up_set(
                actor=users[who], occasion=d1, status=status("klart"), comment=name, expected_version=None, **target
            )

        if who in WRITERS:
            assert write().comment == name, name
        else:
            with pytest.raises(PermissionDenied):
                write()


@pytest.mark.parametrize("who", EVERYONE)
def test_plan_writes_per_role(org, users, plan, ic_plan, who):
    for name, write in _plan_writes(plan, ic_plan, org).items():
        if who in ADMINS:
            write(users[who])
        else:
            with pytest.raises(PermissionDenied) as exc:
                write(users[who])
            assert str(exc.value).startswith("Du har inte behörighet att administrera"), name


def test_a_writer_on_an_operation_writes_its_own_activities_only(org, plan, ic_plan):
    writer = UserFactory(username="vb_writer")
    grant(writer, org.sn_operation, Role.WRITER)
    d1 = occasion(2019, "Delår 1")
    services.follow_up_set(
        actor=writer, item=plan.activity, occasion=d1, status=None, comment="ok", expected_version=None
    )
    services.follow_up_set(
        actor=writer, item=ic_plan["action"], occasion=d1, status=None, comment="ok", expected_version=None
    )
    for item in (plan.other, ic_plan["control"]):  # owned by Socialförvaltningen, above the operation
        with pytest.raises(PermissionDenied):
            services.follow_up_set(
                actor=writer, item=item, occasion=d1, status=None, comment="x", expected_version=None
            )


def test_a_writer_in_sn_changes_nothing_in_von(org, users, goals):
    von_activity = services.activity_create(actor=None, committee=org.von, year=2020, title="VON:s aktivitet")
    von_risk = ic.risk_create(
        actor=None, committee=org.von, year=2020, title="VON-risk", process="Bemanning", probability=4, consequence=4
    )
    von_action = ic.risk_action_create(actor=None, risk=von_risk, title="Åtgärd")
    for user in (users[Role.WRITER], users[Role.ADMIN]):
        for item in (von_activity, von_action):
            with pytest.raises(PermissionDenied, match="Vård- och omsorgsnämnden"):
                services.follow_up_set(
                    actor=user,
                    item=item,
                    occasion=occasion(2020, "Delår 1"),
                    status=None,
                    comment="x",
                    expected_version=None,
                )
        with pytest.raises(PermissionDenied):
            ic.risk_update(actor=user, risk=von_risk, expected_version=None, probability=1)
