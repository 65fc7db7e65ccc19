"""Reads of measures: each measure's computed series and its summary for a year, in a bounded number of queries.

Everything shown about a value (ratio, total, r12, trend, target fulfilment, rank, average, equality flag) is
computed here from stored numbers by `indicators.computations`; pages, the API and reports use the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core.formatting import format_number
from digipuff.core.suppression import SUPPRESSED, Cell, Decision, default_threshold, suppress_breakdowns
from digipuff.indicators import computations as calc
from digipuff.indicators.choices import MEN, TOTAL, WOMEN, Comparator, Periodicity, Qualitative, TargetKind, ValueUnit
from digipuff.indicators.models import (
    ComparisonGroup,
    ComparisonValue,
    EqualityJudgement,
    Measure,
    MeasureValue,
    Target,
)
from digipuff.organisation.models import Municipality

if TYPE_CHECKING:
    from digipuff.goals.models import CommitteeGoal

Period = tuple[int, int]  # (year, month); month 0 is the whole year


@dataclass
class Series:
    """A measure's values by period and group, computed (ratios, totals, r12) from what is stored, and which of them
    are suppressed when published (`core.suppression`: small bases and what would reveal them)."""

    values: dict[Period, dict[str, Decimal | None]] = field(default_factory=dict)
    counts: dict[Period, dict[str, int | None]] = field(default_factory=dict)
    bases: dict[Period, dict[str, Decimal | None]] = field(default_factory=dict)
    hidden: dict[Period, frozenset[str]] = field(default_factory=dict)
    # The periods whose (total) value is a forecast, not an outcome: marked "*" in report tables.
    forecasts: set[Period] = field(default_factory=set)

    def periods(self) -> list[Period]:
        return sorted(self.values)

    def get(self, period: Period, group: str = TOTAL) -> Decimal | None:
        """The exact value, for computations and for those who enter values; never published as it is."""
        return self.values.get(period, {}).get(group)

    def is_hidden(self, period: Period, group: str = TOTAL) -> bool:
        return group in self.hidden.get(period, frozenset())

    def shown(self, period: Period, group: str = TOTAL) -> Decimal | None:
        """The value as published: None when it is missing or suppressed."""
        return None if self.is_hidden(period, group) else self.get(period, group)


def _base(measure: Measure, *, count: Decimal | int | None, people: Decimal | None) -> Decimal | None:
    """The number of people behind a figure: its stated count, or, for a measure that counts people, the count
    itself (a number) or the denominator (a share). None: the figure does not count people."""
    if count is not None:
        return Decimal(count)
    return people if measure.is_count else None


def period_decision(values: dict[str, Decimal | None], bases: dict[str, Decimal | None], threshold: int) -> Decision:
    """The suppression of one period's published figures: the total with each breakdown (women and men; areas;
    ages), each of which adds up to the total on its own."""
    total = Cell(TOTAL, bases.get(TOTAL)) if values.get(TOTAL) is not None else None
    breakdowns: dict[str, list[Cell]] = defaultdict(list)
    for group, value in sorted(values.items()):
        if group != TOTAL and value is not None:
            breakdowns[group.split(":", 1)[0] if ":" in group else "sex"].append(Cell(group, bases.get(group)))
    return suppress_breakdowns(total=total, breakdowns=list(breakdowns.values()), threshold=threshold)


def build_series(
    measure: Measure, stored: Iterable[MeasureValue], *, threshold: int, rolling: bool | None = None
) -> Series:
    """Compute the series of one measure from its stored values and decide what is suppressed in each period.

    `rolling=False` gives a ratio measure's single months instead of its r12 values (what the API lists).
    """
    rolling = measure.rolling_12 if rolling is None else rolling
    raw: dict[Period, dict[str, MeasureValue]] = defaultdict(dict)
    series = Series()
    for item in stored:
        raw[(item.year, item.month)][item.group] = item
        if item.is_forecast:
            series.forecasts.add((item.year, item.month))
    if not measure.is_ratio:
        for period, groups in raw.items():
            series.values[period] = {g: v.value for g, v in groups.items()}
            series.counts[period] = {g: v.count for g, v in groups.items()}
            series.bases[period] = {g: _base(measure, count=v.count, people=v.value) for g, v in groups.items()}
    else:
        parts: dict[str, dict[Period, calc.Parts]] = defaultdict(dict)
        counts: dict[str, dict[Period, int | None]] = defaultdict(dict)
        for period, groups in raw.items():
            for group, item in groups.items():
                parts[group][period] = calc.Parts(item.numerator, item.denominator)
                counts[group][period] = item.count
            if TOTAL not in groups:
                others = [i for g, i in groups.items() if g in (WOMEN, MEN)]
                if len(others) == 2:
                    parts[TOTAL][period] = calc.total_of(calc.Parts(i.numerator, i.denominator) for i in others)
                    known = [i.count for i in others if i.count is not None]
                    counts[TOTAL][period] = sum(known) if len(known) == 2 else None
        for group, by_period in parts.items():
            for period in by_period:
                p = calc.rolling_12(by_period, *period) if rolling else by_period[period]
                value = calc.ratio(p.numerator, p.denominator, measure.ratio_scale)
                count = None if rolling else counts[group].get(period)
                series.values.setdefault(period, {})[group] = value
                series.counts.setdefault(period, {})[group] = count
                series.bases.setdefault(period, {})[group] = _base(measure, count=count, people=p.denominator)
    for period, values in series.values.items():
        series.hidden[period] = period_decision(values, series.bases[period], threshold).hidden
    return series


@dataclass(frozen=True)
class Published:
    """How a stored value leaves through the API: its value (for a ratio measure the month's ratio) and whether it
    is suppressed, decided together with the other groups of its period as on the pages."""

    value: Decimal | None
    hidden: bool


def stored_values_published(items: Sequence[MeasureValue], *, threshold: int) -> dict[int, Published]:
    """`Published` for each stored value, by its pk; one query for the other groups of their periods."""
    keys = {(i.measure_id, i.year, i.month) for i in items}
    if not keys:
        return {}
    measures = {i.measure_id: i.measure for i in items}
    siblings: dict[tuple[int, int, int], list[MeasureValue]] = defaultdict(list)
    for row in MeasureValue.objects.filter(
        measure_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}, month__in={k[2] for k in keys}
    ):
        key = (row.measure_id, row.year, row.month)
        if key in keys:
            siblings[key].append(row)
    out: dict[int, Published] = {}
    for (measure_id, year, month), rows in siblings.items():
        series = build_series(measures[measure_id], rows, threshold=threshold, rolling=False)
        for row in rows:
            out[row.pk] = Published(series.get((year, month), row.group), series.is_hidden((year, month), row.group))
    return out


def previous_period(measure: Measure, period: Period) -> Period:
    """The previous comparable period: the same month a year earlier for monthly and tertial series."""
    year, month = period
    return (year - 1, month)


def period_label(measure: Measure, period: Period) -> str:
    year, month = period
    if month == 0 or measure.periodicity == Periodicity.YEAR:
        return str(year)
    if measure.periodicity == Periodicity.TERTIAL:
        return _("T{tertial} {year}").format(tertial=month // 4, year=year)
    return f"{month:02d}-{year}"


def unit_suffix(measure: Measure) -> str:
    return " %" if measure.unit == ValueUnit.PERCENT else ""


def format_value(measure: Measure, value: Decimal | None, *, hidden: bool = False) -> str:
    """A value as shown: Swedish format, the measure's decimals and unit; "--" when suppressed."""
    if value is None:
        return "-"
    if hidden:
        return SUPPRESSED
    return format_number(value, measure.decimals) + unit_suffix(measure)


def target_text(measure: Measure, target: Target | None) -> str:
    """The target as the seeds write it: "≥ 85 %", "Behåll 5,3 %", "Öka", "> länssnitt", or "-"."""
    if target is None or target.kind == TargetKind.NONE:
        return "-"
    if target.kind == TargetKind.NUMERIC:
        return f"{Comparator(target.comparator).label} {format_value(measure, target.value)}"
    label = str(Qualitative(target.qualitative).label)
    if target.reference is not None and target.qualitative in (
        Qualitative.KEEP,
        Qualitative.INCREASE,
        Qualitative.DECREASE,
    ):
        return f"{label} {format_value(measure, target.reference)}"
    return label


def target_spec(target: Target | None) -> calc.TargetSpec | None:
    if target is None:
        return None
    return calc.TargetSpec(
        kind=target.kind,
        comparator=target.comparator,
        value=target.value,
        qualitative=target.qualitative,
        reference=target.reference,
    )


@dataclass
class Comparison:
    """How the own value stands in its comparison group: rank, the group average and named municipalities."""

    group_name: str
    rank: calc.Rank | None
    average: Decimal | None
    year: int
    others: list[tuple[str, Decimal | None]] = field(default_factory=list)


@dataclass
class MeasureSummary:
    """One measure's line in a goal's table (Mått | Utfall | Etappmål, ranking & genomsnitt | Kön | Trend)."""

    measure: Measure
    period: Period | None
    period_label: str
    value: Decimal | None
    value_text: str
    groups: list[tuple[str, str, Decimal | None, str]]  # (code, label, value, text)
    target: Target | None
    target_text: str
    target_met: bool | None
    trend: str | None
    equality_flag: bool
    judgement: EqualityJudgement | None
    comparison: Comparison | None
    series: Series
    # When the figures shown were fetched (Kolada, HR) or last entered: the "data per" date beside the table.
    data_as_of: datetime | None = None


# Counts and money differ between groups by their size; the equality check compares shares, indices and times.
NO_EQUALITY_UNITS = {ValueUnit.COUNT, ValueUnit.KRONOR, ValueUnit.THOUSANDS}


def group_label(code: str) -> str:
    if code == WOMEN:
        return _("Women")
    if code == MEN:
        return _("Men")
    return code.split(":", 1)[-1]


def _data_as_of(stored: Iterable[MeasureValue], period: Period | None) -> datetime | None:
    """The latest fetch (or, for values entered by hand, the latest change) of the values up to the period shown."""
    if period is None:
        return None
    dates = [v.fetched_at or v.updated_at for v in stored if (v.year, v.month) <= period]
    return max((d for d in dates if d is not None), default=None)


def source_line(summaries: Iterable[MeasureSummary]) -> str:
    """ "Source: Kolada, Entered by hand · Data as of 2019-03-15": where the figures of a table come from and how
    fresh they are ("" for no measures)."""
    listed = list(summaries)
    if not listed:
        return ""
    sources = list(dict.fromkeys(str(s.measure.get_source_display()) for s in listed))
    latest = max((s.data_as_of for s in listed if s.data_as_of is not None), default=None)
    if latest is None:
        return _("Source: {sources}").format(sources=", ".join(sources))
    return _("Source: {sources} · Data as of {date}").format(
        sources=", ".join(sources), date=timezone.localdate(latest).isoformat()
    )


def measure_summaries(
    measures: Sequence[Measure],
    *,
    year: int,
    as_of_month: int = 12,
    municipality: Municipality | None = None,
    history_years: int = 4,
) -> list[MeasureSummary]:
    """Summaries of the measures for a year, as of a month (an occasion's period end), in six queries.

    Values from `history_years` before the year are read: enough for r12, the previous comparable period and the
    year columns of a plan (VP 2020 shows 2016-2018).
    """
    if not measures:
        return []
    municipality = municipality or Municipality.current()
    threshold = municipality.suppression_threshold if municipality else default_threshold()
    default_equality = municipality.equality_threshold if municipality else Decimal(5)
    ids = [m.pk for m in measures]
    stored: dict[int, list[MeasureValue]] = defaultdict(list)
    for item in MeasureValue.objects.filter(measure_id__in=ids, year__gte=year - history_years, year__lte=year):
        stored[item.measure_id].append(item)
    targets = {
        (t.measure_id, t.year): t for t in Target.objects.filter(measure_id__in=ids, year__gte=year - 3, year__lte=year)
    }
    judgements = {(j.measure_id, j.year, j.month): j for j in EqualityJudgement.objects.filter(measure_id__in=ids)}
    comparisons = _comparisons(measures, year=year, municipality=municipality)
    summaries = []
    for measure in measures:
        series = build_series(measure, stored[measure.pk], threshold=threshold)
        period = _latest_period(series, year=year, as_of_month=as_of_month)
        as_of = _data_as_of(stored[measure.pk], period)
        target = targets.get((measure.pk, year))
        if period is None:
            summaries.append(
                MeasureSummary(
                    measure,
                    None,
                    "-",
                    None,
                    "-",
                    [],
                    target,
                    target_text(measure, target),
                    None,
                    None,
                    False,
                    None,
                    None,
                    series,
                    as_of,
                )
            )
            continue
        # What is published: a suppressed value is neither shown nor judged (a trend or "met" would hint at it).
        value = series.shown(period)
        previous = series.shown(previous_period(measure, period))
        comparison = comparisons.get((measure.pk, period[0]))
        groups = [
            (code, group_label(code), series.shown(period, code), format_value(measure, v, hidden=hidden))
            for code, v in sorted(series.values[period].items())
            if code != TOTAL
            for hidden in [series.is_hidden(period, code)]
        ]
        equality_threshold = measure.equality_threshold if measure.equality_threshold is not None else default_equality
        summaries.append(
            MeasureSummary(
                measure=measure,
                period=period,
                period_label=period_label(measure, period),
                value=value,
                value_text=format_value(measure, series.get(period), hidden=series.is_hidden(period)),
                groups=groups,
                target=target,
                target_text=target_text(measure, target),
                target_met=calc.target_met(
                    target_spec(target),
                    value,
                    direction=measure.direction,
                    previous=previous,
                    group_average=comparison.average if comparison else None,
                    decimals=measure.decimals,
                ),
                trend=calc.trend(value, previous, measure.direction, measure.decimals),
                equality_flag=measure.unit not in NO_EQUALITY_UNITS
                and calc.equality_flag({c: v for c, _l, v, _t in groups if v is not None}, equality_threshold),
                judgement=judgements.get((measure.pk, *period)),
                comparison=comparison,
                series=series,
                data_as_of=as_of,
            )
        )
    return summaries


def _latest_period(series: Series, *, year: int, as_of_month: int) -> Period | None:
    """The newest period with a total value up to the year and month (earlier years count: a VP shows 2018)."""
    candidates = [
        p
        for p in series.periods()
        if series.get(p) is not None and (p[0] < year or (p[0] == year and p[1] <= as_of_month))
    ]
    return max(candidates, default=None)


def _comparisons(
    measures: Sequence[Measure], *, year: int, municipality: Municipality | None
) -> dict[tuple[int, int], Comparison]:
    """Rank and average in each Kolada measure's group for the last years, from stored comparison values."""
    kolada = [m for m in measures if m.source == "kolada" and m.source_id]
    if not kolada or municipality is None:
        return {}
    county = ComparisonGroup.objects.filter(is_county=True).prefetch_related("members").first()
    own_groups = {
        g.committee_id: g
        for g in ComparisonGroup.objects.filter(committee_id__in={m.owner_id for m in kolada}).prefetch_related(
            "members"
        )
    }
    values: dict[tuple[str, int], dict[str, Decimal | None]] = defaultdict(dict)
    for kpi, code, value_year, value in ComparisonValue.objects.filter(
        kpi__in={m.source_id for m in kolada}, group=TOTAL, year__gte=year - 3, year__lte=year
    ).values_list("kpi", "area__code", "year", "value"):
        values[(kpi, value_year)][code] = value
    result: dict[tuple[int, int], Comparison] = {}
    for measure in kolada:
        group = measure.comparison_group or county
        if group is None:
            continue
        members = [a.code for a in group.members.all()]
        named = own_groups.get(measure.owner_id)
        for value_year in range(year - 3, year + 1):
            by_area = values.get((measure.source_id, value_year))
            if not by_area:
                continue
            in_group = [by_area.get(code) for code in members]
            result[(measure.pk, value_year)] = Comparison(
                group_name=group.name,
                rank=calc.rank(
                    by_area.get(municipality.kolada_id), in_group, measure.direction, group_size=len(members)
                ),
                average=calc.average(in_group),
                year=value_year,
                others=[(a.name, by_area.get(a.code)) for a in named.members.all()] if named else [],
            )
    return result


def measure_with_goals(pk: int) -> Measure | None:
    return (
        Measure.objects.select_related("owner", "comparison_group")
        .prefetch_related(Prefetch("goals", queryset=_goals_queryset()))
        .filter(pk=pk)
        .first()
    )


def _goals_queryset() -> QuerySet[CommitteeGoal]:
    from digipuff.goals.models import CommitteeGoal

    return CommitteeGoal.objects.select_related("goal", "committee")
