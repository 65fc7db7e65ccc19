"""The goals' part of a committee-year backup: the year's goal levels, the goals the committee works with (shared
council goals found again by their place and title), its committee goals with their texts and assessments."""

from __future__ import annotations

from digipuff.core.backup import BackupPart, backup_parts
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment, GoalLevel

for part in (
    BackupPart(
        model="goals.goallevel",
        collect=lambda scope: GoalLevel.objects.filter(year=scope.year),
        natural_key=("year", "depth"),
    ),
    BackupPart(
        model="goals.goal",
        collect=lambda scope: Goal.objects.filter(
            year=scope.year, committee_goals__committee=scope.committee
        ).distinct(),
        natural_key=("year", "owner", "level", "parent", "title"),
    ),
    BackupPart(
        model="goals.committeegoal",
        collect=lambda scope: CommitteeGoal.objects.filter(committee=scope.committee, goal__year=scope.year),
    ),
    BackupPart(
        model="goals.goalassessment",
        collect=lambda scope: GoalAssessment.objects.filter(
            committee_goal__committee=scope.committee, occasion__year__year=scope.year
        ),
    ),
):
    backup_parts.register(part)
