"""The indicators' part of a committee-year backup: the committee's measures with their values, targets and
equality judgements up to the year (reports show earlier years beside it), the year's analyses, and the comparison
groups and Kolada values of other municipalities the measures are ranked with."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from digipuff.core.backup import BackupPart, Scope, backup_parts
from digipuff.indicators.choices import Source
from digipuff.indicators.models import (
    ComparisonGroup,
    ComparisonValue,
    EqualityJudgement,
    Measure,
    MeasureAnalysis,
    MeasureValue,
    Target,
)


def _kpis(scope: Scope) -> list[str]:
    return list(
        Measure.objects.filter(owner=scope.committee, source=Source.KOLADA)
        .exclude(source_id="")
        .values_list("source_id", flat=True)
    )


def _comparison_values(scope: Scope) -> QuerySet[ComparisonValue]:
    return ComparisonValue.objects.filter(kpi__in=_kpis(scope), year__lte=scope.year)


for part in (
    BackupPart(model="indicators.comparisonarea", natural_key=("code",)),
    BackupPart(
        model="indicators.comparisongroup",
        collect=lambda scope: ComparisonGroup.objects.filter(Q(committee=scope.committee) | Q(committee=None)),
        natural_key=("name", "committee"),
    ),
    BackupPart(
        model="indicators.measure",
        collect=lambda scope: Measure.objects.filter(owner=scope.committee),
        natural_key=("owner", "name"),
    ),
    BackupPart(
        model="indicators.measurevalue",
        collect=lambda scope: MeasureValue.objects.filter(measure__owner=scope.committee, year__lte=scope.year),
        natural_key=("measure", "year", "month", "group"),
    ),
    BackupPart(
        model="indicators.target",
        collect=lambda scope: Target.objects.filter(measure__owner=scope.committee, year__lte=scope.year),
        natural_key=("measure", "year"),
    ),
    BackupPart(
        model="indicators.equalityjudgement",
        collect=lambda scope: EqualityJudgement.objects.filter(measure__owner=scope.committee, year__lte=scope.year),
        natural_key=("measure", "year", "month"),
    ),
    BackupPart(
        model="indicators.measureanalysis",
        collect=lambda scope: MeasureAnalysis.objects.filter(
            measure__owner=scope.committee, occasion__year__year=scope.year
        ),
    ),
    BackupPart(
        model="indicators.comparisonvalue",
        collect=_comparison_values,
        natural_key=("kpi", "area", "year", "group"),
    ),
):
    backup_parts.register(part)
