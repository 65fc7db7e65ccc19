"""Writes to commitments, activities and their follow-up. Policy first, then version check, then audited save.

Setting up the plan (commitments, activities, their links, carrying them forward) needs ADMINISTER on the
committee: that is the quality officer's work. Writing follow-up needs EDIT on the activity's owner unit (see
`digipuff.followup.services.follow_up_set`, re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.activities.models import Activity, Commitment
from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.core.rollover import RolloverResult
from digipuff.followup.services import follow_up_set
from digipuff.goals.models import CommitteeGoal
from digipuff.goals.selectors import matching_goals
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "RolloverResult",
    "activity_create",
    "activity_delete",
    "activity_update",
    "carry_forward",
    "commitment_create",
    "commitment_delete",
    "commitment_update",
    "follow_up_set",
]


def _require(actor: User | None, action: str, obj: Any) -> None:
    if actor is not None:
        policy.require(actor, action, obj)


def activity_scope(activity: Activity) -> deletion.Scope:
    return deletion.Scope(committee=activity.committee, years=frozenset({activity.year}))


def commitment_scope(commitment: Commitment) -> deletion.Scope:
    return deletion.Scope(committee=commitment.owner, years=frozenset({commitment.year}))


@transaction.atomic
def activity_delete(*, actor: User | None, activity: Activity, expected_version: int | None) -> deletion.DeletionPlan:
    """Delete an activity with its follow-up (who may set up the plan may); refused when a decided report shows
    it or it was carried forward to a later year."""
    _require(actor, Action.ADMINISTER, activity.committee)
    return deletion.delete(activity, actor=actor, expected_version=expected_version, scope=activity_scope(activity))


@transaction.atomic
def commitment_delete(
    *, actor: User | None, commitment: Commitment, expected_version: int | None
) -> deletion.DeletionPlan:
    """Delete a commitment with its follow-up; refused while activities belong to it (they are deleted or moved
    first), when a decided report shows it or when it was carried forward to a later year."""
    _require(actor, Action.ADMINISTER, commitment)
    return deletion.delete(
        commitment, actor=actor, expected_version=expected_version, scope=commitment_scope(commitment)
    )


def _check_goals(goals: Iterable[CommitteeGoal], *, committee: OrgUnit | None, year: int) -> list[CommitteeGoal]:
    goals = list(goals)
    for goal in goals:
        if goal.goal.year != year:
            raise ValidationError({"goals": _("The goal {goal} belongs to another year.").format(goal=goal.goal)})
        if committee is not None and goal.committee_id != committee.pk:
            raise ValidationError({"goals": _("The goal {goal} is another committee's.").format(goal=goal.goal)})
    return goals


@transaction.atomic
def commitment_create(
    *,
    actor: User | None,
    owner: OrgUnit,
    year: int,
    title: str,
    background: str = "",
    description: str = "",
    goals: Iterable[CommitteeGoal] = (),
    sort_order: int = 0,
) -> Commitment:
    """Add a development commitment to a committee's plan; owned by the council it is kommunövergripande."""
    _require(actor, Action.ADMINISTER, owner)
    commitment = Commitment(
        owner=owner,
        year=year,
        title=title.strip(),
        background=background,
        description=description,
        sort_order=sort_order,
        updated_by=actor,
    )
    commitment.full_clean()
    goal_list = _check_goals(goals, committee=owner if owner.kind == OrgUnitKind.COMMITTEE else None, year=year)
    with audit.acting_as(actor):
        commitment.save()
        commitment.goals.set(goal_list)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User | None,
    commitment: Commitment,
    expected_version: int | None,
    title: str,
    background: str,
    description: str,
    goals: Iterable[CommitteeGoal],
    sort_order: int,
) -> Commitment:
    """Change a commitment's texts and goal links."""
    _require(actor, Action.ADMINISTER, commitment)
    check_version(commitment, expected_version=expected_version, actor=actor)
    commitment.title, commitment.background, commitment.description = title.strip(), background, description
    commitment.sort_order = sort_order
    commitment.full_clean()
    owner = commitment.owner
    goal_list = _check_goals(
        goals, committee=owner if owner.kind == OrgUnitKind.COMMITTEE else None, year=commitment.year
    )
    with audit.acting_as(actor):
        commitment.save()
        commitment.goals.set(goal_list)
    return commitment


ACTIVITY_FIELDS = (
    "title",
    "background",
    "description",
    "owner_unit",
    "responsible_role",
    "starts",
    "ends",
    "commitment",
    "described_under",
    "sort_order",
)


