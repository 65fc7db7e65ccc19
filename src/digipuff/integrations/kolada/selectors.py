"""Reads for pages and reports: the KPI catalogue, comparisons of a measure with other municipalities, sources.

Everything returned here is plain data (dataclasses), so the report builder can use it after its ORM phase and the
measure page and the reports show the same rank and averages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, QuerySet

from digipuff.indicators.choices import Source
from digipuff.indicators.computations import Rank, average, rank
from digipuff.indicators.models import ComparisonGroup, ComparisonValue, Measure
from digipuff.indicators.selectors import period_decision
from digipuff.integrations.kolada.models import KpiMetadata, SyncLog
from digipuff.integrations.kolada.sync import county_group
from digipuff.organisation.models import Municipality

SOURCE_LABEL = "Kolada"


def kpi_search(*, words: str = "", include_gone: bool = False) -> QuerySet[KpiMetadata]:
    """KPIs whose id, title, definition or operating area contain every word (any case, å/ä/ö included)."""
    queryset = KpiMetadata.objects.all()
    if not include_gone:
        queryset = queryset.filter(disappeared_at=None)
    for word in words.split():
        queryset = queryset.filter(search_text__contains=word.casefold())
    return queryset.order_by("id")


def kpi_get(kpi_id: str) -> KpiMetadata | None:
    return KpiMetadata.objects.filter(pk=kpi_id).first()


def last_sync() -> SyncLog | None:
    return SyncLog.objects.exclude(status=SyncLog.Status.RUNNING).first()


@dataclass(frozen=True)
class AreaValue:
    """One municipality's value in a comparison."""

    code: str
    name: str
    value: Decimal | None
    is_own: bool = False


@dataclass(frozen=True)
class GroupResult:
    """The own municipality within one group: its rank ("3/26") and the group's unweighted average."""

    name: str
    is_county: bool
    rank: Rank | None
    average: Decimal | None
    size: int
    members: tuple[AreaValue, ...] = ()

    @property
    def rank_text(self) -> str:
        return str(self.rank) if self.rank is not None else "-"


@dataclass(frozen=True)
class YearComparison:
    """A measure's Kolada figures for one year: own total, women and men, and each comparison group."""

    year: int
    value: Decimal | None
    women: Decimal | None
    men: Decimal | None
    county: GroupResult | None
    groups: tuple[GroupResult, ...]
    fetched_at: datetime | None
    # "T", "K", "M" when the own figure is suppressed (a measure counting people: `core.suppression`)
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MeasureComparison:
    """All that the measure page and the reports show from Kolada for one measure."""

    kpi: str
    title: str
    definition: str
    source: str
    fetched_at: datetime | None
    years: tuple[YearComparison, ...]
    comparison_areas: tuple[AreaValue, ...] = field(default=())

    def for_year(self, year: int) -> YearComparison | None:
        return next((y for y in self.years if y.year == year), None)


def _groups_for(measure: Measure, own_code: str) -> tuple[ComparisonGroup | None, list[ComparisonGroup]]:
    """The county and the other groups a measure is compared within: its own 'ranked within' group, the
    committee's own list and every Kolada group."""
    county = county_group(own_code)
    groups = ComparisonGroup.objects.filter(committee=measure.owner_id) | ComparisonGroup.objects.exclude(kolada_id="")
    others = list(groups.distinct().order_by("committee", "name"))
    if measure.comparison_group_id and not any(g.pk == measure.comparison_group_id for g in others):
        chosen = measure.comparison_group
        if chosen is not None and (county is None or chosen.pk != county.pk):
            others.insert(0, chosen)
    return county, [g for g in others if county is None or g.pk != county.pk]


