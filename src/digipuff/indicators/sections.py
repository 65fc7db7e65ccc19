"""Report sections of the indicators module: the measure table (used under each goal of the goal tree) and the
personnel figures (the committee's measures from the HR system, with charts of the rolling-12 ones)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Chart, Paragraph, Run, Table
from digipuff.core.formatting import format_number
from digipuff.core.sections import Context, MissingData, Section, section_kind
from digipuff.indicators.charts import chart_note, measure_chart
from digipuff.indicators.choices import MEN, WOMEN, Judgement, Source, Trend
from digipuff.indicators.models import Measure
from digipuff.indicators.selectors import (
    MeasureSummary,
    format_value,
    measure_summaries,
    previous_period,
    source_line,
)


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
