"""What is public: the one place that decides what the portal and the open data show to anyone.

The rule, in the order it is applied:

1. **Decided reports only.** A report is public when the committee has decided it (status fastställd) and its
   frozen snapshot exists; the portal serves the snapshot's document model, PDF and Word file and nothing else of
   the report (no text in the workflow, no report that is not decided, no preview rendered from live data).
2. **A committee's year is public from its first decided report.** The goal tree and the measures of a committee
   and year are shown once a report of that year is decided (the plan, usually): they are what the committee
   decided on. A committee-year without a decided report is not in the portal at all.
3. **Assessments of decided occasions only.** A goal's assessment (Uppnås / Uppnås delvis / Uppnås ej) is shown for
   the latest occasion of the year whose report is decided, never for an occasion still being written. The analysis
   behind it is read in the decided report, the committee's word; the portal shows no analysis text of its own.
4. **Figures up to the latest decided report.** A measure's values are published for the periods ending on or
   before the period end of its committee's latest decided report: the portal never runs ahead of what the
   committee has reported. The figures are the current published ones (a corrected value shows corrected); the
   decided report keeps the figures it was decided with.
5. **Small counts suppressed** exactly as in the reports: every series is read through
   `indicators.selectors.build_series` with the municipality's threshold, and only `Series.shown` values leave.

Everything the portal's pages, search and open data show comes from the functions below.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from digipuff.core import document as doc
from digipuff.core.formatting import parse_number, round_half_up
from digipuff.goals.models import CommitteeGoal
from digipuff.goals.selectors import GoldenThread, golden_thread
from digipuff.indicators import selectors as measure_selectors
from digipuff.indicators.choices import TOTAL
from digipuff.indicators.models import Measure, MeasureValue
from digipuff.indicators.selectors import MeasureSummary
from digipuff.organisation.models import OrgUnit, ReportOccasion
from digipuff.organisation.selectors import suppression_threshold
from digipuff.reports.choices import Status
from digipuff.reports.models import Report

Period = tuple[int, int]


def public_reports() -> QuerySet[Report]:
    """Decided reports with their frozen snapshot: the only reports anyone outside sees."""
    return (
        Report.objects.filter(status=Status.DECIDED, snapshot__isnull=False)
        .select_related("committee", "occasion", "occasion__year", "snapshot")
        .order_by("committee__path", "-occasion__period_end", "report_type")
    )


def public_report(pk: int) -> Report | None:
    return public_reports().filter(pk=pk).first()


@dataclass
class CommitteeYear:
    """A committee's public year: its decided reports, newest occasion first."""

    committee: OrgUnit
    year: int
    reports: list[Report] = field(default_factory=list)

    @property
    def occasion(self) -> ReportOccasion:
        """The latest occasion of the year with a decided report: what assessments and figures are shown as of."""
        return max((r.occasion for r in self.reports), key=lambda o: o.period_end)


def committee_years() -> list[CommitteeYear]:
    """Every public committee-year, by the org tree's order and newest year first (one query)."""
    found: dict[tuple[int, int], CommitteeYear] = {}
    for report in public_reports():
        key = (report.committee_id, report.year)
        found.setdefault(key, CommitteeYear(report.committee, report.year)).reports.append(report)
    return sorted(found.values(), key=lambda cy: (cy.committee.path, -cy.year))


def committee_year(*, code: str, year: int) -> CommitteeYear | None:
    reports = list(public_reports().filter(committee__code=code, occasion__year__year=year))
    if not reports:
        return None
    return CommitteeYear(reports[0].committee, year, reports)


def published_until(committee_ids: list[int]) -> dict[int, date]:
    """Per committee, the period end of its latest decided report: figures are published up to it."""
    ends: dict[int, date] = {}
    for committee_id, end in public_reports().values_list("committee_id", "occasion__period_end"):
        if committee_id in committee_ids and (committee_id not in ends or end > ends[committee_id]):
            ends[committee_id] = end
    return ends


def period_is_published(period: Period, until: date | None) -> bool:
    """Has the committee reported on the period, i.e. has the period ended by `until`? (A year's value needs a
    report per 31 December; a month's, a report per its last day or later.)"""
    if until is None:
        return False
    year, month = period
    last_day = date(year, 12, 31) if month in (0, 12) else date(year, month + 1, 1) - timedelta(days=1)
    return last_day <= until


