"""An administrator sets up the year's goal tree and measures in the admin, through the services."""

from __future__ import annotations

from digipuff.core import audit
from digipuff.core.choices import Role
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.indicators.models import Measure


def test_council_admin_defines_levels_goals_and_a_measure(client, org, users):
    client.force_login(users["council_admin"])
    for depth, name, owner in (
        (0, "Målområde", "council"),
        (1, "Kommunfullmäktigemål", "council"),
        (2, "Nämndmål", "committee"),
    ):
        response = client.post(
            "/admin/goals/goallevel/add/",
            {"year": 2021, "depth": depth, "name": name, "name_plural": "", "owner": owner},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    levels = {level.depth: level for level in GoalLevel.objects.filter(year=2021)}
    assert levels[2].name == "Nämndmål"
    client.post("/admin/goals/goal/add/", {"level": levels[0].pk, "title": "God omsorg för individen", "sort_order": 0})
    area = Goal.objects.get(title="God omsorg för individen")
    client.post(
        "/admin/goals/goal/add/",
        {"level": levels[1].pk, "parent": area.pk, "title": "Fler ska uppleva god vård", "sort_order": 0},
    )
    council_goal = Goal.objects.get(title="Fler ska uppleva god vård")
    response = client.post(
        "/admin/goals/goal/add/",
        {
            "level": levels[2].pk,
            "parent": council_goal.pk,
            "title": "Kortare väntetider",
            "sort_order": 0,
            "committee_for_own_goal": org.sn.pk,
        },
    )
    assert response.status_code == 302
    own = Goal.objects.get(title="Kortare väntetider")
    assert own.owner == org.sn
    assert CommitteeGoal.objects.filter(committee=org.sn, goal=own).exists()
    assert audit.history(own).first().actor == users["council_admin"]
    committee_goal = CommitteeGoal.objects.get(committee=org.sn, goal=own)
    response = client.post(
        "/admin/indicators/measure/add/",
        {
            "owner": org.sn.pk,
            "name": "Väntetid",
            "kind": "measure",
            "unit": "days",
            "decimals": 0,
            "direction": "lower",
            "source": "manual",
            "periodicity": "year",
            "ratio_scale": "100",
            "breakdown": "none",
            "sort_order": 0,
            "goals": [committee_goal.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = Measure.objects.get(name="Väntetid")
    assert list(measure.goals.all()) == [committee_goal]


def test_committee_admin_cannot_define_levels_and_writers_cannot_enter(client, org, users):
    client.force_login(users[Role.ADMIN])
    response = client.post("/admin/goals/goallevel/add/", {"year": 2021, "depth": 0, "name": "X", "owner": "council"})
    assert response.status_code == 403
    client.force_login(users[Role.WRITER])
    assert client.get("/admin/goals/goal/").status_code == 403
