"""Writes to the goal tree: levels, goals, a committee's texts and its assessments. Policy first, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version, lock_or_new, save_new_or_conflict
from digipuff.goals.choices import Assessment, LevelOwner
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment, GoalLevel
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require(actor: User | None, action: str, obj: Model) -> None:
    if actor is not None:
        policy.require(actor, action, obj)


def _council() -> OrgUnit:
    council = OrgUnit.objects.filter(parent__isnull=True).first()
    if council is None:
        raise ValidationError(_("The org tree has no council yet."))
    return council


@transaction.atomic
def goal_level_set(
    *,
    actor: User | None,
    year: int,
    depth: int,
    name: str,
    name_plural: str = "",
    owner: str,
    expected_version: int | None = None,
) -> GoalLevel:
    """Define (or rename) a level of the year's goal tree; only the municipality's administrators may.

    `expected_version`: the version the user's form showed (0 for a new level); None for the demo and commands."""
    _require(actor, Action.ADMINISTER, _council())
    keys = {"year": year, "depth": depth}
    with audit.acting_as(actor):
        level = lock_or_new(GoalLevel, keys=keys, expected_version=expected_version, actor=actor)
        level.name, level.name_plural, level.owner, level.updated_by = name, name_plural, owner, actor
        level.full_clean(validate_unique=False, validate_constraints=False)
        save_new_or_conflict(level, keys=keys)
    return level


@transaction.atomic
def goal_create(
    *,
    actor: User | None,
    level: GoalLevel,
    title: str,
    parent: Goal | None = None,
    committee: OrgUnit | None = None,
    description: str = "",
    sort_order: int = 0,
) -> Goal:
    """Add a goal. A council-level goal is owned by the council; a committee goal by its committee, which also
    takes it on at once."""
    if level.owner == LevelOwner.COMMITTEE:
        if committee is None or committee.kind != OrgUnitKind.COMMITTEE:
            raise ValidationError({"committee": _("A goal on this level belongs to a committee.")})
        owner = committee
    else:
        owner = _council()
    _require(actor, Action.ADMINISTER, owner)
    goal = Goal(
        year=level.year,
        level=level,
        parent=parent,
        owner=owner,
        title=title,
        description=description,
        sort_order=sort_order,
        updated_by=actor,
    )
    goal.full_clean()
    with audit.acting_as(actor):
        goal.save()
        if level.owner == LevelOwner.COMMITTEE:
            CommitteeGoal.objects.create(committee=owner, goal=goal, updated_by=actor)
    return goal


@transaction.atomic
def committee_goal_adopt(*, actor: User | None, committee: OrgUnit, goal: Goal) -> CommitteeGoal:
    """The committee takes on a shared council goal (and so its parents) as part of its plan."""
    _require(actor, Action.ADMINISTER, committee)
    if goal.owner_id not in (committee.pk, *committee.ancestor_ids()):
        raise ValidationError(_("The goal belongs to another committee."))
    with audit.acting_as(actor):
        committee_goal, _created = CommitteeGoal.objects.get_or_create(
            committee=committee, goal=goal, defaults={"updated_by": actor}
        )
        if goal.parent is not None:
            committee_goal_adopt(actor=actor, committee=committee, goal=goal.parent)
    return committee_goal


@transaction.atomic
def committee_goal_texts_set(
    *,
    actor: User | None,
    committee_goal: CommitteeGoal,
    expected_version: int | None,
    interpretation: str,
    special_priority: str,
) -> CommitteeGoal:
    """Save the committee's interpretation of a goal and what it gives special priority."""
    _require(actor, Action.EDIT, committee_goal)
    check_version(committee_goal, expected_version=expected_version, actor=actor)
    committee_goal.interpretation = interpretation
    committee_goal.special_priority = special_priority
    committee_goal.full_clean()
    with audit.acting_as(actor):
        committee_goal.save()
    return committee_goal


@transaction.atomic
def goal_assessment_set(
    *,
    actor: User | None,
    committee_goal: CommitteeGoal,
    occasion: ReportOccasion,
    expected_version: int | None,
    assessment: str,
    analysis: str,
    reason: str = "",
) -> GoalAssessment:
    """Set the assessment and analysis of a goal at an occasion. The system's proposal is stored beside it; a
    person who departs from it must say why."""
    from digipuff.goals.selectors import proposed_assessment

    _require(actor, Action.EDIT, committee_goal)
    if occasion.year.year != committee_goal.goal.year:
        raise ValidationError(_("The occasion belongs to another year than the goal."))
    keys = {"committee_goal": committee_goal, "occasion": occasion}
    record = lock_or_new(GoalAssessment, keys=keys, expected_version=expected_version, actor=actor)
    proposal = proposed_assessment(committee_goal=committee_goal, occasion=occasion)
    if (
        assessment not in (Assessment.NOT_ASSESSED, proposal.assessment)
        and proposal.assessment != Assessment.NOT_ASSESSED
        and not reason.strip()
    ):
        raise ValidationError(
            {
                "reason": _("The assessment differs from the proposal ({proposal}); say why.").format(
                    proposal=Assessment(proposal.assessment).label
                )
            }
        )
    record.assessment, record.analysis, record.reason = assessment, analysis, reason
    record.proposed = proposal.assessment
    record.updated_by = actor
    record.full_clean(validate_unique=False, validate_constraints=False)
    with audit.acting_as(actor):
        save_new_or_conflict(record, keys=keys)
    return record


@transaction.atomic
def goal_update(
    *,
    actor: User | None,
    goal: Goal,
    expected_version: int | None,
    title: str,
    description: str = "",
    parent: Goal | None = None,
    sort_order: int = 0,
) -> Goal:
    """Change a goal's wording or place; the owner and level stay."""
    _require(actor, Action.ADMINISTER, goal.owner)
    check_version(goal, expected_version=expected_version, actor=actor)
    goal.title, goal.description, goal.parent, goal.sort_order = title, description, parent, sort_order
    goal.full_clean()
    with audit.acting_as(actor):
        goal.save()
    return goal


def goal_scope(goal: Goal) -> deletion.Scope:
    """A council goal shows in every committee's reports of its year; a committee's own goal in that committee's."""
    return deletion.Scope(committee=goal.owner, years=frozenset({goal.year}))


@transaction.atomic
def goal_delete(*, actor: User | None, goal: Goal, expected_version: int | None) -> deletion.DeletionPlan:
    """Delete a goal with the goals below it, the committees' texts and assessments of them (and their links to
    measures and activities); administrators of the goal's owner may. Refused when a decided report of its year
    shows it."""
    _require(actor, Action.ADMINISTER, goal.owner)
    return deletion.delete(goal, actor=actor, expected_version=expected_version, scope=goal_scope(goal))