@transaction.atomic
def activity_create(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    title: str,
    owner_unit: OrgUnit | None = None,
    commitment: Commitment | None = None,
    background: str = "",
    description: str = "",
    responsible_role: str = "",
    starts: date | None = None,
    ends: date | None = None,
    goals: Iterable[CommitteeGoal] = (),
    described_under: CommitteeGoal | None = None,
    sort_order: int = 0,
) -> Activity:
    """Add an activity to a committee's plan. Without an owner unit the committee itself owns it."""
    _require(actor, Action.ADMINISTER, committee)
    activity = Activity(
        committee=committee,
        year=year,
        title=title.strip(),
        owner_unit=owner_unit or committee,
        commitment=commitment,
        background=background,
        description=description,
        responsible_role=responsible_role,
        starts=starts,
        ends=ends,
        described_under=described_under,
        sort_order=sort_order,
        updated_by=actor,
    )
    activity.full_clean()
    goal_list = _check_goals(goals, committee=committee, year=year)
    if described_under is not None:
        _check_goals([described_under], committee=committee, year=year)
    with audit.acting_as(actor):
        activity.save()
        activity.goals.set(goal_list)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User | None,
    activity: Activity,
    expected_version: int | None,
    goals: Iterable[CommitteeGoal],
    **fields: Any,
) -> Activity:
    """Change an activity's texts, owner, period, commitment and goal links (not its committee or year)."""
    _require(actor, Action.ADMINISTER, activity.committee)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"activity_update() got unknown fields {sorted(unknown)}")
    check_version(activity, expected_version=expected_version, actor=actor)
    for name, value in fields.items():
        setattr(activity, name, value.strip() if name == "title" else value)
    activity.full_clean()
    goal_list = _check_goals(goals, committee=activity.committee, year=activity.year)
    if activity.described_under is not None:
        _check_goals([activity.described_under], committee=activity.committee, year=activity.year)
    with audit.acting_as(actor):
        activity.save()
        activity.goals.set(goal_list)
    return activity


# Carry forward ------------------------------------------------------------------------------------------------


def _carry_commitment(
    *, actor: User | None, commitment: Commitment, committee: OrgUnit, to_year: int, result: RolloverResult
) -> Commitment | None:
    existing = (
        Commitment.objects.filter(carried_from=commitment, year=to_year).first()
        or Commitment.objects.filter(owner=commitment.owner, year=to_year, title__iexact=commitment.title).first()
    )
    if existing is not None:
        return existing
    if commitment.owner_id != committee.pk:
        # A kommunövergripande commitment is the council's to carry; a committee only links to it.
        result.unmatched.append(
            _("The shared commitment {title} does not exist in {year} yet.").format(
                title=commitment.title, year=to_year
            )
        )
        return None
    copy = commitment_create(
        actor=actor,
        owner=committee,
        year=to_year,
        title=commitment.title,
        background=commitment.background,
        description=commitment.description,
        sort_order=commitment.sort_order,
        goals=matching_goals(
            commitment.goals.select_related("goal"),
            committee=committee,
            year=to_year,
            result=result,
            item=commitment.title,
        ),
    )
    Commitment.objects.filter(pk=copy.pk).update(carried_from=commitment)
    result.created.append(_("Commitment: {title}").format(title=commitment.title))
    return copy


@transaction.atomic
def carry_forward(
    *,
    actor: User | None,
    committee: OrgUnit,
    from_year: int,
    to_year: int,
    activity_ids: Sequence[int] | None = None,
) -> RolloverResult:
    """Copy chosen activities (all when `activity_ids` is None) of `from_year` into `to_year`'s plan, with their
    commitments and with links to next year's goals matched by title. The old year is not touched: follow-ups stay
    with the old activities, and an activity already carried forward is not copied twice."""
    _require(actor, Action.ADMINISTER, committee)
    if to_year <= from_year:
        raise ValidationError(_("A plan is carried forward to a later year."))
    activities = (
        Activity.objects.filter(committee=committee, year=from_year)
        .select_related("commitment__owner", "owner_unit", "described_under__goal")
        .prefetch_related("goals__goal")
        .order_by("sort_order", "pk")
    )
    if activity_ids is not None:
        activities = activities.filter(pk__in=activity_ids)
    result = RolloverResult()
    for activity in activities:
        if Activity.objects.filter(carried_from=activity, year=to_year).exists():
            result.skipped.append(activity.title)
            continue
        commitment = None
        if activity.commitment is not None:
            commitment = _carry_commitment(
                actor=actor, commitment=activity.commitment, committee=committee, to_year=to_year, result=result
            )
        described = None
        if activity.described_under is not None:
            found = matching_goals(
                [activity.described_under], committee=committee, year=to_year, result=result, item=activity.title
            )
            described = found[0] if found else None
        copy = activity_create(
            actor=actor,
            committee=committee,
            year=to_year,
            title=activity.title,
            owner_unit=activity.owner_unit,
            commitment=commitment,
            background=activity.background,
            description=activity.description,
            responsible_role=activity.responsible_role,
            sort_order=activity.sort_order,
            described_under=described,
            goals=matching_goals(
                activity.goals.all(), committee=committee, year=to_year, result=result, item=activity.title
            ),
        )
        Activity.objects.filter(pk=copy.pk).update(carried_from=activity)
        result.created.append(_("Activity: {title}").format(title=activity.title))
    return result
