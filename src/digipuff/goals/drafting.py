"""A first draft of a goal's analysis from its figures (förslag till analystext), for the writer to edit.

Rule-based and repeatable: the same figures always give the same text. For each of the goal's measures, in the
goal's order, it states the latest value, whether the year's target is met, the trend against the same period a year
earlier, the values for women and men, and the rank in the comparison group (the county) where Kolada has one;
every sentence carries a footnote naming the figure it states (measure, period, source). Only published figures are
used (`MeasureSummary` reads the series through the suppression rule): a suppressed value is never stated, only
that it is not shown. The draft is inserted in the editor and is a text like any other: saved by the writer and
approved in the workflow before anything is published.
"""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from digipuff.core.formatting import format_number
from digipuff.core.richtext import footnoted
from digipuff.core.sections import Context, MissingData, Section
from digipuff.goals.models import CommitteeGoal
from digipuff.goals.selectors import goal_measures, report_thread
from digipuff.indicators.choices import MEN, WOMEN, Periodicity, Source, Trend
from digipuff.indicators.selectors import MeasureSummary, Period, format_value, previous_period

Sentence = tuple[str, str]  # (the sentence, its footnote)


def _when(summary: MeasureSummary, period: Period) -> str:
    """The period as a footnote names it: "februari 2019", "tertial 1 2019", "2018"."""
    year, month = period
    if month == 0 or summary.measure.periodicity == Periodicity.YEAR:
        return str(year)
    if summary.measure.periodicity == Periodicity.TERTIAL:
        return _("tertial {tertial} {year}").format(tertial=month // 4, year=year)
    return formats.date_format(date(year, month, 1), "F Y")


def _in(summary: MeasureSummary, period: Period) -> str:
    """The period in running text: "i februari 2019", "under tertial 1 2019", "år 2018"."""
    year, month = period
    if month == 0 or summary.measure.periodicity == Periodicity.YEAR:
        return _("in {year}").format(year=year)
    if summary.measure.periodicity == Periodicity.TERTIAL:
        return _("in tertial {tertial} {year}").format(tertial=month // 4, year=year)
    return _("in {month}").format(month=formats.date_format(date(year, month, 1), "F Y"))


def _source(summary: MeasureSummary) -> str:
    measure = summary.measure
    source = str(Source(measure.source).label)
    if measure.source == Source.KOLADA and measure.source_id:
        source = f"{source} ({measure.source_id})"
        if measure.source_note:
            source = f"{source}, {measure.source_note}"
    elif measure.source_note:
        source = measure.source_note  # the system the figures come from, by its name
    return _("Source: {source}.").format(source=source)


def _name(summary: MeasureSummary, *, running: bool = False) -> str:
    """The measure's name, with "r12" for a rolling one ("Sjukfrånvaro (total), r12," in running text)."""
    if not summary.measure.rolling_12:
        return summary.measure.name
    return f"{summary.measure.name}, r12" + ("," if running else "")


def _note(summary: MeasureSummary, period: Period, what: str = "") -> str:
    """The footnote of a figure: the measure, what of it (women/men, target), the period and the source."""
    label = _name(summary) if not what else f"{_name(summary)}, {what}"
    return f"{label}, {_when(summary, period)}. {_source(summary)}"


def measure_sentences(summary: MeasureSummary, *, year: int) -> list[Sentence]:
    """What one measure's published figures say, sentence by sentence."""
    measure = summary.measure
    if summary.period is None:
        return [(_("{measure} has no value yet.").format(measure=_name(summary, running=True)), "")]
    period = summary.period
    if summary.value is None:
        return [
            (
                _("The value of {measure} {when} is not shown because it concerns too few people.").format(
                    measure=_name(summary), when=_in(summary, period)
                ),
                _note(summary, period),
            )
        ]
    sentences: list[Sentence] = [
        (
            _("{measure} was {value} {when}.").format(
                measure=_name(summary, running=True),
                value=format_value(measure, summary.value),
                when=_in(summary, period),
            ),
            _note(summary, period),
        )
    ]
    if summary.target_met is not None and summary.target is not None:
        text = (
            _("The target for {year}, {target}, is met.")
            if summary.target_met
            else _("The target for {year}, {target}, is not met.")
        )
        sentences.append(
            (
                text.format(year=year, target=summary.target_text),
                _("{measure}, target for {year}. {source}").format(
                    measure=_name(summary), year=year, source=_source(summary)
                ),
            )
        )
    before = previous_period(measure, period)
    previous = summary.series.shown(before)
    if summary.trend is not None and previous is not None:
        trend_text = {
            Trend.POSITIVE: _("The trend is positive: the value was {previous} {when}."),
            Trend.NEGATIVE: _("The trend is negative: the value was {previous} {when}."),
            Trend.UNCHANGED: _("The value is unchanged compared with {period}, when it was {previous}."),
        }[Trend(summary.trend)]
        sentences.append(
            (
                trend_text.format(
                    previous=format_value(measure, previous), when=_in(summary, before), period=_when(summary, before)
                ),
                _note(summary, before),
            )
        )
    sentences.extend(_sexes(summary, period))
    comparison = summary.comparison
    if comparison is not None and comparison.rank is not None and comparison.year == period[0]:
        average = format_value(measure, comparison.average)
        sentences.append(
            (
                _("Among {group} the municipality ranks {position} of {count}; the average is {average}.").format(
                    group=comparison.group_name,
                    position=comparison.rank.position,
                    count=comparison.rank.with_values,
                    average=average,
                ),
                _("{measure}, rank and average in {group}, {year}. Source: Kolada ({kpi}).").format(
                    measure=_name(summary), group=comparison.group_name, year=comparison.year, kpi=measure.source_id
                ),
            )
        )
    return sentences


def _sexes(summary: MeasureSummary, period: Period) -> list[Sentence]:
    """Women's and men's values, when both are published (one suppressed always takes the other with it)."""
    by_code = {code: (value, text) for code, _label, value, text in summary.groups}
    women, men = by_code.get(WOMEN), by_code.get(MEN)
    if women is None or men is None:
        return []
    if women[0] is None or men[0] is None:
        return [
            (
                _("The values for women and men are not shown because they concern too few people."),
                _note(summary, period, _("women and men")),
            )
        ]
    sentences: list[Sentence] = [
        (
            _("For women the value was {women} and for men {men}.").format(women=women[1], men=men[1]),
            _note(summary, period, _("women and men")),
        )
    ]
    if summary.equality_flag:
        difference = abs(women[0] - men[0])
        sentences.append(
            (
                _(
                    "The difference between women and men, {difference}, is larger than the threshold for the "
                    "equality analysis and is to be explained as justified or unjustified."
                ).format(difference=format_number(difference, summary.measure.decimals)),
                _note(summary, period, _("difference between women and men")),
            )
        )
    return sentences


def goal_paragraphs(measures: list[MeasureSummary], *, year: int, occasion_name: str) -> list[list[Sentence]]:
    """The draft of one goal: a paragraph on how many targets are met, then one paragraph per measure."""
    paragraphs: list[list[Sentence]] = []
    judged = [s for s in measures if s.target_met is not None]
    if judged:
        met = sum(1 for s in judged if s.target_met)
        paragraphs.append(
            [
                (
                    _(
                        "Of the goal's {judged} measures with a target that can be judged, {met} meet the target."
                    ).format(judged=len(judged), met=met),
                    _("The measures' values and targets for {year}, as of {occasion}.").format(
                        year=year, occasion=occasion_name
                    ),
                )
            ]
        )
    for summary in measures:
        paragraphs.append(measure_sentences(summary, year=year))
    return paragraphs


def _overview(context: Context) -> str:
    """The section's own text: for each of the committee's goals with targets to judge, how many are met."""
    sentences: list[Sentence] = []
    for node in report_thread(context).nodes():
        judged = [s for s in node.measures if s.target_met is not None]
        if node.committee_goal is None or not judged:
            continue
        met = sum(1 for s in judged if s.target_met)
        sentences.append(
            (
                _("{goal}: {met} of {judged} measures with a target that can be judged meet the target.").format(
                    goal=node.goal.title, met=met, judged=len(judged)
                ),
                _("The measures' values and targets for {year}, as of {occasion}.").format(
                    year=context.year, occasion=context.occasion.name
                ),
            )
        )
    if not sentences:
        raise MissingData(_("none of the committee's goals has a measure with a target that can be judged yet."))
    return footnoted([[sentence] for sentence in sentences])


def goal_draft(context: Context, section: Section, key: str) -> str:
    """The proposed analysis of the goal whose slot is `key` ("goal:<id>") in a goals_results section; for the
    section's own text ("section"), an overview of the targets met per goal."""
    if not key.startswith("goal:"):
        return _overview(context)
    committee_goal = (
        CommitteeGoal.objects.filter(
            committee=context.committee, goal_id=int(key.split(":", 1)[1]), goal__year=context.year
        )
        .select_related("goal")
        .first()
    )
    if committee_goal is None:
        raise MissingData(_("the goal is no longer in the committee's goals for {year}.").format(year=context.year))
    measures = goal_measures(committee_goal=committee_goal, occasion=context.occasion)
    if not measures:
        raise MissingData(_("the goal has no measures with values to write about."))
    return footnoted(goal_paragraphs(measures, year=context.year, occasion_name=context.occasion.name))