def measure_comparison(
    *, measure: Measure, years: Iterable[int] | None = None, latest: int = 3
) -> MeasureComparison | None:
    """Kolada comparisons of a Kolada-linked measure: for the given years, or the latest ``latest`` years stored.

    None when the measure is not linked to Kolada or the municipality is not set up. Bounded queries: the groups with
    their members (2), the values (1), the KPI (1).
    """
    if measure.source != Source.KOLADA or not measure.source_id:
        return None
    municipality = Municipality.current()
    if municipality is None:
        return None
    own = municipality.kolada_id
    kpi = measure.source_id
    county, groups = _groups_for(measure, own)
    all_groups = ([county] if county else []) + groups
    members: dict[int, list[tuple[int, str, str]]] = {}
    area_ids: set[int] = set()
    through = ComparisonGroup.members.through.objects.filter(comparisongroup__in=[g.pk for g in all_groups])
    for group_id, area_id, code, name in through.values_list(
        "comparisongroup_id", "comparisonarea_id", "comparisonarea__code", "comparisonarea__name"
    ):
        members.setdefault(group_id, []).append((area_id, code, name))
        area_ids.add(area_id)
    values = ComparisonValue.objects.filter(kpi=kpi).filter(area__code=own) | ComparisonValue.objects.filter(
        kpi=kpi, area_id__in=area_ids, group="T"
    )
    if years is not None:
        values = values.filter(year__in=list(years))
    by_year: dict[int, dict[tuple[str, str], Decimal | None]] = defaultdict(dict)
    fetched: dict[int, datetime | None] = {}
    for year, code, group, value, fetched_at in values.values_list(
        "year", "area__code", "group", "value", "fetched_at"
    ):
        by_year[year][(code, group)] = value
        if fetched_at is not None and (fetched.get(year) is None or fetched_at > fetched[year]):  # type: ignore[operator]
            fetched[year] = fetched_at
    chosen_years = sorted(by_year, reverse=True)
    if years is None:
        chosen_years = chosen_years[:latest]
    meta = KpiMetadata.objects.filter(pk=kpi).first()

    def group_result(group: ComparisonGroup, year: int) -> GroupResult:
        rows = sorted(members.get(group.pk, []), key=lambda m: m[2])
        year_values = by_year[year]
        own_value = year_values.get((own, "T"))
        areas = tuple(AreaValue(code, name, year_values.get((code, "T")), code == own) for _id, code, name in rows)
        group_values = [a.value for a in areas]
        if not any(a.is_own for a in areas):
            # The committee's list names the others; the own municipality is ranked among them.
            group_values.append(own_value)
        return GroupResult(
            name=group.name,
            is_county=group.is_county,
            rank=rank(own_value, group_values, measure.direction, group_size=len(group_values)),
            average=average(a.value for a in areas),
            size=len(areas),
            members=areas,
        )

    def hidden(year: int) -> frozenset[str]:
        if not measure.is_count:
            return frozenset()
        own_values = {g: by_year[year].get((own, g)) for g in ("T", "K", "M")}
        return period_decision(own_values, own_values, municipality.suppression_threshold).hidden

    result_years = tuple(
        YearComparison(
            year=year,
            value=by_year[year].get((own, "T")),
            women=by_year[year].get((own, "K")),
            men=by_year[year].get((own, "M")),
            county=group_result(county, year) if county else None,
            groups=tuple(group_result(g, year) for g in groups),
            fetched_at=fetched.get(year),
            hidden=hidden(year),
        )
        for year in chosen_years
    )
    latest_fetch = max((y.fetched_at for y in result_years if y.fetched_at), default=None)
    return MeasureComparison(
        kpi=kpi,
        title=meta.title if meta else "",
        definition=meta.description if meta else "",
        source=SOURCE_LABEL,
        fetched_at=latest_fetch,
        years=result_years,
    )


def comparison_for_year(*, measure: Measure, year: int) -> YearComparison | None:
    """One year's comparison for a report table: rank, county average and the comparison municipalities."""
    comparison = measure_comparison(measure=measure, years=[year])
    return comparison.for_year(year) if comparison else None


@dataclass(frozen=True)
class SourceEntry:
    """A line of a report's källförteckning."""

    kpi: str
    title: str
    fetched_at: datetime | None

    def __str__(self) -> str:
        return f"Kolada, {self.kpi} {self.title}".rstrip()


def source_list(*, measures: Iterable[Measure]) -> list[SourceEntry]:
    """The Kolada KPIs behind a set of measures, each once, sorted by id, with title and last fetch date."""
    kpis = sorted({m.source_id for m in measures if m.source == Source.KOLADA and m.source_id})
    if not kpis:
        return []
    titles = dict(KpiMetadata.objects.filter(pk__in=kpis).values_list("id", "title"))
    fetched = dict(
        ComparisonValue.objects.filter(kpi__in=kpis)
        .values("kpi")
        .annotate(last=Max("fetched_at"))
        .values_list("kpi", "last")
    )
    return [SourceEntry(kpi, titles.get(kpi, ""), fetched.get(kpi)) for kpi in kpis]