def thread(committee_year: CommitteeYear, *, with_measures: bool = True) -> GoldenThread:
    """The committee's goal tree of the year with the assessments of its latest decided occasion and its measures'
    results as of that occasion (suppressed as in the report). A result for a period the committee has not
    reported on yet (a year's value while only Delår 1 is decided) is left out: shown as "-"."""
    found = golden_thread(
        committee=committee_year.committee,
        year=committee_year.year,
        occasion=committee_year.occasion,
        summaries_up_to=None if with_measures else 0,
    )
    until = committee_year.occasion.period_end
    nodes = found.nodes()
    published = _published_summaries([s for node in nodes for s in node.measures], until)
    for node in nodes:
        node.measures = [published[s.measure.pk] for s in node.measures]
    return found


def _last_ended_month(until: date) -> tuple[int, int]:
    """The last month that has ended by `until` (the plan's period end, 1 January, gives December before)."""
    if (until + timedelta(days=1)).month != until.month:
        return until.year, until.month
    return (until.year, until.month - 1) if until.month > 1 else (until.year - 1, 12)


def _published_summaries(summaries: list[MeasureSummary], until: date) -> dict[int, MeasureSummary]:
    """The summaries as published: one whose period the committee has not reported on yet is read again as of the
    last month that has ended by `until` (all of them in one read), keeping the year's target but not judging it."""
    result = {s.measure.pk: s for s in summaries}
    ahead = [s for s in summaries if s.period is not None and not period_is_published(s.period, until)]
    if not ahead:
        return result
    year, month = _last_ended_month(until)
    earlier = {
        e.measure.pk: e
        for e in measure_selectors.measure_summaries([s.measure for s in ahead], year=year, as_of_month=month)
    }
    for summary in ahead:
        again = earlier.get(summary.measure.pk)
        if again is None or again.period is None or not period_is_published(again.period, until):
            result[summary.measure.pk] = _not_reported(summary)
        else:
            result[summary.measure.pk] = replace(
                again, target=summary.target, target_text=summary.target_text, target_met=None
            )
    return result


def measure_summary(measure: Measure, year: int) -> MeasureSummary | None:
    """A public measure's latest result in a public year of its committee, as the committee page shows it."""
    found = committee_year(code=measure.owner.code, year=year)
    if found is None:
        return None
    occasion = found.occasion
    summary = measure_selectors.measure_summaries([measure], year=year, as_of_month=occasion.month)[0]
    return _published_summaries([summary], occasion.period_end)[measure.pk]


def _not_reported(summary: MeasureSummary) -> MeasureSummary:
    return replace(
        summary,
        period=None,
        period_label="-",
        value=None,
        value_text="-",
        groups=[],
        target_met=None,
        trend=None,
        equality_flag=False,
        judgement=None,
        comparison=None,
    )


def _public_goal_filter() -> Q:
    """Committee goals of public committee-years, as a condition on `CommitteeGoal`."""
    q = Q(pk__in=[])
    pairs = set(public_reports().values_list("committee_id", "occasion__year__year"))
    for committee_id, year in pairs:
        q |= Q(committee_id=committee_id, goal__year=year)
    return q


def public_measures() -> QuerySet[Measure]:
    """Measures of a goal in a public committee-year."""
    goals = CommitteeGoal.objects.filter(_public_goal_filter())
    return (
        Measure.objects.filter(goals__in=goals)
        .distinct()
        .select_related("owner", "comparison_group")
        .order_by("owner__path", "sort_order", "name", "pk")
    )


def public_measure(pk: int) -> Measure | None:
    return public_measures().filter(pk=pk).first()


def public_years_of(measure: Measure) -> list[int]:
    """The public years of the goals a measure belongs to, newest first."""
    years = set(
        CommitteeGoal.objects.filter(_public_goal_filter(), measures=measure).values_list("goal__year", flat=True)
    )
    return sorted(years, reverse=True)


# -- one measure's published series ----------------------------------------------------------------------------------


@dataclass
class PublishedSeries:
    """A measure's values as the public sees them: the periods the committee has reported on, suppressed."""

    measure: Measure
    series: measure_selectors.Series
    periods: list[Period]
    groups: list[str]
    fetched: dict[Period, date] = field(default_factory=dict)

    def text(self, period: Period, group: str = TOTAL) -> str:
        return measure_selectors.format_value(
            self.measure, self.series.get(period, group), hidden=self.series.is_hidden(period, group)
        )

    def value(self, period: Period, group: str = TOTAL) -> Decimal | None:
        """The published value, rounded to the measure's decimals as shown; None when missing or suppressed."""
        shown = self.series.shown(period, group)
        return None if shown is None else round_half_up(shown, self.measure.decimals)


