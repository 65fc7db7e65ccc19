"""The permission matrix for every write of activities and internal control: each role on Socialnämnden, the
council's roles, a user without roles, a unit in the subtree, the sibling committee, and anonymous requests."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from digipuff.activities import services
from digipuff.core.choices import Role
from digipuff.internal_control import services as ic
from tests.activities.conftest import occasion, status
from tests.factories import UserFactory, grant

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


def test_pages_that_write_answer_403_to_the_wrong_roles_and_send_anonymous_to_login(client, org, users, plan, ic_plan):
    d1 = occasion(2019, "Delår 1")
    follow_url = reverse("followup:edit", args=["activity", plan.activity.pk, d1.pk])
    admin_urls = [
        reverse("activities:activity_create", args=["SN", 2019]),
        reverse("activities:activity_edit", args=["SN", 2019, plan.activity.pk]),
        reverse("activities:commitment_create", args=["SN", 2019]),
        reverse("activities:carry_forward", args=["SN", 2019]),
        reverse("internal_control:item_create", args=["SN", 2019, "risk"]),
        reverse("internal_control:item_edit", args=["SN", 2019, "control", ic_plan["control"].pk]),
        reverse("internal_control:action_create", args=["SN", 2019, ic_plan["risk"].pk]),
    ]
    for url in [follow_url, *admin_urls]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
        assert client.post(url, {}).status_code == 302
    client.force_login(users[Role.READER])
    assert client.get(follow_url).status_code == 403
    assert client.post(follow_url, {"version": 0, "comment": "x"}).status_code == 403
    client.force_login(users[Role.WRITER])
    assert client.get(follow_url).status_code == 200
    for url in admin_urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    client.force_login(users[Role.ADMIN])
    for url in admin_urls:
        assert client.get(url).status_code == 200, url
    von_writer = UserFactory(username="von_writer")
    grant(von_writer, org.von, Role.WRITER)
    client.force_login(von_writer)
    assert client.get(follow_url).status_code == 403
    assert client.get(reverse("activities:overview", args=["SN", 2019])).status_code == 403
