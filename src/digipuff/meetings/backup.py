"""The meetings app's part of a committee-year backup: the year's diarienummer series (its last number, so that a
restored installation never gives a number twice), the cases with the report they concern, and their status
history."""

from __future__ import annotations

from digipuff.core.backup import BackupPart, backup_parts
from digipuff.meetings.models import Case, CaseEvent, CaseSeries, Statement

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
):
    backup_parts.register(part)

# The cases' tjänsteutlåtanden.
backup_parts.register(
    BackupPart(
        model="meetings.statement",
        collect=lambda scope: Statement.objects.filter(case__committee=scope.committee, case__year=scope.year),
    )
)
