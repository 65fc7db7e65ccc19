"""The economy's part of a committee-year backup: the year's economy settings, the year's cost lines and
operation areas with their account and object ranges, the year's ledger and budget imports with their amounts,
forecasts, measures for a budget in balance, investments, state grants and volumes.

The set-up (cost lines, account ranges, operation areas) is a year's own, so it travels as part of the
committee-year and is created new on restore, like the figures mapped with it.
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
    _of_year(m.CostLine),
    BackupPart(
        model="economy.accountrange",
        collect=lambda scope: m.AccountRange.objects.filter(
            cost_line__committee=scope.committee, cost_line__year=scope.year
        ),
    ),
    _of_year(m.OperationArea),
    BackupPart(
        model="economy.objectrange",
        collect=lambda scope: m.ObjectRange.objects.filter(area__committee=scope.committee, area__year=scope.year),
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
