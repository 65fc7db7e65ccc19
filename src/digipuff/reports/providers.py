"""Section providers: what fills a section of a given kind with generated content.

A registry keyed by section kind ("goals_results", "economy:by_area", "personnel", ...). Each provider reads what it
needs (its ORM phase) and returns document-model blocks; nothing after the builder touches the database. Other
modules may register their own kinds with `register`. When a provider's data source is missing or empty, the
section shows an "Underlag saknas" notice instead of failing the whole report.
"""

from __future__ import annotations

import importlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.formatting import format_millions, format_number, format_percent
from digipuff.reports.doc import Block, Cell, Chart, Heading, Paragraph, Run, Table

if TYPE_CHECKING:
    from digipuff.goals.selectors import GoldenThread, ThreadNode
    from digipuff.organisation.models import OrgUnit, ReportOccasion
    from digipuff.reports.models import ReportSection, ReportText

logger = logging.getLogger(__name__)


class MissingData(Exception):
    """The data a section is built from is not there (module absent, nothing entered yet)."""


@dataclass
class Context:
    """What every provider gets: the report's committee, year and occasion, and its texts by (section, key)."""

    committee: OrgUnit
    year: int
    occasion: ReportOccasion
    report_type: str
    texts: dict[tuple[int, str], ReportText] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def thread(self) -> GoldenThread:
        from digipuff.goals.selectors import golden_thread

        return golden_thread(committee=self.committee, year=self.year, occasion=self.occasion)

    @cached_property
    def month(self) -> int:
        return self.occasion.period_end.month

    def text(self, section: ReportSection, key: str) -> ReportText | None:
        return self.texts.get((section.pk, key))


Build = Callable[[Context, "ReportSection"], list[Block]]
Slots = Callable[[Context], list[tuple[str, str]]]


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str | Promise
    build: Build
    slots: Slots | None = None  # extra text slots (key, title), e.g. one analysis per goal


_registry: dict[str, Provider] = {}


def register(kind: str, label: str | Promise, *, slots: Slots | None = None) -> Callable[[Build], Build]:
    def decorator(build: Build) -> Build:
        _registry[kind] = Provider(kind, label, build, slots)
        return build

    return decorator


def get(kind: str) -> Provider | None:
    return _registry.get(kind)


def choices() -> list[tuple[str, str]]:
    return [(p.kind, str(p.label)) for p in sorted(_registry.values(), key=lambda p: str(p.label))]


def missing(reason: str) -> Paragraph:
    return Paragraph([Run(_("Underlying data missing: {reason}").format(reason=reason))], style="missing")


def build_section(context: Context, section: ReportSection) -> list[Block]:
    provider = get(section.kind)
    if provider is None:
        return [missing(_("no content of the kind '{kind}' is installed.").format(kind=section.kind))]
    try:
        return provider.build(context, section)
    except MissingData as exc:
        return [missing(str(exc))]
    except ImportError as exc:  # a module the section needs is not installed
        logger.warning("Report section %s: %s", section.kind, exc)
        return [missing(_("the module that provides it is not installed."))]


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingData(_("the module that provides it is not installed.")) from exc


def p(text: str, style: str = "") -> Paragraph:
    return Paragraph([Run(text)], style)


def labelled(label: str, text: str) -> Paragraph:
    return Paragraph([Run(f"{label}: ", bold=True), Run(text)])


# -- text slots -----------------------------------------------------------------------------------------------------


@register("text", gettext_lazy("Text only"))
def text_only(context: Context, section: ReportSection) -> list[Block]:
    return []


# -- goals and results ----------------------------------------------------------------------------------------------


def _goal_slots(context: Context) -> list[tuple[str, str]]:
    return [
        (f"goal:{node.goal.pk}", node.goal.title)
        for node in context.thread.nodes()
        if node.committee_goal is not None and node.goal.level.depth > 0
    ]


def _assessment_label(node: ThreadNode) -> str:
    from digipuff.goals.choices import Assessment

    if node.assessment is None:
        return str(Assessment.NOT_ASSESSED.label)
    return str(Assessment(node.assessment.assessment).label)


def measure_table(caption: str, summaries: list[Any]) -> Table:
    """The seeds' measure table: Mått | Utfall | Etappmål, ranking & genomsnitt | Kön | Trend | Omotiverade
    skillnader?"""
    from digipuff.indicators.choices import Judgement, Trend

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
    )


