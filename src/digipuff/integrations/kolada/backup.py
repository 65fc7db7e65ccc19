"""Kolada's part of a committee-year backup: the catalogue entries of the key figures the committee's measures use
(the source list of a report describes them as Kolada does)."""

from __future__ import annotations

from digipuff.core.backup import BackupPart, backup_parts
from digipuff.indicators.choices import Source
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada.models import KpiMetadata

backup_parts.register(
    BackupPart(
        model="kolada.kpimetadata",
        collect=lambda scope: KpiMetadata.objects.filter(
            id__in=Measure.objects.filter(owner=scope.committee, source=Source.KOLADA).values("source_id")
        ),
        natural_key=("id",),
    )
)
