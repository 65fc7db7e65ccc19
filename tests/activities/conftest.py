"""Fixtures for the activities and internal-control tests: goals taken on by SN (2019, 2020) and VON (2020), a
small plan for SN 2019 and helpers to reach the report occasions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from digipuff.activities import services
from digipuff.activities.models import Activity, Commitment
from digipuff.followup.demo_support import status as status  # the tests import it from here
from digipuff.goals.models import CommitteeGoal
from digipuff.organisation.models import ReportOccasion
from tests.activities.goals import make_goals


def occasion(year: int, prefix: str) -> ReportOccasion:
    return ReportOccasion.objects.get(year__year=year, name=f"{prefix} {year}")


@dataclass
class Plan:
    goals: dict[str, CommitteeGoal]
    commitment: Commitment
    shared: Commitment
    activity: Activity
    other: Activity


# The part of the goal tree these tests use (the demo test builds the whole tree).
SMALL_TREE = {
    "Bra att leva och bo": ["Ökad delaktighet", "Ökad jämlikhet"],
    "Fler i jobb": ["Fler i egen försörjning"],
    "God omsorg för individen": ["Fler upplever god hälsa", "Fler upplever god vård och omsorg"],
    "Attraktiv arbetsgivare": ["Goda förutsättningar"],
    "Sund ekonomi": ["Budgethållning"],
}


@pytest.fixture
def goals(org) -> dict[str, CommitteeGoal]:
    made = make_goals(org.sn, 2019, SMALL_TREE)
    make_goals(org.sn, 2020, SMALL_TREE)
    make_goals(org.von, 2020, SMALL_TREE)
    return made


@pytest.fixture
def plan(org, goals) -> Plan:
    commitment = services.commitment_create(
        actor=None,
        owner=org.sn,
        year=2019,
        title="Långsiktigt och förebyggande arbete",
        goals=[goals["Fler upplever god hälsa"]],
    )
    shared = services.commitment_create(
        actor=None, owner=org.council, year=2019, title="Aktiv och systematisk rehabilitering samt utökad uppföljning"
    )
    activity = services.activity_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="IPS-metoden för unga vuxna",
        owner_unit=org.sn_operation,
        commitment=commitment,
        goals=[goals["Fler i egen försörjning"], goals["Fler upplever god hälsa"]],
        described_under=goals["Fler i egen försörjning"],
    )
    other = services.activity_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Korta sjukfrånvaron",
        owner_unit=org.sof,
        commitment=shared,
        goals=[goals["Goda förutsättningar"]],
    )
    return Plan(goals, commitment, shared, activity, other)