def _activities_by_goal(context: Context) -> dict[str, list[Any]]:
    if "activities_by_goal" not in context.cache:
        by_goal: dict[str, list[Any]] = defaultdict(list)
        try:
            module = importlib.import_module("digipuff.activities.selectors")
            rows = module.follow_up_rows(committee=context.committee, year=context.year, occasion=context.occasion)
        except (ImportError, AttributeError):
            rows = []
        for commitment in rows:
            for activity in commitment.activities:
                where = activity.described_under or (activity.goals[0] if activity.goals else "")
                by_goal[where].append(activity)
        context.cache["activities_by_goal"] = by_goal
    return context.cache["activities_by_goal"]


@register(
    "goals_results", gettext_lazy("Goals and results (goal tree with measures and assessments)"), slots=_goal_slots
)
def goals_results(context: Context, section: ReportSection) -> list[Block]:
    from digipuff.reports.richtext import to_blocks

    thread = context.thread
    if not thread.roots:
        raise MissingData(_("the committee has no goals for {year}.").format(year=context.year))
    activities = _activities_by_goal(context)
    blocks: list[Block] = []

    def walk(node: ThreadNode, level: int) -> None:
        blocks.append(Heading(node.goal.title, min(level, 4)))
        cg = node.committee_goal
        if cg is not None and cg.interpretation:
            blocks.extend(to_blocks(_plain_html(cg.interpretation), base_level=level))
        if cg is not None and cg.special_priority:
            blocks.append(Paragraph([Run(_("Special priority") + ": ", bold=True), Run(cg.special_priority)]))
        if node.measures:
            blocks.append(measure_table(node.goal.title, node.measures))
        for activity in activities.get(node.goal.title, []):
            blocks.append(Paragraph([Run(_("Activity") + ": ", bold=True), Run(activity.activity, bold=True)]))
            if activity.description:
                blocks.append(p(activity.description))
            status = activity.status or _("No status")
            blocks.append(
                Paragraph(
                    [
                        Run(_("Status") + ": ", italic=True),
                        Run(status + (f". {activity.comment}" if activity.comment else "")),
                    ]
                )
            )
        if node.goal.level.depth > 0 and cg is not None:
            if node.assessment is not None and node.assessment.assessment != "not_assessed":
                blocks.append(labelled(_("Assessment"), _assessment_label(node)))
            if node.assessment is not None and node.assessment.analysis:
                blocks.extend(to_blocks(_plain_html(node.assessment.analysis), base_level=level))
            text = context.text(section, f"goal:{node.goal.pk}")
            if text is not None and text.body:
                blocks.extend(to_blocks(text.body, base_level=level))
        for child in node.children:
            walk(child, level + 1)

    for root in thread.roots:
        walk(root, section.level + 1)
    return blocks


def _plain_html(text: str) -> str:
    from digipuff.reports.richtext import from_plain

    return from_plain(text)


@register("summary_assessments", gettext_lazy("Summary of the (preliminary) assessments"))
def summary_assessments(context: Context, section: ReportSection) -> list[Block]:
    thread = context.thread
    if not thread.roots:
        raise MissingData(_("the committee has no goals for {year}.").format(year=context.year))
    rows, styles = [], []
    for root in thread.roots:
        rows.append([root.goal.title, ""])
        styles.append("section")
        for child in root.children:
            if child.committee_goal is not None:
                rows.append([child.goal.title, _assessment_label(child)])
                styles.append("")
    level_names = [level.name for level in thread.levels]
    header = [[Cell(level_names[1] if len(level_names) > 1 else _("Goal")), Cell(_("Assessment"))]]
    return [
        Table(
            caption=_("Assessment of the committee's goals, {occasion}").format(occasion=context.occasion.name),
            header=header,
            rows=rows,
            numeric=[False, False],
            row_styles=styles,
            widths=[70, 30],
        )
    ]


@register("activities", gettext_lazy("Development commitments and activities with their status"))
def activities(context: Context, section: ReportSection) -> list[Block]:
    module = _optional("digipuff.activities.selectors")
    rows = module.follow_up_rows(committee=context.committee, year=context.year, occasion=context.occasion)
    if not rows:
        raise MissingData(_("no development commitments or activities are planned."))
    table_rows, styles = [], []
    for commitment in rows:
        if commitment.title:
            label = commitment.title
            if commitment.municipality_wide:
                label += " " + _("(municipality-wide)")
            table_rows.append([label, commitment.status or "-", commitment.comment])
            styles.append("section")
        for activity in commitment.activities:
            table_rows.append([activity.activity, activity.status or "-", activity.comment])
            styles.append("")
    return [
        Table(
            caption=_("Development commitments and activities, {occasion}").format(occasion=context.occasion.name),
            header=[[Cell(_("Commitment / activity")), Cell(_("Status")), Cell(_("Comment"))]],
            rows=table_rows,
            numeric=[False, False, False],
            row_styles=styles,
            widths=[42, 16, 42],
        )
    ]


