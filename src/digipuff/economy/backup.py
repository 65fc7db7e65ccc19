"""The economy's part of a committee-year backup: the year's economy settings, the committee's cost lines and
operation areas with their account and object ranges, the year's ledger and budget imports with their amounts,
forecasts, measures for a budget in balance, investments, state grants and volumes.

Cost lines, account ranges and operation areas are the committee's today, shared by its years, so they are found
again by their code (or range) in an installation that holds them. When they become a year's own, their parts here
turn into parts of the committee-year (a `collect` by year and no natural key); the rest of the backup is unchanged.
"""

from __future__ import annotations

from django.db.models import Model

from digipuff.core.backup import BackupPart, backup_parts
from digipuff.economy import models as m


def _of_year(model: type[Model]) -> BackupPart:
    return BackupPart(
        model=model._meta.label_lower,
        collect=lambda scope: model._default_manager.filter(committee=scope.committee, year=scope.year),
    )


for part in (
    _of_year(m.EconomyYear),
    BackupPart(
        model="economy.costline",
        collect=lambda scope: m.CostLine.objects.filter(committee=scope.committee),
        natural_key=("committee", "code"),
    ),
    BackupPart(
        model="economy.accountrange",
        collect=lambda scope: m.AccountRange.objects.filter(cost_line__committee=scope.committee),
        natural_key=("cost_line", "first", "last"),
    ),
    BackupPart(
        model="economy.operationarea",
        collect=lambda scope: m.OperationArea.objects.filter(committee=scope.committee),
        natural_key=("committee", "code"),
    ),
    BackupPart(
        model="economy.objectrange",
        collect=lambda scope: m.ObjectRange.objects.filter(area__committee=scope.committee),
        natural_key=("area", "first", "last"),
    ),
    _of_year(m.LedgerImport),
    BackupPart(
        model="economy.ledgeramount",
        # Amounts of the year's imports, the previous year's actuals a SIE file brings included.
        collect=lambda scope: m.LedgerAmount.objects.filter(
            import_record__committee=scope.committee, import_record__year=scope.year
        ),
    ),
    _of_year(m.Forecast),
    _of_year(m.BalanceMeasure),
    _of_year(m.Investment),
    _of_year(m.StateGrant),
    _of_year(m.Volume),
):
    backup_parts.register(part)
