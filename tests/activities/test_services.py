"""Commitments, activities and their follow-up through the services: per occasion, history, versions, policy."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from digipuff.activities import services
from digipuff.activities.models import ActivityFollowUp, CommitmentFollowUp
from digipuff.core import audit
from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError
from digipuff.followup import selectors as followup_selectors
from digipuff.followup import services as followup_services
from digipuff.followup.selectors import follow_ups_for
from digipuff.organisation import selectors as org_selectors
from tests.activities.conftest import occasion, status


def test_follow_up_per_occasion_keeps_each_occasion_and_shows_the_previous(org, users, plan):
    writer = users[Role.WRITER]
    d1, d2 = occasion(2019, "Delår 1"), occasion(2019, "Delår 2")
    services.follow_up_set(
        actor=writer,
        item=plan.activity,
        occasion=d1,
        status=status("troligen-klart"),
        comment="Kö till insatsen.",
        expected_version=0,
    )
    services.follow_up_set(
        actor=writer,
        item=plan.activity,
        occasion=d2,
        status=status("klart"),
        comment="Klart i augusti.",
        expected_version=0,
    )
    assert ActivityFollowUp.objects.filter(item=plan.activity).count() == 2
    occasions = list(org_selectors.occasions(2019))
    view = follow_ups_for(ActivityFollowUp, [plan.activity.pk], occasion=d2, occasions=occasions)[plan.activity.pk]
    assert view.status.name == "Klart" and view.comment == "Klart i augusti."
    assert view.previous.occasion == d1 and view.previous.status.name == "Troligen klart i år"
    assert view.is_done and not view.is_late
    at_d1 = follow_ups_for(ActivityFollowUp, [plan.activity.pk], occasion=d1, occasions=occasions)[plan.activity.pk]
    assert at_d1.comment == "Kö till insatsen." and at_d1.previous is None


def test_changing_a_follow_up_bumps_its_version_and_is_in_the_history(org, users, plan):
    writer = users[Role.WRITER]
    d1 = occasion(2019, "Delår 1")
    first = services.follow_up_set(
        actor=writer,
        item=plan.activity,
        occasion=d1,
        status=status("blir-klart"),
        comment="Enligt plan.",
        expected_version=0,
    )
    second = services.follow_up_set(
        actor=writer,
        item=plan.activity,
        occasion=d1,
        status=status("ej-klart"),
        comment="Försenat.",
        expected_version=first.version,
    )
    assert second.pk == first.pk and second.version == 2 and second.updated_by == writer
    entries = list(audit.history(second))
    assert len(entries) == 2 and entries[0].actor == writer
    assert entries[0].changes_dict["comment"] == ["Enligt plan.", "Försenat."]


def test_a_save_from_an_old_copy_is_refused_and_names_who_saved(org, users, plan):
    d1 = occasion(2019, "Delår 1")
    services.follow_up_set(
        actor=users[Role.WRITER], item=plan.activity, occasion=d1, status=None, comment="Först", expected_version=0
    )
    with pytest.raises(ConflictError) as exc:
        services.follow_up_set(
            actor=users[Role.APPROVER],
            item=plan.activity,
            occasion=d1,
            status=None,
            comment="Sen",
            expected_version=0,
        )
    assert users[Role.WRITER].get_full_name() in exc.value.message and "har inte sparats" in exc.value.message
    assert ActivityFollowUp.objects.get().comment == "Först"


def test_follow_up_is_not_written_in_the_plan_or_another_year(org, users, plan):
    with pytest.raises(ValidationError, match="inte i planen"):
        services.follow_up_set(
            actor=None,
            item=plan.activity,
            occasion=occasion(2019, "Verksamhetsplan"),
            status=None,
            comment="x",
            expected_version=None,
        )
    with pytest.raises(ValidationError, match="annat år"):
        services.follow_up_set(
            actor=None,
            item=plan.activity,
            occasion=occasion(2020, "Delår 1"),
            status=None,
            comment="x",
            expected_version=None,
        )


def test_each_committee_follows_up_a_shared_commitment_itself(org, users, plan):
    d1 = occasion(2019, "Delår 1")
    services.follow_up_set(
        actor=users[Role.WRITER],
        item=plan.shared,
        occasion=d1,
        status=status("blir-klart"),
        comment="SN:s text",
        expected_version=0,
        committee=org.sn,
    )
    services.follow_up_set(
        actor=None,
        item=plan.shared,
        occasion=d1,
        status=status("ej-klart"),
        comment="VON:s text",
        expected_version=0,
        committee=org.von,
    )
    assert CommitmentFollowUp.objects.get(committee=org.sn).comment == "SN:s text"
    assert CommitmentFollowUp.objects.get(committee=org.von).comment == "VON:s text"
    with pytest.raises(PermissionDenied):
        services.follow_up_set(
            actor=users[Role.WRITER],
            item=plan.shared,
            occasion=d1,
            status=None,
            comment="x",
            expected_version=None,
            committee=org.von,
        )
    with pytest.raises(ValidationError, match="inte en del av"):
        services.follow_up_set(
            actor=None,
            item=plan.commitment,
            occasion=d1,
            status=None,
            comment="x",
            expected_version=None,
            committee=org.von,
        )


def test_an_activity_links_to_several_goals_and_is_described_under_another(org, plan):
    titles = {g.goal.title for g in plan.activity.goals.all()}
    assert titles == {"Fler i egen försörjning", "Fler upplever god hälsa"}
    assert plan.activity.described_under.goal.title == "Fler i egen försörjning"
    assert plan.activity.commitment == plan.commitment


def test_activity_rules(org, goals, plan):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(actor=None, committee=org.sn, year=2019, title="X", owner_unit=org.von_operation)
    assert "Ansvarig enhet måste höra till nämnden." in str(exc.value)
    von_goals = {g.goal.title: g for g in org.von.committee_goals.select_related("goal")}
    with pytest.raises(ValidationError, match="en annan nämnds"):
        services.activity_create(
            actor=None, committee=org.sn, year=2020, title="Y", goals=[von_goals["Budgethållning"]]
        )
    with pytest.raises(ValidationError, match="annat år"):
        services.activity_create(actor=None, committee=org.sn, year=2020, title="Z", commitment=plan.commitment)
    own = services.activity_create(actor=None, committee=org.sn, year=2019, title="Utan ägare")
    assert own.owner_unit == org.sn


def test_update_checks_the_version(org, users, plan):
    admin = users[Role.ADMIN]
    activity = plan.activity
    services.activity_update(
        actor=admin,
        activity=activity,
        expected_version=1,
        goals=[plan.goals["Fler upplever god hälsa"]],
        title="IPS för unga vuxna",
    )
    assert activity.version == 2 and [g.goal.title for g in activity.goals.all()] == ["Fler upplever god hälsa"]
    with pytest.raises(ConflictError):
        services.activity_update(actor=admin, activity=activity, expected_version=1, goals=[], title="Annat")


def test_statuses_are_configurable_by_the_municipality_only(org, users):
    with pytest.raises(PermissionDenied):
        followup_services.follow_up_status_save(
            actor=users[Role.ADMIN], code="pagar", name="Pågår", sort_order=25, is_done=False, is_at_risk=False
        )
    created = followup_services.follow_up_status_save(
        actor=users["council_admin"], code="pagar", name="Pågår", sort_order=25, is_done=False, is_at_risk=False
    )
    assert [s.name for s in followup_selectors.statuses()][:3] == ["Klart", "Blir klart i år", "Pågår"]
    followup_services.follow_up_status_save(
        actor=users["council_admin"],
        code="pagar",
        name="Pågår",
        sort_order=25,
        is_done=False,
        is_at_risk=False,
        is_active=False,
    )
    created.refresh_from_db()
    assert not created.is_active
