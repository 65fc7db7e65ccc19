"""Creating a planning year from another: the service (what is copied, counts, refusals, all or nothing) and the
`digipuff year create` command."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from digipuff.activities import services as activities
from digipuff.activities.models import Activity
from digipuff.core.choices import Role
from digipuff.core.rollover import year_setup_steps
from digipuff.goals import services as goal_services
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.indicators import services as indicator_services
from digipuff.indicators.choices import Comparator, TargetKind
from digipuff.indicators.models import Measure, Target
from digipuff.internal_control import services as ic
from digipuff.internal_control.models import Risk
from digipuff.organisation import services
from digipuff.organisation.models import PlanningYear, ReportOccasion
from digipuff.reports.models import ReportTemplate
from tests.activities.conftest import SMALL_TREE
from tests.activities.goals import make_goals
from tests.factories import make_measure

FROM, TO = 2020, 2021


@pytest.fixture
def year_2020(org):
    """SN's and VON's 2020: goals with texts, a measure with a target, a year template, an activity and a risk."""
    sn_goals = make_goals(org.sn, FROM, SMALL_TREE)
    make_goals(org.von, FROM, {"Fler i jobb": ["Fler i egen försörjning"]})
    health = sn_goals["Fler upplever god hälsa"]
    goal_services.committee_goal_texts_set(
        actor=None,
        committee_goal=health,
        expected_version=None,
        interpretation="Vi tolkar målet så",
        special_priority="Barn och unga",
    )
    measure = make_measure(org.sn, goals=[health], name="Andel nöjda brukare", source="kolada", source_id="U35544")
    indicator_services.target_set(
        actor=None,
        measure=measure,
        year=FROM,
        expected_version=None,
        kind=TargetKind.NUMERIC,
        comparator=Comparator.GTE,
        value=Decimal("85"),
    )
    template = ReportTemplate.objects.order_by("pk").first()
    own = ReportTemplate.objects.create(report_type=template.report_type, name=f"Delår 1 {FROM}", year=FROM)
    own.sections.create(order=10, title="Sammanfattning", kind="text")
    activities.activity_create(
        actor=None, committee=org.sn, year=FROM, title="Förebyggande arbete", owner_unit=org.sof, goals=[health]
    )
    ic.risk_create(
        actor=None,
        committee=org.sn,
        year=FROM,
        title="Brist på lokaler",
        process="Lokaler",
        probability=3,
        consequence=4,
    )
    ReportOccasion.objects.filter(year__year=FROM, kind="interim1").update(deadline=date(FROM, 4, 20))
    return {"measure": measure, "health": health}


EXPECTED = [
    ("Rapporttillfällen", 4),
    ("Målnivåer", 2),
    ("Mål", 12),  # 5 areas and 7 sub-goals (VON's one sub-goal is among SN's)
    ("Nämndernas mål med sina texter", 14),  # SN took on 7 sub-goals and their 5 areas, VON one and its area
    ("Mått kopplade till årets mål", 1),
    ("Målvärden (att revidera)", 1),
    ("Rapportmallar", 1),
    ("Aktiviteter med sina åtaganden", 1),
    ("Risker med sina åtgärder", 1),
]


def test_apps_register_their_year_setup_steps_in_order():
    names = [step.name for step in year_setup_steps]
    assert names[:2] == ["goals", "measures"] and "templates" in names


def test_creating_a_year_copies_the_set_up_and_carries_the_plans_forward(org, users, year_2020):
    outcome = services.year_create(actor=users["council_admin"], year=TO, from_year=FROM)
    counts = dict(outcome.counts)
    for label, number in EXPECTED:
        assert counts.get(label) == number, (label, counts)
    occasions = list(ReportOccasion.objects.filter(year__year=TO).order_by("period_end"))
    assert [(o.name, o.period_end) for o in occasions] == [
        ("Verksamhetsplan 2021", date(2021, 1, 1)),
        ("Delår 1 2021", date(2021, 3, 31)),
        ("Delår 2 2021", date(2021, 8, 31)),
        ("Verksamhetsberättelse 2021", date(2021, 12, 31)),
    ]
    assert occasions[1].deadline == date(2021, 4, 20)
    assert list(GoalLevel.objects.filter(year=TO).values_list("name", flat=True)) == ["Övergripande mål", "Delmål"]
    health = CommitteeGoal.objects.get(committee=org.sn, goal__year=TO, goal__title="Fler upplever god hälsa")
    assert (health.interpretation, health.special_priority) == ("Vi tolkar målet så", "Barn och unga")
    assert health.goal.carried_from == year_2020["health"].goal
    assert health.goal.parent.title == "God omsorg för individen" and health.goal.parent.year == TO
    measure = Measure.objects.get(pk=year_2020["measure"].pk)
    assert set(measure.goals.values_list("goal__year", flat=True)) == {FROM, TO}
    assert measure.source_id == "U35544"
    target = Target.objects.get(measure=measure, year=TO)
    assert (target.comparator, target.value, target.to_revise) == (Comparator.GTE, Decimal("85"), True)
    assert not Target.objects.get(measure=measure, year=FROM).to_revise
    assert ReportTemplate.objects.get(year=TO).sections.get().title == "Sammanfattning"
    activity = Activity.objects.get(year=TO)
    assert list(activity.goals.all()) == [health]
    assert Risk.objects.filter(year=TO, committee=org.sn).count() == 1
    # The old year is as it was.
    assert Goal.objects.filter(year=FROM).count() == 12 and GoalLevel.objects.filter(year=FROM).count() == 2


def test_saving_a_copied_target_clears_the_mark(org, users, year_2020):
    services.year_create(actor=users["council_admin"], year=TO, from_year=FROM)
    target = Target.objects.get(year=TO)
    saved = indicator_services.target_set(
        actor=None,
        measure=target.measure,
        year=TO,
        expected_version=target.version,
        kind=TargetKind.NUMERIC,
        comparator=Comparator.GTE,
        value=Decimal("87"),
    )
    assert not saved.to_revise


def test_a_dry_run_counts_and_changes_nothing(org, users, year_2020):
    before = (Goal.objects.count(), Target.objects.count(), ReportOccasion.objects.count(), Activity.objects.count())
    outcome = services.year_create(actor=users["council_admin"], year=TO, from_year=FROM, dry_run=True)
    assert outcome.dry_run and dict(outcome.counts)["Mål"] == 12
    assert not PlanningYear.objects.filter(year=TO).exists()
    after = (Goal.objects.count(), Target.objects.count(), ReportOccasion.objects.count(), Activity.objects.count())
    assert after == before


@pytest.mark.parametrize(
    ("year", "from_year", "message"),
    [
        (2020, 2019, "Året 2020 finns redan."),
        (2021, 2018, "Det finns inget år 2018 att utgå från."),
        (2022, 2020, "Ett år skapas från året före: 2022 är inte 2020 + 1."),
        (1980, 2019, "Året måste ligga mellan 1990 och 2100."),
    ],
)
def test_refusals_name_the_reason(org, users, year, from_year, message):
    with pytest.raises(ValidationError) as refused:
        services.year_create(actor=users["council_admin"], year=year, from_year=from_year)
    assert message in refused.value.messages


def test_a_later_year_is_created_when_forced(org, users, year_2020):
    outcome = services.year_create(actor=users["council_admin"], year=2023, from_year=FROM, force=True)
    assert ReportOccasion.objects.get(year__year=2023, kind="interim1").deadline == date(2023, 4, 20)
    assert dict(outcome.counts)["Aktiviteter med sina åtaganden"] == 1


def test_a_year_that_already_has_goals_is_refused(org, users, year_2020):
    goal_services.goal_level_set(actor=None, year=TO, depth=0, name="Målområde", owner="council")
    with pytest.raises(ValidationError, match="Året 2021 har redan målnivåer"):
        services.year_create(actor=users["council_admin"], year=TO, from_year=FROM)
    assert not PlanningYear.objects.filter(year=TO).exists()


def test_only_an_administrator_of_the_municipality_may(org, users, year_2020):
    with pytest.raises(PermissionDenied):
        services.year_create(actor=users[Role.ADMIN], year=TO, from_year=FROM)
    assert not PlanningYear.objects.filter(year=TO).exists()


def test_a_failure_in_a_late_step_leaves_nothing(org, users, year_2020):
    # A risk whose owner unit belongs to another committee fails in the risks step, after the goals, measures,
    # templates and activities were copied: the whole year is undone.
    risk = Risk.objects.get(year=FROM)
    Risk.objects.filter(pk=risk.pk).update(owner_unit=org.von_operation)
    with pytest.raises(ValidationError):
        services.year_create(actor=users["council_admin"], year=TO, from_year=FROM)
    assert not PlanningYear.objects.filter(year=TO).exists()
    assert not Goal.objects.filter(year=TO).exists() and not Target.objects.filter(year=TO).exists()
    assert not Activity.objects.filter(year=TO).exists() and not ReportTemplate.objects.filter(year=TO).exists()


def test_the_command_creates_the_year_and_says_what_it_made(org, users, year_2020):
    out = StringIO()
    call_command("year", "create", str(TO), "--from", str(FROM), "--as", "council_admin", "--dry-run", stdout=out)
    assert "Mål: 12" in out.getvalue() and "Provkörning" in out.getvalue()
    assert not PlanningYear.objects.filter(year=TO).exists()
    out = StringIO()
    call_command("year", "create", str(TO), "--from", str(FROM), "--as", "council_admin", stdout=out)
    assert "Året 2021 skapades från 2020." in out.getvalue()
    assert PlanningYear.objects.filter(year=TO).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(TO), "--from", str(FROM), "--as", "sn_admin"], "Inte tillåtet"),
        (["2020", "--from", "2019", "--as", "council_admin"], "Året 2020 finns redan."),
        ([str(TO), "--from", str(FROM), "--as", "ingen"], "ingen"),
    ],
)
def test_the_command_refuses_in_one_sentence(org, users, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("year", "create", *args, stdout=StringIO())
