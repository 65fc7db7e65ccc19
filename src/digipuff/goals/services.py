"""Writes to the goal tree: levels, goals, a committee's texts and its assessments. Policy first, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet
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
    sort_order: int | None = 0,
    code: str = "",
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
    _check_parent(owner=owner, parent=parent)
    goal = Goal(
        year=level.year,
        level=level,
        parent=parent,
        owner=owner,
        code=code.strip(),
        title=title,
        description=description,
        sort_order=_next_order(level=level, parent=parent, owner=owner) if sort_order is None else sort_order,
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
    if goal.retired:
        raise ValidationError(_("The goal {goal} is retired.").format(goal=goal.title))
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


def _check_parent(*, owner: OrgUnit, parent: Goal | None) -> None:
    """A goal hangs under a goal of its own owner or of a unit above it (a committee's goal under a council goal),
    never under another committee's goal or a retired one."""
    if parent is None:
        return
    if parent.owner_id not in (owner.pk, *owner.ancestor_ids()):
        raise ValidationError({"parent": _("The parent goal belongs to another committee.")})
    if parent.retired:
        raise ValidationError({"parent": _("The parent goal is retired.")})


def _siblings(*, level: GoalLevel, parent: Goal | None, owner: OrgUnit) -> QuerySet[Goal]:
    """The goals a goal is ordered among: the same level, parent and owner (another committee's goals under the
    same council goal are ordered by that committee)."""
    return Goal.objects.filter(year=level.year, level=level, parent=parent, owner=owner)


def _next_order(*, level: GoalLevel, parent: Goal | None, owner: OrgUnit) -> int:
    last = _siblings(level=level, parent=parent, owner=owner).aggregate(last=Max("sort_order"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def goal_update(
    *,
    actor: User | None,
    goal: Goal,
    expected_version: int | None,
    title: str,
    description: str = "",
    parent: Goal | None = None,
    sort_order: int | None = None,
    code: str | None = None,
) -> Goal:
    """Change a goal's wording or place; the owner and level stay. Moved to another parent it goes last among its
    new siblings unless an order is given; `sort_order=None` keeps the order otherwise."""
    _require(actor, Action.ADMINISTER, goal.owner)
    check_version(goal, expected_version=expected_version, actor=actor)
    if parent != goal.parent:
        _check_parent(owner=goal.owner, parent=parent)
        if sort_order is None:
            sort_order = _next_order(level=goal.level, parent=parent, owner=goal.owner)
    goal.title, goal.description, goal.parent = title, description, parent
    if sort_order is not None:
        goal.sort_order = sort_order
    if code is not None:
        goal.code = code.strip()
    goal.full_clean()
    with audit.acting_as(actor):
        goal.save()
    return goal


@transaction.atomic
def goal_reorder(*, actor: User | None, goal: Goal, expected_version: int | None, direction: str) -> Goal:
    """Move a goal one place up or down among its siblings; the siblings are numbered 0, 1, 2, ... afterwards."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a goal up or down."))
    _require(actor, Action.ADMINISTER, goal.owner)
    check_version(goal, expected_version=expected_version, actor=actor)
    siblings = list(
        _siblings(level=goal.level, parent=goal.parent, owner=goal.owner)
        .select_for_update()
        .order_by("sort_order", "title", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == goal.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise ValidationError(_("The goal is already first.") if direction == "up" else _("The goal is already last."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with audit.acting_as(actor):
        for order, sibling in enumerate(siblings):
            if sibling.pk == goal.pk:
                sibling = goal
            if sibling.sort_order != order or sibling is goal:
                sibling.sort_order = order
                if sibling is not goal:
                    sibling.version += 1
                    sibling.updated_by = actor
                sibling.save()
    return goal


@transaction.atomic
def goal_retire(*, actor: User | None, goal: Goal, expected_version: int | None, retired: bool = True) -> Goal:
    """Retire a goal with every goal under it: no longer shown in new plans and reports, kept with its texts,
    measures and history. Restoring brings back the goal itself (its parent must be in use)."""
    _require(actor, Action.ADMINISTER, goal.owner)
    check_version(goal, expected_version=expected_version, actor=actor)
    if not retired and goal.parent is not None and goal.parent.retired:
        raise ValidationError(_("Restore the parent goal {goal} first.").format(goal=goal.parent.title))
    with audit.acting_as(actor):
        goal.retired = retired
        goal.save()
        if retired:
            below = [goal.pk]
            while below:
                children = list(Goal.objects.select_for_update().filter(parent_id__in=below, retired=False))
                for child in children:
                    _require(actor, Action.ADMINISTER, child.owner)
                    child.retired, child.version, child.updated_by = True, child.version + 1, actor
                    child.save()
                below = [child.pk for child in children]
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
