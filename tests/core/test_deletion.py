"""Deleting, for every kind of object a user creates: a confirmation that says what goes with it, the deletion in
the audit and the unit's history of deletions, and the refusals (a decided report or a later year refers to it,
other records protect it, somebody changed it after the page was opened, the user may not)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from digipuff.activities import services as activities
from digipuff.activities.models import Activity, ActivityFollowUp, Commitment
from digipuff.core.choices import Role
from digipuff.economy import services as economy
from digipuff.economy.models import BalanceMeasure, EconomyYear, Investment, StateGrant, Volume
from digipuff.goals import services as goals_services
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment
from digipuff.indicators import services as indicators
from digipuff.indicators.models import Measure, MeasureValue, Target
from digipuff.indicators.services import ValueInput
from digipuff.internal_control import services as ic
from digipuff.internal_control.models import CompetitionTest, Control, ProviderFollowUp, ReviewAction, Risk, RiskAction
from digipuff.organisation.models import ReportOccasion
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import Report, ReportText
from tests.activities.conftest import status
from tests.factories import make_committee_goal, make_measure

CONFLICT_WORDS = "efter att du öppnade sidan"


@pytest.fixture
def admin(client, users):
    client.force_login(users[Role.ADMIN])
    return client


def occasion(kind: str = "interim1", year: int = 2019) -> ReportOccasion:
    return ReportOccasion.objects.get(year__year=year, kind=kind)


def decide(committee, report_type: str = ReportType.INTERIM_1, year: int = 2019) -> Report:
    """A decided report of the committee (the guard reads its status; rendering it is tested in reports)."""
    report = reports.report_create(actor=None, committee=committee, report_type=report_type, year=year)
    Report.objects.filter(pk=report.pk).update(status=Status.DECIDED, case_number="SN 2019/149")
    return report


def deleted(client, url: str, obj, *, expect_also: str = "") -> None:
    """Open the confirmation, check what it says goes with the object, confirm, and check that it is gone."""
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Borttagningen går inte att ångra." in text
    if expect_also:
        assert expect_also in text, text
    assert type(obj).objects.filter(pk=obj.pk).exists(), "a GET deleted the object"
    response = client.post(url, {"version": obj.version})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def refused(client, url: str, obj, reason: str) -> None:
    page = client.get(url)
    assert page.status_code == 200 and reason in page.content.decode()
    assert "btn-danger" not in page.content.decode()  # no delete button, only the reason
    response = client.post(url, {"version": obj.version})
    assert response.status_code == 422 and reason in response.content.decode()
    assert type(obj).objects.filter(pk=obj.pk).exists()


# -- activities and commitments -------------------------------------------------------------------------------------


def _activity(org, **fields) -> Activity:
    return activities.activity_create(
        actor=None, committee=org.sn, year=2019, title="IPS för unga vuxna", owner_unit=org.sn_operation, **fields
    )


def test_activity_with_its_follow_up_is_deleted_after_a_confirmation_and_shows_in_the_history(admin, org, users):
    activity = _activity(org)
    for kind in ("interim1", "interim2"):
        activities.follow_up_set(
            actor=None, item=activity, occasion=occasion(kind), status=status("klart"), comment="Klart",
            expected_version=0,
        )  # fmt: skip
    url = reverse("activities:activity_delete", args=["SN", 2019, activity.pk])
    deleted(admin, url, activity, expect_also="2 uppföljningar av aktiviteter tas också bort.")
    assert not ActivityFollowUp.objects.exists()
    entry = LogEntry.objects.get(object_pk=str(activity.pk), action=LogEntry.Action.DELETE, object_repr=activity.title)
    assert entry.actor == users[Role.ADMIN]
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE).count() == 3  # the follow-ups too
    history = admin.get(reverse("organisation:deletions", args=["SN"])).content.decode()
    assert "IPS för unga vuxna" in history and "2 uppföljningar av aktiviteter tas också bort." in history
    # The item's unit is below the administration: its history holds it too, the sibling committee's does not.
    assert "IPS för unga vuxna" in admin.get(reverse("organisation:deletions", args=["SOF"])).content.decode()
    admin.force_login(users["council_admin"])
    assert "IPS för unga vuxna" not in admin.get(reverse("organisation:deletions", args=["VON"])).content.decode()


def test_activity_shown_by_a_decided_report_or_carried_forward_is_kept(admin, org):
    activity = _activity(org)
    decide(org.sn)
    refused(
        admin,
        reverse("activities:activity_delete", args=["SN", 2019, activity.pk]),
        activity,
        "den fastställda rapporten Delårsrapport 1 2019 för Socialnämnden (SN 2019/149) visar det",
    )
    after = _activity(org)  # added after the decision: the decided report does not show it
    deleted(admin, reverse("activities:activity_delete", args=["SN", 2019, after.pk]), after)
    later = _activity(org)
    copy = activities.activity_create(
        actor=None, committee=org.sn, year=2020, title="IPS för unga vuxna", owner_unit=org.sn_operation
    )
    Activity.objects.filter(pk=copy.pk).update(carried_from=later)
    later.refresh_from_db()
    with pytest.raises(Exception, match="förts över till 2020"):
        activities.activity_delete(actor=None, activity=later, expected_version=later.version)


def test_a_stale_delete_is_refused_naming_who_saved(admin, org, users):
    activity = _activity(org)
    url = reverse("activities:activity_delete", args=["SN", 2019, activity.pk])
    opened_version = activity.version
    other = users["council_admin"]
    activities.activity_update(actor=other, activity=activity, expected_version=activity.version, goals=[], title="Ny")
    response = admin.post(url, {"version": opened_version})
    assert response.status_code == 409
    assert CONFLICT_WORDS in response.content.decode()
    assert (other.get_full_name() or other.get_username()) in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.DELETE).exists()


def test_only_the_plans_administrators_may_delete(client, org, users):
    activity = _activity(org)
    url = reverse("activities:activity_delete", args=["SN", 2019, activity.pk])
    for role in (Role.WRITER, Role.APPROVER, Role.READER):
        client.force_login(users[role])
        assert client.post(url, {"version": activity.version}).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_commitment_with_activities_is_refused_and_without_them_deleted(admin, org):
    commitment = activities.commitment_create(actor=None, owner=org.sn, year=2019, title="Förebyggande arbete")
    activity = _activity(org, commitment=commitment)
    url = reverse("activities:commitment_delete", args=["SN", 2019, commitment.pk])
    refused(admin, url, commitment, "1 aktivitet hänvisar till det")
    Activity.objects.filter(pk=activity.pk).update(commitment=None)
    deleted(admin, url, commitment, expect_also="Inget annat tas bort.")
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


# -- internal control ---------------------------------------------------------------------------------------------


def test_risk_is_deleted_with_its_actions_and_their_follow_up(admin, org):
    risk = ic.risk_create(
        actor=None, committee=org.sn, year=2019, title="Bemanning", process="HR", probability=3, consequence=4
    )
    action = ic.risk_action_create(actor=None, risk=risk, title="Rekrytera", owner_unit=org.sn)
    ic.follow_up_set(
        actor=None, item=action, occasion=occasion(), status=status("klart"), comment="", expected_version=0
    )
    url = reverse("internal_control:item_delete", args=["SN", 2019, "risk", risk.pk])
    deleted(admin, url, risk, expect_also="1 riskreducerande åtgärd och 1 uppföljning av riskåtgärd tas också bort.")
    assert not RiskAction.objects.exists()


def test_risk_action_is_deleted_and_the_risk_kept(admin, org):
    risk = ic.risk_create(
        actor=None, committee=org.sn, year=2019, title="Bemanning", process="HR", probability=3, consequence=4
    )
    action = ic.risk_action_create(actor=None, risk=risk, title="Rekrytera", owner_unit=org.sn)
    deleted(admin, reverse("internal_control:action_delete", args=["SN", 2019, risk.pk, action.pk]), action)
    assert Risk.objects.filter(pk=risk.pk).exists()


@pytest.mark.parametrize(
    ("kind", "model", "create", "fields"),
    [
        ("control", Control, ic.control_create, {"title": "Attest"}),
        ("review-action", ReviewAction, ic.review_action_create, {"review": "Revision", "title": "Rutin"}),
        ("provider-follow-up", ProviderFollowUp, ic.provider_follow_up_create,
         {"agreement": "Avtal", "kind": "agreement"}),
        ("competition-test", CompetitionTest, ic.competition_test_create, {"operation": "Boende"}),
    ],
)  # fmt: skip
def test_every_internal_control_item_is_deleted_and_refused_once_decided(admin, org, kind, model, create, fields):
    item = create(actor=None, committee=org.sn, year=2019, owner_unit=org.sn, **fields)
    kept = create(actor=None, committee=org.sn, year=2019, owner_unit=org.sn, **fields)
    deleted(admin, reverse("internal_control:item_delete", args=["SN", 2019, kind, item.pk]), item)
    decide(org.sn)
    refused(
        admin, reverse("internal_control:item_delete", args=["SN", 2019, kind, kept.pk]), kept, "fastställda rapporten"
    )
    assert model.objects.filter(pk=kept.pk).exists()


# -- reports ------------------------------------------------------------------------------------------------------


def test_a_report_not_decided_is_deleted_with_its_texts_and_a_decided_one_is_kept(admin, org):
    report = reports.report_create(actor=None, committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)
    texts = report.texts.count()
    assert texts > 0
    url = reverse("reports:delete", args=[report.pk])
    page = admin.get(url).content.decode()
    assert f"{texts} rapporttexter" in page
    deleted(admin, url, report)
    assert not ReportText.objects.filter(report_id=report.pk).exists()
    decided = decide(org.sn)
    refused(admin, reverse("reports:delete", args=[decided.pk]), decided, "rapporten är fastställd (SN 2019/149)")


# -- goals and measures -------------------------------------------------------------------------------------------


def test_a_goal_is_deleted_with_the_goals_below_it_and_their_assessments(client, org, users):
    client.force_login(users["council_admin"])
    committee_goal = make_committee_goal(org.sn)
    top = committee_goal.goal.parent
    goals_services.goal_assessment_set(
        actor=None, committee_goal=committee_goal, occasion=occasion(), expected_version=0,
        assessment="not_assessed", analysis="Analys",
    )  # fmt: skip
    measure = make_measure(org.sn, goals=[committee_goal])
    url = reverse("goals:goal_delete", args=[top.pk])
    page = client.get(url).content.decode()
    assert "1 mål" in page and "1 målbedömning" in page and "nämndens mål" in page
    deleted(client, url, top)
    assert not Goal.objects.filter(pk=committee_goal.goal_id).exists()
    assert not CommitteeGoal.objects.exists() and not GoalAssessment.objects.exists()
    assert Measure.objects.filter(pk=measure.pk).exists()  # the measure stays, without the link


def test_a_goal_a_decided_report_shows_is_kept_and_a_committee_admin_may_not_delete_a_council_goal(client, org, users):
    goal = make_committee_goal(org.sn).goal
    client.force_login(users[Role.ADMIN])
    assert client.get(reverse("goals:goal_delete", args=[goal.pk])).status_code == 404  # not theirs to see
    client.force_login(users["council_admin"])
    decide(org.von)  # any committee's decided report shows the council's goals
    refused(client, reverse("goals:goal_delete", args=[goal.pk]), goal, "Vård- och omsorgsnämnden")


def test_a_measure_is_deleted_with_its_figures_unless_a_decided_report_of_their_year_shows_it(admin, org):
    measure = make_measure(org.sn)
    indicators.measure_values_set(
        actor=None, measure=measure, values=[ValueInput(year=2018, value=Decimal(5)), ValueInput(year=2019, value=1)]
    )
    indicators.target_set(
        actor=None, measure=measure, year=2019, expected_version=0, kind="qualitative", qualitative="increase"
    )
    url = reverse("indicators:measure_delete", args=[measure.pk])
    assert "1 etappmål och 2 utfall tas också bort." in admin.get(url).content.decode()
    kept = make_measure(org.sn)
    indicators.measure_values_set(actor=None, measure=kept, values=[ValueInput(year=2019, value=Decimal(5))])
    deleted(admin, url, measure)
    assert not MeasureValue.objects.filter(measure_id=measure.pk).exists()
    assert not Target.objects.filter(measure_id=measure.pk).exists()
    decide(org.sn)
    refused(admin, reverse("indicators:measure_delete", args=[kept.pk]), kept, "fastställda rapporten")


# -- economy records per occasion --------------------------------------------------------------------------------


def test_an_areas_forecast_is_deleted_after_a_confirmation_unless_its_occasion_is_decided(client, org, users):
    from digipuff.economy.models import CostLine, Forecast, OperationArea
    from tests.economy.helpers import areas

    client.force_login(users[Role.CONTROLLER])
    areas(org.sn)
    area = OperationArea.objects.filter(committee=org.sn).order_by("pk").first()
    lines = list(CostLine.objects.filter(committee=org.sn).order_by("pk")[:2])
    for month in (3, 8):
        economy.forecast_set(
            actor=None, committee=org.sn, year=2019, month=month, area=area,
            amounts={line.pk: Decimal(1000) for line in lines},
        )  # fmt: skip
    url = reverse("economy:forecast_delete", args=["SN", 2019, 3, area.code])
    page = client.get(url).content.decode()
    assert "2 prognoser" in page and "Borttagningen går inte att ångra." in page
    form = {f"v_{f.pk}": f.version for f in Forecast.objects.filter(month=3)}
    stale = dict(form)
    first = Forecast.objects.filter(month=3).order_by("pk").first()
    Forecast.objects.filter(pk=first.pk).update(version=first.version + 1)
    assert client.post(url, stale).status_code == 409  # one row changed after the page was opened
    assert Forecast.objects.filter(month=3).count() == 2
    form[f"v_{first.pk}"] = first.version + 1
    assert client.post(url, form).status_code == 302
    assert not Forecast.objects.filter(month=3).exists() and Forecast.objects.filter(month=8).count() == 2
    decide(org.sn, ReportType.INTERIM_2)
    august = reverse("economy:forecast_delete", args=["SN", 2019, 8, area.code])
    response = client.post(august, {f"v_{f.pk}": f.version for f in Forecast.objects.filter(month=8)})
    assert response.status_code == 422 and "fastställda" in response.content.decode()
    assert Forecast.objects.filter(month=8).count() == 2


@pytest.mark.parametrize(
    ("kind", "model", "fields"),
    [
        ("measures", BalanceMeasure, {"description": "Vakanshållning", "effect": Decimal(1000)}),
        ("investments", Investment, {"name": "Nytt boende"}),
        ("grants", StateGrant, {"name": "Statsbidrag"}),
        ("volumes", Volume, {"name": "Placeringar"}),
    ],
)
def test_economy_records_are_deleted_only_after_a_confirmation(client, org, users, kind, model, fields):
    client.force_login(users[Role.CONTROLLER])
    EconomyYear.objects.create(committee=org.sn, year=2019)  # the committee keeps an economy for the year
    save = {
        BalanceMeasure: economy.measure_save, Investment: economy.investment_save,
        StateGrant: economy.state_grant_save, Volume: economy.volume_save,
    }[model]  # fmt: skip
    argument = {BalanceMeasure: "measure", Investment: "investment", StateGrant: "grant", Volume: "volume"}[model]
    record = save(actor=None, **{argument: model(committee=org.sn, year=2019, month=3)}, **fields)
    url = reverse("economy:record_delete", args=["SN", 2019, 3, kind, record.pk])
    deleted(client, url, record)
    kept = save(actor=None, **{argument: model(committee=org.sn, year=2019, month=3)}, **fields)
    august = save(actor=None, **{argument: model(committee=org.sn, year=2019, month=8)}, **fields)
    decide(org.sn)  # Delår 1 (March) is decided: its records are kept, August's are not shown by it
    refused(client, reverse("economy:record_delete", args=["SN", 2019, 3, kind, kept.pk]), kept, "fastställda")
    deleted(client, reverse("economy:record_delete", args=["SN", 2019, 8, kind, august.pk]), august)
