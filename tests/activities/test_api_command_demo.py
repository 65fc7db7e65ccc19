"""The read API (same policy as the pages), the `digipuff activities` command, the demo loaders and the
completeness of the Swedish catalogues."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from digipuff.activities import demo as activities_demo
from digipuff.activities.models import Activity, ActivityFollowUp, Commitment, CommitmentFollowUp
from digipuff.core.choices import Role
from digipuff.followup.demo_support import DemoDataMissing
from digipuff.internal_control import demo as ic_demo
from digipuff.internal_control import services as ic
from digipuff.internal_control.models import ControlResult, ReviewAction, Risk, RiskActionFollowUp
from digipuff.organisation import demo as organisation_demo
from digipuff.organisation.models import OrgUnit
from tests.activities.conftest import occasion, status
from tests.activities.goals import make_goals
from tests.factories import UserFactory, grant


def test_api_lists_what_the_user_may_view(client, org, users, plan):
    ic.risk_create(actor=None, committee=org.sn, year=2019, title="SN-risk", process="P", probability=3, consequence=3)
    ic.risk_create(
        actor=None, committee=org.von, year=2020, title="VON-risk", process="P", probability=4, consequence=4
    )
    ic.follow_up_set(
        actor=None,
        item=plan.activity,
        occasion=occasion(2019, "Delår 1"),
        status=status("klart"),
        comment="Klart",
        expected_version=None,
    )
    assert client.get("/api/v1/activities/").status_code == 403
    client.force_login(users[Role.READER])
    activities = client.get("/api/v1/activities/?year=2019").json()["results"]
    assert {a["title"] for a in activities} == {plan.activity.title, plan.other.title}
    commitments = {c["title"]: c for c in client.get("/api/v1/commitments/").json()["results"]}
    assert commitments[plan.shared.title]["municipality_wide"] is True
    risks = client.get("/api/v1/risks/").json()["results"]
    assert [(r["title"], r["risk_value"]) for r in risks] == [("SN-risk", 9)]
    assert client.get("/api/v1/risks/?risk_value=10").json()["results"] == []
    follow_ups = client.get("/api/v1/activity-follow-ups/").json()["results"]
    assert follow_ups[0]["status"] == "klart" and follow_ups[0]["occasion"] == "Delår 1 2019"
    late = client.get(f"/api/v1/activities/?occasion={occasion(2019, 'Delår 1').pk}&missing_comment=true").json()
    assert [a["title"] for a in late["results"]] == [plan.other.title]
    assert len(client.get("/api/v1/follow-up-statuses/").json()["results"]) == 5
    von_writer = UserFactory(username="von_api")
    grant(von_writer, org.von, Role.WRITER)
    client.force_login(von_writer)
    assert [r["title"] for r in client.get("/api/v1/risks/").json()["results"]] == ["VON-risk"]
    assert client.get("/api/v1/activities/").json()["results"] == []


def test_command_carries_forward_and_refuses_without_rights(org, users, plan):
    out = StringIO()
    call_command(
        "activities",
        "carry-forward",
        "--unit",
        "SN",
        "--from",
        "2019",
        "--to",
        "2020",
        "--as",
        users[Role.ADMIN].username,
        "--only",
        "activities",
        stdout=out,
    )
    assert "IPS-metoden för unga vuxna" in out.getvalue()
    assert Activity.objects.filter(year=2020).count() == 2
    with pytest.raises(CommandError, match="Inte tillåtet: Du har inte behörighet att administrera Socialnämnden"):
        call_command(
            "activities",
            "carry-forward",
            "--unit",
            "SN",
            "--from",
            "2019",
            "--to",
            "2020",
            "--as",
            users[Role.WRITER].username,
        )
    with pytest.raises(CommandError, match="är ingen nämnd"):
        call_command("activities", "list", "--unit", "SOF", "--year", "2019", "--as", users[Role.ADMIN].username)


def test_demo_loads_the_seeds_twice_without_duplicates(db):
    organisation_demo.load()
    with pytest.raises(DemoDataMissing, match=r"The goal .Fler upplever god hälsa. \(2019\) is not taken on by SN"):
        activities_demo.load()
    make_goals(OrgUnit.objects.get(code="SN"), 2019)
    make_goals(OrgUnit.objects.get(code="VON"), 2020)
    for _ in range(2):
        activities_demo.load()
        ic_demo.load()
    sn = OrgUnit.objects.get(code="SN")
    assert Commitment.objects.filter(owner=sn, year=2019).count() == 2
    assert Commitment.objects.filter(owner__code="KF", year=2019).count() == 2
    assert Commitment.objects.filter(owner__code="VON", year=2020).count() == 4
    assert Activity.objects.filter(committee=sn, year=2019).count() == 12
    assert ActivityFollowUp.objects.filter(item__committee=sn).count() == 12
    ips = ActivityFollowUp.objects.get(item__title__startswith="IPS-metoden")
    assert ips.status.name == "Troligen klart i år" and "kö till insatsen" in ips.comment
    assert CommitmentFollowUp.objects.filter(committee=sn).count() == 4
    assert sorted(r.risk_value for r in Risk.objects.filter(committee=sn)) == [9, 12, 12, 12]
    varljus = RiskActionFollowUp.objects.get(item__title="Fortsatt dialog med Vårljus.")
    assert varljus.status.name == "Ej klart i år"
    assert ReviewAction.objects.get().case_number.startswith("SN-2018/325")
    assert ControlResult.objects.get().item.title == "Jämlikhetsaktiviteter"


@pytest.mark.parametrize("app", ["activities", "internal_control"])
def test_swedish_catalogue_is_complete(app):
    po = Path(__file__).resolve().parents[2] / "src" / "digipuff" / app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    empty = [e for e in entries if e.rstrip().endswith('msgstr ""') or 'msgstr[0] ""' in e or "#, fuzzy" in e]
    assert empty == []