# -- economy --------------------------------------------------------------------------------------------------------


def _economy_tables(context: Context) -> dict[str, Any]:
    if "economy" not in context.cache:
        module = _optional("digipuff.economy.selectors")
        context.cache["economy"] = module.all_tables(context.committee, context.year, context.month)
    return context.cache["economy"]


def _cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "" if kind == "text" else "-"
    if kind == "money":
        return format_millions(value, 1)
    if kind == "percent":
        return format_percent(value, 1)
    if kind == "number":
        decimals = 1 if isinstance(value, Decimal) and value != value.to_integral_value() else 0
        return format_number(value, decimals)
    if kind == "bool":
        return _("Yes") if value else _("No")
    return str(value)


def economy_table(table: Any) -> Table:
    """An economy module table as a document table, money shown in mnkr with one decimal as in the seeds."""
    header: list[list[Cell]] = []
    if table.groups:
        header.append([Cell(""), *[Cell(str(label), span) for label, span in table.groups]])
    header.append([Cell(""), *[Cell(str(column.label)) for column in table.columns]])
    rows, styles = [], []
    for row in table.rows:
        rows.append([row.label, *[_cell(row.values.get(c.key), c.kind) for c in table.columns]])
        styles.append(row.style)
    money = any(c.kind == "money" for c in table.columns)
    caption = f"{table.title}, mnkr" if money else str(table.title)
    first = 30 if len(table.columns) > 6 else 40
    rest = (100 - first) // max(1, len(table.columns))
    return Table(
        caption=caption,
        header=header,
        rows=rows,
        numeric=[False, *[c.kind != "text" for c in table.columns]],
        row_styles=styles,
        notes=[str(note) for note in table.notes],
        widths=[first, *[rest] * len(table.columns)],
    )


def _economy_provider(key: str) -> Build:
    def build(context: Context, section: ReportSection) -> list[Block]:
        tables = _economy_tables(context)
        table = tables.get(key)
        if table is None:
            raise MissingData(_("the economy module has no table '{key}'.").format(key=key))
        if not table.rows or all(row.style == "section" for row in table.rows):
            raise MissingData(_("nothing has been entered for {table}.").format(table=str(table.title).lower()))
        blocks: list[Block] = [economy_table(table)]
        if key == "by_area":
            keeping = tables.get("budget_keeping")
            if keeping is not None and keeping.budget:
                blocks.append(
                    p(
                        _(
                            "Budget keeping: the forecast deviation after measures is {percent} of the year's "
                            "budget. The share of the budget used so far is {used}; the benchmark for the period is "
                            "{benchmark}."
                        ).format(
                            percent=format_percent(keeping.percent, 1),
                            used=format_percent(keeping.used_percent, 1),
                            benchmark=format_percent(keeping.riktpunkt * 100, 0),
                        ),
                        "note",
                    )
                )
        return blocks

    return build


_ECONOMY_LABELS = {
    "income_statement": gettext_lazy("Economy: income statement"),
    "by_area": gettext_lazy("Economy: operating statement per operation area"),
    "by_cost_line": gettext_lazy("Economy: operating statement per cost line"),
    "measures": gettext_lazy("Economy: measures for a budget in balance"),
    "investments": gettext_lazy("Economy: investments"),
    "state_grants": gettext_lazy("Economy: targeted state grants"),
    "earmarked": gettext_lazy("Economy: earmarked items"),
    "volumes": gettext_lazy("Economy: volumes"),
}
for _key, _label in _ECONOMY_LABELS.items():
    register(f"economy:{_key}", _label)(_economy_provider(_key))


