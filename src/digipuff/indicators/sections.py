"""Report sections of the indicators module: the measure table (used under each goal of the goal tree) and the
personnel figures (the committee's measures from the HR system, with charts of the rolling-12 ones)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Chart, Paragraph, Run, Table
from digipuff.core.formatting import format_number
from digipuff.core.sections import Context, MissingData, Section, section_kind
from digipuff.indicators.charts import chart_note, measure_chart
from digipuff.indicators.choices import MEN, WOMEN, Comparator, Judgement, Qualitative, Source, TargetKind, Trend
from digipuff.indicators.models import Measure
from digipuff.indicators.selectors import (
    MeasureSummary,
    Period,
    Series,
    format_value,
    measure_summaries,
    previous_period,
    source_line,
    target_text,
    unit_suffix,
)

FORECAST_MARK = "*"
SHOWN_KEY = "indicators:shown"


def note_shown(context: Context, measures: list[Measure]) -> None:
    """Record the measures a section shows, in the order shown: the source list lists exactly these."""
    shown: dict[int, Measure] = context.cache.setdefault(SHOWN_KEY, {})
    for measure in measures:
        shown.setdefault(measure.pk, measure)


def shown_measures(context: Context) -> list[Measure]:
    """The measures the sections built so far have shown (the source list comes last in a report)."""
    return list(context.cache.get(SHOWN_KEY, {}).values())


def _year_value(measure: Measure, series: Series, year: int) -> Period | None:
    """The period standing for a whole year: the year's value, else December's (r12 or the last tertial)."""
    for period in ((year, 0), (year, 12)):
        if series.get(period) is not None:
            return period
    return None


def _current_value(series: Series, year: int, month: int) -> Period | None:
    """The newest period of the year up to the report's month (a yearly measure has none before the year ends)."""
    candidates = [p for p in series.periods() if p[0] == year and 0 < p[1] <= month and series.get(p) is not None]
    if month == 12 and series.get((year, 0)) is not None:
        return (year, 0)
    return max(candidates, default=None)


def _cell_text(measure: Measure, series: Series, period: Period | None) -> tuple[str, bool]:
    """A value as shown in a year column (suppressed as everywhere) and whether it carries the forecast mark."""
    if period is None:
        return "-", False
    hidden = series.is_hidden(period)
    text = format_value(measure, series.get(period), hidden=hidden)
    forecast = period in series.forecasts and not hidden
    return (text + FORECAST_MARK if forecast else text), forecast


def _as_written(measure: Measure, value: Decimal) -> str:
    """A target value with the decimals the committee wrote (75 stays "75", 5,3 stays "5,3"), at most the
    measure's."""
    exponent = int(value.normalize().as_tuple().exponent)
    decimals = min(measure.decimals, max(0, -exponent))
    return format_number(value, decimals) + unit_suffix(measure)


def written_target(summary: MeasureSummary) -> str:
    """The target as the committee wrote it: "Öka", "0", "≥ 75", "Behåll 5,3 %", "> länssnitt"."""
    measure, target = summary.measure, summary.target
    if target is None or target.kind != TargetKind.NUMERIC or target.value is None:
        if target is not None and target.reference is not None and target.kind == TargetKind.QUALITATIVE:
            return f"{Qualitative(target.qualitative).label} {_as_written(measure, target.reference)}"
        return target_text(measure, target)
    if target.comparator == Comparator.EQ:
        return _as_written(measure, target.value)
    return f"{Comparator(target.comparator).label} {_as_written(measure, target.value)}"


def period_heading(year: int, month: int) -> str:
    """The heading of the current period's column: "aug 2021"; the year alone at the year's end."""
    if month >= 12:
        return str(year)
    return f"{MONTHS_3[month]} {year}"


def outcome_years(summaries: list[MeasureSummary], *, year: int) -> list[int]:
    """The full years a plan shows: the last three before the plan year with an outcome of any of its measures
    (VP 2020 shows 2016, 2017 and 2018: the plan is written before 2019 is over)."""
    known = sorted(
        {y for s in summaries for y in range(year - 6, year) if _year_value(s.measure, s.series, y) is not None}
    )
    return known[-3:] or [year - 3, year - 2, year - 1]


def measure_year_table(
    caption: str,
    summaries: list[MeasureSummary],
    *,
    year: int,
    month: int,
    plan: bool = False,
    years: list[int] | None = None,
) -> list[Block]:
    """The measure table with year columns: Mått | 2019 | 2020 | aug 2021 | Etappmål (a plan: the last three years
    with outcomes, or the section's `years` so that its tables agree, and the target), values with the measure's
    decimals, forecasts marked "*" (with the note "* Prognos" under the table) and small counts suppressed as
    everywhere."""
    full_years = years or (outcome_years(summaries, year=year) if plan else [year - 2, year - 1])
    rows, styles = [], []
    any_forecast = False
    for s in summaries:
        cells = []
        for y in full_years:
            text, forecast = _cell_text(s.measure, s.series, _year_value(s.measure, s.series, y))
            cells.append(text)
            any_forecast |= forecast
        if not plan:
            text, forecast = _cell_text(s.measure, s.series, _current_value(s.series, year, month))
            cells.append(text)
            any_forecast |= forecast
        name = s.measure.name + (" (r12)" if s.measure.rolling_12 else "")
        rows.append([name, *cells, written_target(s)])
        styles.append("")
    header = [
        [
            Cell(_("Measure")),
            *(Cell(str(y)) for y in full_years),
            *([] if plan else [Cell(period_heading(year, month))]),
            Cell(_("Target {year}").format(year=year)),
        ]
    ]
    columns = len(header[0])
    blocks: list[Block] = [
        Table(
            caption=caption,
            header=header,
            rows=rows,
            numeric=[False, *([True] * (columns - 2)), False],
            row_styles=styles,
            widths=[40, *([14] * (columns - 2)), 60 - 14 * (columns - 2)],
        )
    ]
    if any_forecast:
        blocks.append(Paragraph([Run(f"{FORECAST_MARK} " + _("Forecast"))], "note"))
    return blocks


