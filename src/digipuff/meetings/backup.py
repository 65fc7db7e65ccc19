"""The meetings app's part of a committee-year backup: the year's diarienummer series (its last number, so that a
restored installation never gives a number twice), the cases with the report they concern, and their status
history, and the year's meetings with their agenda items (an item's link to a meeting or case of another year is
left out, as every key pointing outside the backup)."""

from __future__ import annotations

from digipuff.core.backup import BackupPart, backup_parts
from digipuff.meetings.models import (
    AgendaItem,
    Case,
    CaseEvent,
    CaseSeries,
    DelegationDecision,
    ItemDecision,
    Meeting,
    NonExecutedCount,
    Protokoll,
    Statement,
)

for part in (
    BackupPart(
        model="meetings.caseseries",
        collect=lambda scope: CaseSeries.objects.filter(committee=scope.committee, year=scope.year),
    ),
    BackupPart(
        model="meetings.case",
        collect=lambda scope: Case.objects.filter(committee=scope.committee, year=scope.year),
    ),
    BackupPart(
        model="meetings.caseevent",
        collect=lambda scope: CaseEvent.objects.filter(case__committee=scope.committee, case__year=scope.year),
    ),
    BackupPart(
        model="meetings.meeting",
        collect=lambda scope: Meeting.objects.filter(committee=scope.committee, year=scope.year),
    ),
    BackupPart(
        model="meetings.agendaitem",
        collect=lambda scope: AgendaItem.objects.filter(
            meeting__committee=scope.committee, meeting__year=scope.year
        ).order_by("meeting", "position"),
    ),
):
    backup_parts.register(part)

# The cases' tjänsteutlåtanden.
backup_parts.register(
    BackupPart(
        model="meetings.statement",
        collect=lambda scope: Statement.objects.filter(case__committee=scope.committee, case__year=scope.year),
    )
)

# The protokoll with its decisions, the delegation decisions reported to the year's meetings, and the year's counts of
# decisions not executed.
for part in (
    BackupPart(
        model="meetings.protokoll",
        collect=lambda scope: Protokoll.objects.filter(meeting__committee=scope.committee, meeting__year=scope.year),
    ),
    BackupPart(
        model="meetings.itemdecision",
        collect=lambda scope: ItemDecision.objects.filter(
            item__meeting__committee=scope.committee, item__meeting__year=scope.year
        ),
    ),
    BackupPart(
        model="meetings.delegationdecision",
        collect=lambda scope: DelegationDecision.objects.filter(committee=scope.committee, meeting__year=scope.year),
    ),
    BackupPart(
        model="meetings.nonexecutedcount",
        collect=lambda scope: NonExecutedCount.objects.filter(committee=scope.committee, year=scope.year),
    ),
):
    backup_parts.register(part)
