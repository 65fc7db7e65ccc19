"""The golden thread page, the goal forms, the API and the demo's figures from the seeds."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from digipuff.core.choices import Role
from digipuff.goals import services
from digipuff.goals.choices import Assessment
from digipuff.goals.models import GoalAssessment
from digipuff.goals.selectors import golden_thread, proposed_assessment
from digipuff.indicators import services as indicator_services
from digipuff.indicators.choices import Breakdown, TargetKind
from digipuff.indicators.services import ValueInput
from digipuff.organisation.models import OrgUnit, ReportOccasion
from tests.factories import make_committee_goal, make_measure


@pytest.fixture
def thread_data(org):
    goal = make_committee_goal(org.sn)
    other = make_committee_goal(org.von, "Fler upplever god hälsa")
    measure = make_measure(org.sn, name="Nöjdhet äldreboende", goals=[goal], breakdown=Breakdown.GENDER)
    indicator_services.measure_values_set(
        actor=None,
        measure=measure,
        values=[
            ValueInput(year=2018, value=D(80)),
            ValueInput(year=2019, value=D(84)),
            ValueInput(year=2019, group="K", value=D(81)),
            ValueInput(year=2019, group="M", value=D(90)),
        ],
    )
    indicator_services.target_set(
        actor=None,
        measure=measure,
        year=2019,
        expected_version=None,
        kind=TargetKind.NUMERIC,
        comparator="gte",
        value=D(85),
    )
    return goal, other, measure


def occasion(name: str = "Verksamhetsberättelse 2019") -> ReportOccasion:
    return ReportOccasion.objects.get(name=name)


@pytest.mark.parametrize("role", Role.values)
def test_every_role_on_the_committee_reads_the_thread_and_not_the_siblings(client, org, users, thread_data, role):
    client.force_login(users[role])
    response = client.get(reverse("goals:thread", args=["SN", 2019]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fler upplever god vård och omsorg" in html and "Nöjdhet äldreboende" in html
    assert "Fler upplever god hälsa" not in html  # VON's goal
    assert client.get(reverse("goals:thread", args=["VON", 2019])).status_code == 403
    assert ("Bedöm för" in html) is (role in {Role.ADMIN, Role.APPROVER, Role.WRITER})


def test_thread_of_a_unit_below_shows_its_committee(client, org, users, thread_data):
    client.force_login(users[Role.READER])
    assert client.get(reverse("goals:thread", args=["SN-VB", 2019])).status_code == 200
    client.logout()
    assert client.get(reverse("goals:thread", args=["SN", 2019])).status_code == 302


def test_the_thread_shows_the_computed_figures(client, org, users, thread_data):
    client.force_login(users[Role.WRITER])
    html = client.get(reverse("goals:thread", args=["SN", 2019])).content.decode()
    assert "84 %" in html and "81 %" in html and "90 %" in html
    assert "≥ 85 %" in html and "Ej uppnått" in html and "Positiv" in html
    assert "Ska förklaras" in html  # women 81, men 90: above the threshold of 5


def test_assessment_proposal_from_targets_and_reason_required(org, users, thread_data):
    goal, _other, measure = thread_data
    proposal = proposed_assessment(committee_goal=goal, occasion=occasion())
    assert (proposal.assessment, proposal.met, proposal.judged) == (Assessment.NOT_ACHIEVED, 0, 1)
    with pytest.raises(Exception, match="avviker från förslaget"):
        services.goal_assessment_set(
            actor=users[Role.WRITER],
            committee_goal=goal,
            occasion=occasion(),
            expected_version=None,
            assessment=Assessment.ACHIEVED,
            analysis="",
        )
    record = services.goal_assessment_set(
        actor=users[Role.WRITER],
        committee_goal=goal,
        occasion=occasion(),
        expected_version=None,
        assessment=Assessment.PARTLY,
        analysis="Nästan",
        reason="Resultatet ligger nära målet.",
    )
    assert record.proposed == Assessment.NOT_ACHIEVED
    indicator_services.target_set(
        actor=None,
        measure=measure,
        year=2019,
        expected_version=measure.targets.get().version,
        kind=TargetKind.NUMERIC,
        comparator="gte",
        value=D(80),
    )
    assert proposed_assessment(committee_goal=goal, occasion=occasion()).assessment == Assessment.ACHIEVED


@pytest.mark.parametrize("role", Role.values)
def test_assessment_form_permission_matrix(client, org, users, thread_data, role):
    goal, other, _measure = thread_data
    client.force_login(users[role])
    url = reverse("goals:assess", args=[goal.pk, occasion().pk])
    data = {"assessment": Assessment.NOT_ACHIEVED, "analysis": "Analys", "reason": ""}
    response = client.post(url, data)
    if role in {Role.ADMIN, Role.APPROVER, Role.WRITER}:
        assert response.status_code == 302
        assert GoalAssessment.objects.get(committee_goal=goal).analysis == "Analys"
    else:
        assert response.status_code == 403
        assert not GoalAssessment.objects.exists()
    other_url = reverse("goals:assess", args=[other.pk, occasion().pk])
    assert client.post(other_url, data).status_code == 404  # VON's goal: not disclosed to SN's users


def test_texts_form_refuses_a_stale_version(client, org, users, thread_data):
    goal, _other, _measure = thread_data
    client.force_login(users[Role.WRITER])
    url = reverse("goals:texts", args=[goal.pk])
    first = {"version": goal.version, "interpretation": "Första", "special_priority": ""}
    assert client.post(url, first).status_code == 302
    response = client.post(url, {**first, "interpretation": "Andra"})
    assert "sparade en nyare version" in response.content.decode()
    goal.refresh_from_db()
    assert goal.interpretation == "Första"


def test_golden_thread_queries_are_bounded_for_50_goals_and_300_measures(org, django_assert_max_num_queries):
    goals = [make_committee_goal(org.sn, f"Delmål {i}") for i in range(50)]
    for i in range(300):
        make_measure(org.sn, name=f"Mått {i}", goals=[goals[i % 50]], breakdown=Breakdown.GENDER)
    with django_assert_max_num_queries(14):
        thread = golden_thread(committee=org.sn, year=2019, occasion=occasion())
    assert sum(len(node.measures) for node in thread.nodes()) == 300


def test_golden_thread_page_queries_are_bounded(client, org, users, django_assert_max_num_queries):
    goals = [make_committee_goal(org.sn, f"Delmål {i}") for i in range(10)]
    for i in range(40):
        make_measure(org.sn, name=f"Mått {i}", goals=[goals[i % 10]])
    client.force_login(users[Role.WRITER])
    client.get(reverse("goals:thread", args=["SN", 2019]))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("goals:thread", args=["SN", 2019])).status_code == 200


def test_goals_api_is_restricted(org, users, thread_data):
    api = APIClient()
    api.force_authenticate(users[Role.READER])
    rows = api.get("/api/v1/goals/", {"year": 2019}).json()["results"]
    assert {row["committee"] for row in rows} == {"SN"}
    assert api.get("/api/v1/measures/").json()["count"] == 1
    values = api.get("/api/v1/measure-values/").json()["results"]
    assert {v["value"] for v in values} == {"80.0000", "84.0000", "81.0000", "90.0000"}


def test_api_suppresses_small_counts(org, users):
    measure = make_measure(org.sn, name="Placerade barn", unit="count", is_count=True, direction="none")
    indicator_services.measure_values_set(actor=None, measure=measure, values=[ValueInput(year=2019, value=D(3))])
    api = APIClient()
    api.force_authenticate(users[Role.READER])
    assert api.get("/api/v1/measure-values/").json()["results"][0]["value"] == "--"


@pytest.mark.django_db
def test_the_demo_shows_the_seeds_figures():
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)  # idempotent
    sn = OrgUnit.objects.get(code="SN")
    thread = golden_thread(committee=sn, year=2019, occasion=occasion("Delår 1 2019"))
    summaries = {s.measure.name: s for node in thread.nodes() for s in node.measures}
    total = summaries["Sjukfrånvaro (total)"]
    assert total.period_label == "02-2019"
    assert total.value_text == "5,7 %"
    assert total.target_text == "Behåll 5,3 %"
    assert total.target_met is False
    assert total.trend == "negative"
    assert [text for _c, _l, _v, text in total.groups] == ["5,7 %", "5,2 %"]
    assert summaries["Korttidssjukfrånvaro (1–14 dagar)"].value_text == "2,4 %"
    assert summaries["Korttidssjukfrånvaro (1–14 dagar)"].trend == "positive"
    assert summaries["Långtidssjukfrånvaro (över 180 dagar)"].value_text == "1,6 %"
    assert summaries["Antal anställda"].value_text == "438"
    von = OrgUnit.objects.get(code="VON")
    thread = golden_thread(committee=von, year=2020, occasion=occasion("Verksamhetsplan 2020"))
    summaries = {s.measure.name: s for node in thread.nodes() for s in node.measures}
    nursing = summaries["Andel brukare nöjda med äldreboendet"]
    assert (nursing.period_label, nursing.value_text) == ("2018", "82 %")
    assert [text for _c, _l, _v, text in nursing.groups] == ["81 %", "85 %"]


def test_activities_count_in_the_proposal(org, users, thread_data):
    from digipuff.activities.models import Activity, ActivityFollowUp
    from digipuff.followup.models import FollowUpStatus

    goal, _other, _measure = thread_data
    FollowUpStatus.ensure_defaults()
    done, late = FollowUpStatus.objects.get(code="klart"), FollowUpStatus.objects.filter(is_at_risk=True).first()
    for title, status in (("A", done), ("B", done), ("C", done), ("D", late)):
        activity = Activity.objects.create(committee=org.sn, year=2019, title=title, owner_unit=org.sn)
        activity.goals.add(goal)
        ActivityFollowUp.objects.create(item=activity, occasion=occasion(), status=status)
    proposal = proposed_assessment(committee_goal=goal, occasion=occasion())
    # One measure target not met, three of four activities done or on track: 3 of 5 -> uppnås delvis.
    assert (proposal.met, proposal.judged, proposal.assessment) == (3, 5, Assessment.PARTLY)


def _committee_with_measures(org, goals: int, measures_per_goal: int, *, first: int = 0):
    made = [make_committee_goal(org.sn, f"Delmål {first + i:03}") for i in range(goals)]
    for i in range(goals * measures_per_goal):
        make_measure(org.sn, name=f"Mått {first * measures_per_goal + i:03}", goals=[made[i % goals]])
    return made


def test_a_large_committees_goals_page_loads_each_goals_measures_when_opened(
    client, org, users, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from digipuff.goals.views import INLINE_MEASURES

    client.force_login(users[Role.READER])
    url = reverse("goals:thread", args=["SN", 2019])
    measured = []
    made = []
    for goals in (10, 40):  # 30 measures (more than shown inline), then four times as many
        made += _committee_with_measures(org, goals - len(made), 3, first=len(made))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        measured.append((len(queries), len(html)))
    assert INLINE_MEASURES < 10 * 3
    (small_queries, _small_size), (large_queries, large_size) = measured
    assert large_queries == small_queries
    assert large_size / 40 < 2500, measured  # a goal costs a heading and a closed <details>, not its table
    assert "measure-table" not in html
    goal = made[-1]
    assert f'hx-get="{reverse("goals:goal_measures", args=[goal.pk])}?occasion=' in html
    assert 'hx-trigger="toggle once"' in html and "3 mått" in html

    # Opened: the goal's table, as a fragment for htmx and as a page of its own without it.
    with django_assert_max_num_queries(16):
        fragment = client.get(reverse("goals:goal_measures", args=[goal.pk]), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body and "measure-table" in body and body.count("<tr") == 1 + 3
    page = client.get(reverse("goals:goal_measures", args=[goal.pk])).content.decode()
    assert "<html" in page and "measure-table" in page and goal.goal.title in page


def test_a_small_committees_goals_page_shows_the_measures_inline(client, org, users):
    _committee_with_measures(org, 4, 3)
    client.force_login(users[Role.READER])
    html = client.get(reverse("goals:thread", args=["SN", 2019])).content.decode()
    assert html.count('class="table table-sm measure-table') == 4
    assert "goal-measures" not in html


def test_goals_api_carries_the_goal_code_and_whether_it_is_retired(org, users, thread_data):
    from digipuff.goals.models import CommitteeGoal

    committee_goal = CommitteeGoal.objects.filter(committee__code="SN").select_related("goal").first()
    goal = committee_goal.goal
    goal.code, goal.retired = "1.2", True
    goal.save(update_fields=["code", "retired"])
    api = APIClient()
    api.force_authenticate(users[Role.READER])
    rows = {row["id"]: row for row in api.get("/api/v1/goals/", {"year": 2019}).json()["results"]}
    assert rows[committee_goal.pk]["code"] == "1.2" and rows[committee_goal.pk]["retired"] is True
    assert all(row["retired"] is False for pk, row in rows.items() if pk != committee_goal.pk)
