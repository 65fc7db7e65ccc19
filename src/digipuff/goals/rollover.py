"""Goals' part of creating a year from another: the goal levels, the goal tree and the committees' goals with their
texts. Each copied goal remembers the goal it was copied from (`carried_from`), so that measures, activities and
risks find their goals in the new year without guessing by title."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.rollover import YearSetupResult, YearSetupStep, year_setup_steps
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel


def copy_goals(*, actor: Any, from_year: int, to_year: int) -> YearSetupResult:
    """Copy `from_year`'s levels, goals (parents before children) and committee goals into `to_year`.

    Retired goals (and with them the goals below them, which retire together) are not carried into the new year.
    A goal owned by a unit that no longer exists in `to_year` is left behind with the goals below it, and so is a
    committee's goal of a committee that has ended; both are reported."""
    result = YearSetupResult()
    levels: dict[int, GoalLevel] = {}
    for level in GoalLevel.objects.filter(year=from_year).order_by("depth"):
        level_copy = GoalLevel(
            year=to_year,
            depth=level.depth,
            name=level.name,
            name_plural=level.name_plural,
            owner=level.owner,
            updated_by=actor,
        )
        level_copy.full_clean()
        level_copy.save()
        levels[level.pk] = level_copy
        result.add(_("Goal levels"))
    copies: dict[int, Goal] = {}
    goals = (
        Goal.objects.filter(year=from_year, retired=False)
        .select_related("owner", "level")
        .order_by("level__depth", "pk")
    )
    for goal in goals:
        if goal.parent_id is not None and goal.parent_id not in copies:
            continue  # its parent was left behind (reported there)
        if not goal.owner.is_active_in(to_year):
            result.unmatched.append(
                _("Goal: {title} (its owner {unit} does not exist in {year})").format(
                    title=goal.title, unit=goal.owner.name, year=to_year
                )
            )
            continue
        copy = Goal(
            year=to_year,
            level=levels[goal.level_id],
            parent=copies.get(goal.parent_id) if goal.parent_id else None,
            owner=goal.owner,
            code=goal.code,
            title=goal.title,
            description=goal.description,
            sort_order=goal.sort_order,
            carried_from=goal,
            updated_by=actor,
        )
        copy.full_clean()
        copy.save()
        copies[goal.pk] = copy
        result.add(_("Goals"))
    committee_goals = CommitteeGoal.objects.filter(goal__year=from_year).select_related("committee").order_by("pk")
    for committee_goal in committee_goals:
        goal_copy = copies.get(committee_goal.goal_id)
        if goal_copy is None or not committee_goal.committee.is_active_in(to_year):
            continue
        CommitteeGoal.objects.create(
            committee=committee_goal.committee,
            goal=goal_copy,
            interpretation=committee_goal.interpretation,
            special_priority=committee_goal.special_priority,
            updated_by=actor,
        )
        result.add(_("The committees' goals with their texts"))
    return result


def goals_present(year: int) -> bool:
    return GoalLevel.objects.filter(year=year).exists() or Goal.objects.filter(year=year).exists()


year_setup_steps.register(
    YearSetupStep(
        name="goals",
        label=gettext_lazy("Goal levels, goals and the committees' goals"),
        order=10,
        run=copy_goals,
        present=goals_present,
    )
)