@dataclass(frozen=True)
class KpiYear:
    """One year of a KPI on its page: the own municipality (total, women, men), the county average and the average
    of each comparison group, in the order of `KpiValues.groups`."""

    year: int
    value: Decimal | None
    women: Decimal | None
    men: Decimal | None
    county: Decimal | None
    groups: tuple[Decimal | None, ...]
    hidden: frozenset[str] = frozenset()

    def shown(self, group: str) -> Decimal | None:
        value = {"T": self.value, "K": self.women, "M": self.men}[group]
        return None if group in self.hidden else value


@dataclass(frozen=True)
class KpiValues:
    """The values stored from the sync for one KPI: the own municipality, its county and the measures' groups."""

    own_name: str
    county_name: str
    groups: tuple[str, ...]
    years: tuple[KpiYear, ...]
    fetched_at: datetime | None

    @property
    def has_gender(self) -> bool:
        return any(y.women is not None or y.men is not None for y in self.years)

    @property
    def any_hidden(self) -> bool:
        return any(y.hidden for y in self.years)


def kpi_values(*, kpi: str, measures: Iterable[Measure], is_count: bool = False, latest: int = 8) -> KpiValues | None:
    """The latest ``latest`` years stored for a KPI: own values, the county average and the average of each
    comparison group of the given measures (the group each ranks within, its committee's own lists, every Kolada
    group), as on the measure page. None without a municipality set up.

    When the KPI counts people (``is_count``), the own figures follow `core.suppression` as on the measure page.
    Bounded queries: the county and groups (2), their members (1), the values (1).
    """
    municipality = Municipality.current()
    if municipality is None:
        return None
    own = municipality.kolada_id
    county = county_group(own)
    measures = list(measures)
    chosen = {m.comparison_group_id for m in measures if m.comparison_group_id}
    owners = {m.owner_id for m in measures}
    groups = [
        g
        for g in (
            ComparisonGroup.objects.filter(pk__in=chosen)
            | ComparisonGroup.objects.filter(committee__in=owners)
            | ComparisonGroup.objects.exclude(kolada_id="")
        )
        .distinct()
        .order_by("name")
        if county is None or g.pk != county.pk
    ]
    all_groups = ([county] if county else []) + groups
    members: dict[int, set[str]] = defaultdict(set)
    through = ComparisonGroup.members.through.objects.filter(comparisongroup__in=[g.pk for g in all_groups])
    for group_id, code in through.values_list("comparisongroup_id", "comparisonarea__code"):
        members[group_id].add(code)
    codes = set().union(*members.values()) if members else set()
    values = ComparisonValue.objects.filter(kpi=kpi, area__code=own) | ComparisonValue.objects.filter(
        kpi=kpi, area__code__in=codes, group="T"
    )
    by_year: dict[int, dict[tuple[str, str], Decimal | None]] = defaultdict(dict)
    fetched: datetime | None = None
    for year, code, group, value, fetched_at in values.values_list(
        "year", "area__code", "group", "value", "fetched_at"
    ):
        by_year[year][(code, group)] = value
        if fetched_at is not None and (fetched is None or fetched_at > fetched):
            fetched = fetched_at

    def group_average(group: ComparisonGroup, year: int) -> Decimal | None:
        return average(by_year[year].get((code, "T")) for code in sorted(members.get(group.pk, ())))

    def hidden(year: int) -> frozenset[str]:
        if not is_count:
            return frozenset()
        own_values = {g: by_year[year].get((own, g)) for g in ("T", "K", "M")}
        return period_decision(own_values, own_values, municipality.suppression_threshold).hidden

    years = tuple(
        KpiYear(
            year=year,
            value=by_year[year].get((own, "T")),
            women=by_year[year].get((own, "K")),
            men=by_year[year].get((own, "M")),
            county=group_average(county, year) if county else None,
            groups=tuple(group_average(g, year) for g in groups),
            hidden=hidden(year),
        )
        for year in sorted(by_year, reverse=True)[:latest]
    )
    return KpiValues(
        own_name=municipality.name,
        county_name=county.name if county else "",
        groups=tuple(g.name for g in groups),
        years=tuple(sorted(years, key=lambda y: y.year)),
        fetched_at=fetched,
    )