@register("economy:budget_keeping", gettext_lazy("Economy: key figures (forecast, budget keeping, benchmark)"))
def economy_key_figures(context: Context, section: ReportSection) -> list[Block]:
    keeping = _economy_tables(context).get("budget_keeping")
    if keeping is None or not keeping.budget:
        raise MissingData(_("no budget has been entered for {year}.").format(year=context.year))
    rows = [
        [_("Budget for the year"), format_millions(keeping.budget, 1)],
        [_("Forecast for the year"), format_millions(keeping.forecast, 1)],
        [_("Deviation forecast/budget"), format_millions(keeping.deviation, 1)],
        [_("Effect of measures"), format_millions(keeping.measures, 1)],
        [_("Deviation after measures"), format_millions(keeping.deviation_after_measures, 1)],
        [_("Budget keeping"), format_percent(keeping.percent, 1)],
        [_("Share of the budget used in the period"), format_percent(keeping.used_percent, 1)],
        [_("Benchmark for the period"), format_percent(keeping.riktpunkt * 100, 0)],
    ]
    return [
        Table(
            caption=_("Key figures of the economy, mnkr"),
            header=[[Cell(""), Cell(context.occasion.name)]],
            rows=rows,
            numeric=[False, True],
            row_styles=["", "", "", "", "subtotal", "", "", ""],
            widths=[70, 30],
        )
    ]


@register("economy", gettext_lazy("Economy: every table"))
def economy_all(context: Context, section: ReportSection) -> list[Block]:
    blocks: list[Block] = []
    for key in _ECONOMY_LABELS:
        try:
            blocks.extend(_economy_provider(key)(context, section))
        except MissingData:
            continue
    if not blocks:
        raise MissingData(_("no budget or actuals have been entered."))
    return blocks


# -- personnel ------------------------------------------------------------------------------------------------------


@register("personnel", gettext_lazy("Personnel: headcount and sickness absence (r12) with charts"))
def personnel(context: Context, section: ReportSection) -> list[Block]:
    from digipuff.indicators.charts import measure_chart
    from digipuff.indicators.choices import MEN, WOMEN, Source, Trend
    from digipuff.indicators.models import Measure
    from digipuff.indicators.selectors import format_value, measure_summaries, previous_period

    measures = list(Measure.objects.filter(owner=context.committee, source=Source.HR).order_by("sort_order", "name"))
    if not measures:
        raise MissingData(_("no personnel figures (source: HR system) are linked to the committee."))
    summaries = measure_summaries(measures, year=context.year, as_of_month=context.month)
    rows = []
    for s in summaries:
        previous = s.series.get(previous_period(s.measure, s.period)) if s.period else None
        by_group = {code: text for code, _label, _v, text in s.groups}
        rows.append(
            [
                s.measure.name + (" (r12)" if s.measure.rolling_12 else ""),
                s.period_label,
                s.value_text,
                by_group.get(WOMEN, "-"),
                by_group.get(MEN, "-"),
                format_value(s.measure, previous) if s.period else "-",
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
        )
    ]
    for s in summaries:
        if not s.measure.rolling_12 or s.period is None:
            continue
        chart = measure_chart(s.measure, s.series, until=s.period, target=s.target)
        if chart is not None:
            blocks.append(Chart(caption=chart.title, chart=chart))
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


# -- internal control -----------------------------------------------------------------------------------------------


def _follow_ups(context: Context) -> dict[str, list[Any]]:
    if "follow_ups" not in context.cache:
        module = _optional("digipuff.internal_control.selectors")
        context.cache["follow_ups"] = module.follow_up_tables(
            committee=context.committee, year=context.year, occasion=context.occasion
        )
    return context.cache["follow_ups"]


def _follow_up_table(caption: str, first: str, rows: list[Any]) -> Table:
    detail_labels: list[str] = []
    for row in rows:
        for label, _value in row.details:
            if label not in detail_labels:
                detail_labels.append(label)
    body = []
    for row in rows:
        details = dict(row.details)
        body.append(
            [
                row.title,
                *[details.get(label, "") for label in detail_labels],
                row.responsible,
                row.status or "-",
                row.comment,
            ]
        )
    columns = [first, *detail_labels, _("Responsible"), _("Status"), _("Comment")]
    width = 100 // len(columns)
    return Table(
        caption=caption,
        header=[[Cell(c) for c in columns]],
        rows=body,
        numeric=[False] * len(columns),
        row_styles=[""] * len(body),
        widths=[width] * len(columns),
    )


