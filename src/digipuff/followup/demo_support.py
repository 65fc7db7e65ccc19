"""Helpers for the demo loaders of the followed-up modules (activities, internal control, ...): find the goals
demo's goals, or say which one is missing (never skip silently), and write a follow-up once."""

from __future__ import annotations

from typing import Any

from digipuff.followup.models import FollowUpStatus
from digipuff.followup.registry import of
from digipuff.followup.services import follow_up_set
from digipuff.goals.models import CommitteeGoal
from digipuff.organisation.models import OrgUnit, ReportOccasion


class DemoDataMissing(RuntimeError):
    """The demo data this module builds on (the goals demo, the organisation demo) is not there."""


def unit(code: str) -> OrgUnit:
    found = OrgUnit.objects.filter(code=code).first()
    if found is None:
        raise DemoDataMissing(f"The demo org unit {code} is missing; load the organisation demo first.")
    return found


def goal(committee: OrgUnit, year: int, title: str) -> CommitteeGoal:
    found = (
        CommitteeGoal.objects.filter(committee=committee, goal__year=year, goal__title__iexact=title)
        .select_related("goal")
        .first()
    )
    if found is None:
        raise DemoDataMissing(
            f"The goal '{title}' ({year}) is not taken on by {committee.code}; the goals demo must create it first."
        )
    return found


def occasion(year: int, name: str) -> ReportOccasion:
    found = ReportOccasion.objects.filter(year__year=year, name=name).select_related("year").first()
    if found is None:
        raise DemoDataMissing(f"The report occasion '{name}' is missing; load the organisation demo first.")
    return found


def status(code: str) -> FollowUpStatus:
    found = FollowUpStatus.objects.filter(code=code).first()
    if found is None:  # a database emptied after the migrations ran (browser tests flush it)
        FollowUpStatus.ensure_defaults()
        found = FollowUpStatus.objects.get(code=code)
    return found


def follow(
    item: Any, occasion_: ReportOccasion, status_code: str, comment: str, committee: OrgUnit | None = None
) -> None:
    """Write a follow-up once; running the demo again leaves what is there (people may have changed it)."""
    spec = of(item)
    keys: dict[str, Any] = {"item": item, "occasion": occasion_}
    if spec.per_committee:
        keys["committee"] = committee
    if spec.follow_up_model._default_manager.filter(**keys).exists():
        return
    follow_up_set(
        actor=None,
        item=item,
        occasion=occasion_,
        status=status(status_code),
        comment=comment,
        expected_version=None,
        committee=committee,
    )
