"""The activities' part of a committee-year backup: the year's development commitments (the committee's own and the
kommunövergripande ones it follows up, found again by owner, year and title), its activities and their follow-ups."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from digipuff.activities.models import Activity, ActivityFollowUp, Commitment, CommitmentFollowUp
from digipuff.core.backup import BackupPart, Scope, backup_parts


def _commitments(scope: Scope) -> QuerySet[Commitment]:
    committee = scope.committee
    return Commitment.objects.filter(
        Q(owner=committee) | Q(follow_ups__committee=committee) | Q(activities__committee=committee),
        year=scope.year,
    ).distinct()


for part in (
    BackupPart(model="activities.commitment", collect=_commitments, natural_key=("owner", "year", "title")),
    BackupPart(
        model="activities.activity",
        collect=lambda scope: Activity.objects.filter(committee=scope.committee, year=scope.year),
    ),
    BackupPart(
        model="activities.activityfollowup",
        collect=lambda scope: ActivityFollowUp.objects.filter(item__committee=scope.committee, item__year=scope.year),
    ),
    BackupPart(
        model="activities.commitmentfollowup",
        collect=lambda scope: CommitmentFollowUp.objects.filter(
            committee=scope.committee, occasion__year__year=scope.year
        ),
    ),
):
    backup_parts.register(part)