@register("internal_control", gettext_lazy("Internal control: risks, review actions and systematic controls"))
def internal_control(context: Context, section: ReportSection) -> list[Block]:
    module = _optional("digipuff.internal_control.selectors")
    risks = module.risk_table(committee=context.committee, year=context.year, occasion=context.occasion)
    tables = _follow_ups(context)
    if not risks and not any(tables.get(k) for k in ("review_actions", "controls")):
        raise MissingData(_("no risks, review actions or controls are planned for {year}.").format(year=context.year))
    blocks: list[Block] = []
    level = section.level + 1
    blocks.append(Heading(_("Risk-reducing actions"), level))
    if risks:
        by_goal: dict[str, list[Any]] = defaultdict(list)
        for row in risks:
            by_goal[row.goal].append(row)
        for goal, rows in by_goal.items():
            body, styles, last = [], [], None
            for row in rows:
                first = row.risk != last
                body.append(
                    [
                        row.risk if first else "",
                        str(row.risk_value) if first else "",
                        row.action or "-",
                        row.responsible,
                        row.status or "-",
                        row.comment,
                    ]
                )
                styles.append("")
                last = row.risk
            blocks.append(
                Table(
                    caption=_("Risks and actions: {goal}").format(goal=goal),
                    header=[
                        [
                            Cell(_("Risk")),
                            Cell(_("Risk value")),
                            Cell(_("Action")),
                            Cell(_("Responsible")),
                            Cell(_("Status")),
                            Cell(_("Comment")),
                        ]
                    ],
                    rows=body,
                    numeric=[False, True, False, False, False, False],
                    row_styles=styles,
                    widths=[24, 7, 22, 13, 11, 23],
                )
            )
        blocks.append(p(_("Risk value = probability × consequence, each 1–4; risks from 9 are prioritised."), "note"))
    else:
        blocks.append(missing(_("no prioritised risks.")))
    reviews = tables.get("review_actions") or []
    if reviews:
        blocks.append(Heading(_("Actions on recommendations from audit or other external review"), level))
        blocks.append(_follow_up_table(_("Actions on review recommendations"), _("Action"), reviews))
    controls = tables.get("controls") or []
    if controls:
        blocks.append(Heading(_("Systematic controls"), level))
        blocks.append(_follow_up_table(_("Systematic controls"), _("Control"), controls))
    return blocks


@register("provider_followup", gettext_lazy("Plan for follow-up of private providers"))
def provider_followup(context: Context, section: ReportSection) -> list[Block]:
    rows = _follow_ups(context).get("provider_follow_ups") or []
    if not rows:
        raise MissingData(_("no follow-ups of private providers are planned."))
    return [_follow_up_table(_("Follow-up of private providers"), _("Agreement"), rows)]


@register("competition_testing", gettext_lazy("Competition-testing plan"))
def competition_testing(context: Context, section: ReportSection) -> list[Block]:
    rows = _follow_ups(context).get("competition_tests") or []
    if not rows:
        raise MissingData(_("no competition tests are planned."))
    return [_follow_up_table(_("Competition-testing plan"), _("Operation"), rows)]


# -- sources --------------------------------------------------------------------------------------------------------


@register("sources", gettext_lazy("Source list (from the measures' sources and Kolada ids)"))
def sources(context: Context, section: ReportSection) -> list[Block]:
    from digipuff.indicators.choices import Source
    from digipuff.indicators.models import Measure

    thread = context.thread
    seen: set[int] = set()
    grouped: list[tuple[str, list[Any]]] = []
    for node in thread.nodes():
        ms = [s.measure for s in node.measures if s.measure.pk not in seen]
        seen.update(m.pk for m in ms)
        if ms:
            grouped.append((node.goal.title, ms))
    others = list(Measure.objects.filter(owner=context.committee).exclude(pk__in=seen).order_by("sort_order", "name"))
    if others:
        grouped.append((_("Other measures"), others))
    if not grouped:
        raise MissingData(_("the report shows no measures."))
    all_measures = [m for _goal, ms in grouped for m in ms]
    kolada: dict[str, str] = {}
    try:
        from digipuff.integrations.kolada.selectors import source_list

        kolada = {entry.kpi: str(entry) for entry in source_list(measures=all_measures)}
    except ImportError:  # pragma: no cover - Kolada is part of every installation today
        pass
    rows, styles = [], []
    for goal, ms in grouped:
        rows.append([goal, ""])
        styles.append("section")
        for m in ms:
            if m.source == Source.KOLADA and m.source_id:
                source = kolada.get(m.source_id, f"Kolada, {m.source_id}")
            else:
                source = str(Source(m.source).label) + (f", {m.source_id}" if m.source_id else "")
            rows.append([m.name, source])
            styles.append("")
    return [
        Table(
            caption=_("Sources of the measures"),
            header=[[Cell(_("Measure")), Cell(_("Source"))]],
            rows=rows,
            numeric=[False, False],
            row_styles=styles,
            widths=[55, 45],
        )
    ]