def measure_table(caption: str, summaries: list[MeasureSummary]) -> Table:
    """The seeds' measure table: Mått | Utfall | Etappmål, ranking & genomsnitt | Kön | Trend | Omotiverade
    skillnader?"""
    rows, styles = [], []
    for s in summaries:
        outcome = s.value_text if s.period is None else f"{s.value_text} ({s.period_label})"
        target = s.target_text
        if s.comparison is not None and s.comparison.rank is not None:
            average = format_number(s.comparison.average, s.measure.decimals) if s.comparison.average else "-"
            target += "; " + _("rank {rank}, average {average}").format(rank=s.comparison.rank, average=average)
        groups = ", ".join(f"{label} {text}" for _code, label, _v, text in s.groups) or "-"
        trend = str(Trend(s.trend).label) if s.trend else "-"
        unjustified = "-"
        if s.judgement is not None:
            unjustified = _("Yes") if s.judgement.judgement == Judgement.UNJUSTIFIED else _("No")
        elif s.equality_flag:
            unjustified = _("To be judged")
        rows.append([s.measure.name, outcome, target, groups, trend, unjustified])
        styles.append("")
    header = [
        [
            Cell(_("Measure")),
            Cell(_("Actual")),
            Cell(_("Target, ranking & average")),
            Cell(_("Sex")),
            Cell(_("Trend")),
            Cell(_("Unjustified differences?")),
        ]
    ]
    return Table(
        caption=caption,
        header=header,
        rows=rows,
        numeric=[False, True, False, False, False, False],
        row_styles=styles,
        widths=[30, 14, 20, 18, 9, 9],
        notes=[line for line in [source_line(summaries)] if line],
    )


@section_kind("personnel", gettext_lazy("Personnel: headcount and sickness absence (r12) with charts"))
def personnel(context: Context, section: Section) -> list[Block]:
    measures = list(Measure.objects.filter(owner=context.committee, source=Source.HR).order_by("sort_order", "name"))
    if not measures:
        raise MissingData(_("no personnel figures (source: HR system) are linked to the committee."))
    summaries = measure_summaries(measures, year=context.year, as_of_month=context.month)
    note_shown(context, measures)
    rows = []
    for s in summaries:
        before = previous_period(s.measure, s.period) if s.period else None
        by_group = {code: text for code, _label, _v, text in s.groups}
        rows.append(
            [
                s.measure.name + (" (r12)" if s.measure.rolling_12 else ""),
                s.period_label,
                s.value_text,
                by_group.get(WOMEN, "-"),
                by_group.get(MEN, "-"),
                format_value(s.measure, s.series.get(before), hidden=s.series.is_hidden(before)) if before else "-",
                s.target_text,
                str(Trend(s.trend).label) if s.trend else "-",
            ]
        )
    blocks: list[Block] = [
        Table(
            caption=_("Personnel figures, {occasion}").format(occasion=context.occasion.name),
            header=[
                [
                    Cell(_("Measure")),
                    Cell(_("Period")),
                    Cell(_("Total")),
                    Cell(_("Women")),
                    Cell(_("Men")),
                    Cell(_("Same period last year")),
                    Cell(_("Target")),
                    Cell(_("Trend")),
                ]
            ],
            rows=rows,
            numeric=[False, False, True, True, True, True, False, False],
            row_styles=[""] * len(rows),
            widths=[28, 10, 9, 9, 9, 11, 12, 12],
            notes=[line for line in [source_line(summaries)] if line],
        )
    ]
    for s in summaries:
        if not s.measure.rolling_12 or s.period is None:
            continue
        chart = measure_chart(s.measure, s.series, until=s.period, target=s.target)
        if chart is not None:
            blocks.append(Chart(caption=chart.title, chart=chart))
            note = chart_note(s.measure, s.series, until=s.period)
            if note:
                blocks.append(Paragraph([Run(note)], "note"))
    if any(s.measure.rolling_12 for s in summaries):
        blocks.append(
            Paragraph(
                [
                    Run(_("Sickness absence is shown as r12")),
                    Run(
                        note=_(
                            "r12 = rolling 12 months: the result as a yearly result up to and including the latest "
                            "month."
                        )
                    ),
                    Run("."),
                ],
                "note",
            )
        )
    return blocks
