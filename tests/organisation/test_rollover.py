"""Carrying a year forward: every app's registered step in one transaction, through the organisation's service, the
page and both commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from digipuff.activities.models import Activity, Commitment
from digipuff.core.choices import Role
from digipuff.core.rollover import rollover_steps
from digipuff.internal_control import services as ic
from digipuff.internal_control.models import Control, Risk, RiskAction
from digipuff.organisation import services


@pytest.fixture
def ic_plan(org, plan):
    risk = ic.risk_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Brist på lokaler",
        goal=plan.goals["Fler upplever god vård och omsorg"],
        probability=3,
        consequence=4,
    )
    ic.risk_action_create(actor=None, risk=risk, title="Långsiktig lokalplanering", owner_unit=org.sof)
    control = ic.control_create(
        actor=None, committee=org.sn, year=2019, title="Jämlikhetsaktiviteter", goal=plan.goals["Ökad jämlikhet"]
    )
    return {"risk": risk, "control": control}


def nothing_in_2020() -> bool:
    return not (
        Activity.objects.filter(year=2020).exists()
        or Commitment.objects.filter(year=2020, carried_from__isnull=False).exists()
        or Risk.objects.filter(year=2020).exists()
        or Control.objects.filter(year=2020).exists()
    )


def test_the_apps_register_their_steps_in_order():
    assert [step.name for step in rollover_steps] == ["economy", "activities", "risks", "controls"]
    assert str(rollover_steps["activities"].label) == "Aktiviteter med sina åtaganden"


def test_every_step_runs_and_reports_its_counts_and_a_second_run_copies_nothing(org, users, plan, ic_plan):
    admin = users[Role.ADMIN]
    outcome = services.year_carry_forward(actor=admin, committee=org.sn, from_year=2019, to_year=2020)
    # Two activities and SN's own commitment; the shared commitment does not exist in 2020 and is reported.
    assert {s.name: s.counts for s in outcome.steps} == {
        "economy": {"created": 0, "skipped": 0, "unmatched": 0},  # SN has no economy set-up for 2019 here
        "activities": {"created": 3, "skipped": 0, "unmatched": 1},
        "risks": {"created": 1, "skipped": 0, "unmatched": 0},
        "controls": {"created": 1, "skipped": 0, "unmatched": 0},
    }
    assert Activity.objects.filter(year=2020, carried_from__isnull=False).count() == 2
    assert RiskAction.objects.filter(risk__year=2020).count() == 1
    assert Control.objects.get(year=2020).carried_from == ic_plan["control"]
    again = services.year_carry_forward(actor=admin, committee=org.sn, from_year=2019, to_year=2020)
    assert again.created == [] and len(again.skipped) == 4
    assert Activity.objects.filter(year=2020).count() == 2 and Risk.objects.filter(year=2020).count() == 1


def test_a_failing_later_step_leaves_nothing_from_the_earlier_ones(org, users, plan, ic_plan):
    # A risk whose owner unit has since moved to another committee: copying it fails in the risks step, after the
    # activities step has already copied the activities.
    Risk.objects.filter(pk=ic_plan["risk"].pk).update(owner_unit=org.von_operation)
    with pytest.raises(ValidationError, match="höra till nämnden"):
        services.year_carry_forward(actor=users[Role.ADMIN], committee=org.sn, from_year=2019, to_year=2020)
    assert nothing_in_2020()
    with pytest.raises(ValidationError):
        services.year_carry_forward(actor=users[Role.ADMIN], committee=org.sn, from_year=2019, to_year=2020)
    assert nothing_in_2020()
    # Without the broken risk the same run goes through.
    outcome = services.year_carry_forward(
        actor=users[Role.ADMIN], committee=org.sn, from_year=2019, to_year=2020, only=["activities", "controls"]
    )
    assert [s.name for s in outcome.steps] == ["activities", "controls"]
    assert Activity.objects.filter(year=2020).count() == 2


@pytest.mark.parametrize("role", [Role.APPROVER, Role.WRITER, Role.CONTROLLER, Role.READER, "council_reader", "nobody"])
def test_only_the_committees_administrators_carry_a_year_forward(org, users, plan, ic_plan, role):
    with pytest.raises(PermissionDenied):
        services.year_carry_forward(actor=users[role], committee=org.sn, from_year=2019, to_year=2020)
    assert nothing_in_2020()
    outcome = services.year_carry_forward(
        actor=users["council_admin"], committee=org.sn, from_year=2019, to_year=2020, only=["controls"]
    )
    assert outcome.steps[0].counts["created"] == 1


def test_a_dry_run_tells_what_would_be_copied_and_changes_nothing(org, users, plan, ic_plan):
    outcome = services.year_carry_forward(
        actor=users[Role.ADMIN], committee=org.sn, from_year=2019, to_year=2020, dry_run=True
    )
    assert outcome.dry_run and len(outcome.created) == 5
    assert nothing_in_2020()


def test_chosen_items_unknown_parts_and_wrong_years(org, users, plan, ic_plan):
    admin = users[Role.ADMIN]
    outcome = services.year_carry_forward(
        actor=admin, committee=org.sn, from_year=2019, to_year=2020, chosen={"risks": [ic_plan["risk"].pk]}
    )
    assert [s.name for s in outcome.steps] == ["risks"] and outcome.created == ["Risk: Brist på lokaler"]
    with pytest.raises(ValidationError, match="Okända delar att föra över: budget"):
        services.year_carry_forward(actor=admin, committee=org.sn, from_year=2019, to_year=2020, only=["budget"])
    with pytest.raises(ValidationError, match="senare år"):
        services.year_carry_forward(actor=admin, committee=org.sn, from_year=2019, to_year=2019)
    with pytest.raises(ValidationError, match="inte en nämnd"):
        services.year_carry_forward(actor=admin, committee=org.sof, from_year=2019, to_year=2020)


def test_the_page_offers_every_steps_items_and_shows_the_counts(client, org, users, plan, ic_plan):
    client.force_login(users[Role.ADMIN])
    url = reverse("activities:carry_forward", args=["SN", 2019])
    page = client.get(url).content.decode()
    assert f'value="activities:{plan.activity.pk}"' in page and f'value="controls:{ic_plan["control"].pk}"' in page
    response = client.post(
        url, {"to_year": 2020, "items": [f"activities:{plan.activity.pk}", f"controls:{ic_plan['control'].pk}"]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "3 poster kopierades." in html
    assert "Aktiviteter med sina åtaganden: 2 kopierade" in html and "Systematiska kontroller: 1 kopierad" in html
    assert not Risk.objects.filter(year=2020).exists()


@pytest.mark.parametrize("command", ["year", "activities"])
def test_the_year_command_and_its_old_alias_run_the_same_service(org, users, plan, ic_plan, command):
    out = StringIO()
    args = ["carry-forward", "--unit", "SN", "--from", "2019", "--to", "2020", "--as", users[Role.ADMIN].username]
    call_command(command, *args, "--only", "risks,controls", "--dry-run", stdout=out)
    assert "Risker med sina åtgärder: 1 kopierade" in out.getvalue() and "Provkörning" in out.getvalue()
    assert nothing_in_2020()
    call_command(command, *args, stdout=out)
    assert "5 kopierade, 0 fanns redan, 1 kopplingar utan motsvarighet i 2020." in out.getvalue()
    assert Risk.objects.filter(year=2020).count() == 1 and Activity.objects.filter(year=2020).count() == 2
    with pytest.raises(CommandError, match="Okända delar att föra över: budget"):
        call_command(command, *args, "--only", "budget")
    with pytest.raises(CommandError, match="Inte tillåtet"):
        call_command(command, *args[:-1], users[Role.WRITER].username)
