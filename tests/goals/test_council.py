"""The council's (and the board's) goals page: every council goal with the committees' goals and assessments
beneath it, and the proposed overall assessment (majority, a tie to the lower)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.goals import services
from digipuff.goals.choices import Assessment, LevelOwner
from digipuff.goals.models import Goal, GoalLevel
from digipuff.goals.selectors import overall_assessment
from digipuff.organisation.models import ReportOccasion
from tests.factories import make_committee_goal

A, P, N, U = Assessment.ACHIEVED, Assessment.PARTLY, Assessment.NOT_ACHIEVED, Assessment.NOT_ASSESSED


@pytest.mark.parametrize(
    ("given", "proposed"),
    [
        ([A, A, P], A),
        ([A, P], P),  # a tie goes to the lower
        ([A, N, P], N),
        ([P, P, N, A], P),
        ([U, U], U),
        ([U, A], A),  # goals not assessed are left out
        ([], U),
    ],
)
def test_the_proposed_overall_assessment_is_the_majority_with_ties_to_the_lower(given, proposed):
    assert overall_assessment(given) == proposed


def _assess(committee_goal, occasion, value):
    services.goal_assessment_set(
        actor=None,
        committee_goal=committee_goal,
        occasion=occasion,
        expected_version=None,
        assessment=value,
        analysis="",
        reason="Skäl.",
    )


@pytest.fixture
def assessed(org):
    occasion = ReportOccasion.objects.get(year__year=2019, kind="interim2")
    sn = make_committee_goal(org.sn, "Fler upplever god vård och omsorg")
    von = make_committee_goal(org.von, "Fler upplever god vård och omsorg")
    sn_health = make_committee_goal(org.sn, "Fler upplever god hälsa")
    _assess(sn, occasion, A)
    _assess(von, occasion, P)
    _assess(sn_health, occasion, A)
    return occasion


def test_the_council_page_shows_each_council_goal_with_the_committees_assessments(
    client, org, users, assessed, django_assert_max_num_queries
):
    client.force_login(users["council_reader"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("goals:thread", args=["KF", 2019]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kommunfullmäktiges mål och nämndernas bedömningar" in html
    goal = Goal.objects.get(year=2019, title="Fler upplever god vård och omsorg")
    section = html[html.index(f'data-council-goal="{goal.pk}"') :]
    section = section[: section.index("</section>")]
    assert 'data-committee="SN"' in section and 'data-committee="VON"' in section
    assert 'data-assessment="achieved"' in section and 'data-assessment="partly"' in section
    # One committee achieved, one partly: the tie goes to the lower.
    assert 'data-proposal="partly"' in section and "Förslag till samlad bedömning" in section and "förslag" in section
    top = Goal.objects.get(year=2019, title="God omsorg för individen")
    top_section = html[html.index(f'data-council-goal="{top.pk}"') :]
    assert top_section.index('data-proposal="achieved"') < top_section.index(f'data-council-goal="{goal.pk}"')
    link = reverse("goals:thread", args=["SN", 2019]) + f"?occasion={assessed.pk}#goal-{goal.pk}"
    assert f'href="{link}"' in html
    assert client.get(link).status_code == 200


def test_the_board_page_shows_the_council_goals_and_an_occasion_without_assessments_shows_none(
    client, org, users, assessed
):
    from digipuff.organisation.choices import OrgUnitKind
    from tests.factories import make_unit

    make_unit("Kommunstyrelsen", parent=org.council, kind=OrgUnitKind.EXECUTIVE_BOARD, code="KS")
    client.force_login(users["council_admin"])
    html = client.get(reverse("goals:thread", args=["KS", 2019])).content.decode()
    assert 'data-assessment="partly"' in html
    first = ReportOccasion.objects.get(year__year=2019, kind="interim1")
    html = client.get(reverse("goals:thread", args=["KF", 2019]) + f"?occasion={first.pk}").content.decode()
    assert 'data-assessment="achieved"' not in html and 'data-assessment="not_assessed"' in html


def test_a_committee_s_own_goal_rolls_up_under_its_council_goal(client, org, users):
    occasion = ReportOccasion.objects.get(year__year=2019, kind="interim2")
    services.goal_level_set(actor=None, year=2019, depth=0, name="Målområde", owner=LevelOwner.COUNCIL)
    services.goal_level_set(actor=None, year=2019, depth=1, name="KF-mål", owner=LevelOwner.COUNCIL)
    services.goal_level_set(actor=None, year=2019, depth=2, name="Nämndmål", owner=LevelOwner.COMMITTEE)
    levels = {level.depth: level for level in GoalLevel.objects.filter(year=2019)}
    area = services.goal_create(actor=None, level=levels[0], title="God omsorg")
    council_goal = services.goal_create(actor=None, level=levels[1], title="Fler ska uppleva god vård", parent=area)
    own = services.goal_create(
        actor=None, level=levels[2], title="Brukarna ska uppleva god kvalitet", parent=council_goal, committee=org.sn
    )
    _assess(own.committee_goals.get(committee=org.sn), occasion, N)
    client.force_login(users["council_reader"])
    html = client.get(reverse("goals:thread", args=["KF", 2019])).content.decode()
    section = html[html.index(f'data-council-goal="{council_goal.pk}"') :]
    assert "Brukarna ska uppleva god kvalitet" in section and 'data-proposal="not_achieved"' in section


@pytest.mark.parametrize("role", Role.values)
def test_roles_on_a_committee_may_not_read_the_council_page(client, org, users, role):
    client.force_login(users[role])
    assert client.get(reverse("goals:thread", args=["KF", 2019])).status_code == 403