def published_series(measures: list[Measure]) -> dict[int, PublishedSeries]:
    """The published series of the measures (two queries)."""
    if not measures:
        return {}
    until = published_until([m.owner_id for m in measures])
    threshold = suppression_threshold()
    stored: dict[int, list[MeasureValue]] = defaultdict(list)
    for item in MeasureValue.objects.filter(measure_id__in=[m.pk for m in measures]).order_by("year", "month"):
        stored[item.measure_id].append(item)
    result = {}
    for measure in measures:
        series = measure_selectors.build_series(measure, stored[measure.pk], threshold=threshold)
        periods = [p for p in series.periods() if period_is_published(p, until.get(measure.owner_id))]
        groups = sorted({g for p in periods for g in series.values[p]}, key=lambda g: (g != TOTAL, g))
        fetched: dict[Period, date] = {}
        for item in stored[measure.pk]:
            if item.fetched_at is not None:
                period = (item.year, item.month)
                day = item.fetched_at.date()
                fetched[period] = max(fetched.get(period, day), day)
        result[measure.pk] = PublishedSeries(measure, series, periods, groups, fetched)
    return result


# -- Kolada comparison over the years ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonSeries:
    """A Kolada measure's own value and its comparison group's average per year (Kolada's open figures)."""

    group_name: str
    years: list[int]
    own: list[Decimal | None]
    average: list[Decimal | None]


def comparison_series(measure: Measure, *, until_year: int) -> ComparisonSeries | None:
    """The municipality's value and the group average (the measure's group, else the county) for every year Kolada
    has, up to `until_year` (two queries). None: not a Kolada measure, or no comparison values."""
    from digipuff.indicators.computations import average
    from digipuff.indicators.models import ComparisonGroup, ComparisonValue
    from digipuff.organisation.models import Municipality

    municipality = Municipality.current()
    if measure.source != "kolada" or not measure.source_id or municipality is None:
        return None
    group = measure.comparison_group or ComparisonGroup.objects.filter(is_county=True).first()
    if group is None:
        return None
    members = {a.code for a in group.members.all()}
    by_year: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for code, year, value in ComparisonValue.objects.filter(
        kpi=measure.source_id, group=TOTAL, year__lte=until_year
    ).values_list("area__code", "year", "value"):
        by_year[year][code] = value
    years = sorted(by_year)
    if not years:
        return None
    return ComparisonSeries(
        group_name=group.name,
        years=years,
        own=[by_year[y].get(municipality.kolada_id) for y in years],
        average=[average(v for c, v in by_year[y].items() if c in members) for y in years],
    )


# -- the economy tables of decided reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EconomyCell:
    """One figure of an economy table in a decided report, as decided (the frozen document's text)."""

    report: Report
    table: str
    row: str
    column: str
    text: str

    @property
    def value(self) -> Decimal | None:
        try:
            return parse_number(self.text)
        except ValueError:
            return None


def _column_labels(table: doc.Table) -> list[str]:
    width = len(table.numeric)
    labels: list[list[str]] = [[] for _ in range(width)]
    for header_row in table.header:
        column = 0
        for cell in header_row:
            for offset in range(cell.span):
                if column + offset < width and cell.text.strip():
                    labels[column + offset].append(cell.text.strip())
            column += cell.span
    return [" – ".join(parts) for parts in labels]


def economy_cells(reports: list[Report]) -> list[EconomyCell]:
    """The figures of the economy tables (sections of an `economy` kind) of decided reports, from their frozen
    document model: the tables exactly as the committee decided them."""
    cells: list[EconomyCell] = []
    for report in reports:
        document = doc.from_json(report.snapshot.document)
        for section in document.sections:
            if not section.kind.startswith("economy"):
                continue
            for block in section.blocks:
                if not isinstance(block, doc.Table):
                    continue
                columns = _column_labels(block)
                for row in block.rows:
                    if not row:
                        continue
                    for index, text in enumerate(row[1:], start=1):
                        if index < len(columns):
                            cells.append(EconomyCell(report, block.caption, row[0], columns[index], text))
    return cells


# -- search ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: str
    kind: str
    target: Any
    context: str = ""


def search(query: str, *, limit: int = 50) -> dict[str, list[Any]]:
    """Public reports, goals and measures whose name contains the query (case-insensitive)."""
    query = query.strip()
    if not query:
        return {"reports": [], "goals": [], "measures": []}
    reports = list(
        public_reports().filter(Q(title__icontains=query) | Q(committee__name__icontains=query) | Q(case_number=query))[
            :limit
        ]
    )
    goals = list(
        CommitteeGoal.objects.filter(_public_goal_filter())
        .filter(Q(goal__title__icontains=query) | Q(goal__description__icontains=query))
        .select_related("goal", "committee")
        .order_by("-goal__year", "committee__path", "goal__title")[:limit]
    )
    measures = list(
        public_measures().filter(Q(name__icontains=query) | Q(description__icontains=query) | Q(source_id=query))[
            :limit
        ]
    )
    return {"reports": reports, "goals": goals, "measures": measures}
