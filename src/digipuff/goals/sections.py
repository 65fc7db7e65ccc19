"""Report sections of the goals module: the goal tree with measures and assessments, and the assessment summary.

Other modules show their own content under each goal of the tree (activities: the activities described under the
goal) by registering a `GoalPart` in their `sections.py`; parts are keyed by the goal's primary key, never by its
title, and goals imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Heading, Paragraph, Run, Table
from digipuff.core.registry import Registry
from digipuff.core.richtext import from_plain, to_blocks
from digipuff.core.sections import Context, MissingData, Section, labelled, section_kind
from digipuff.goals.choices import Assessment
from digipuff.goals.drafting import goal_draft
from digipuff.goals.selectors import ThreadNode, report_thread
from digipuff.indicators.sections import measure_table, measure_year_table, note_shown, outcome_years
from digipuff.organisation.choices import OccasionKind


@dataclass(frozen=True)
class GoalPart:
    """Content another module shows under each goal of the goal tree: `blocks(context)` maps a goal's primary key
    (goals.Goal) to the blocks shown under that goal, after its measures and before its assessment."""

    name: str
    blocks: Callable[[Context], Mapping[int, list[Block]]]
    order: int = 100


# Found in the apps' `sections.py`, like the section kinds themselves.
goal_parts: Registry[GoalPart] = Registry("sections", key=lambda part: part.name, order=lambda p: (p.order, p.name))


def _goal_slots(context: Context) -> list[tuple[str, str]]:
    return [
        (f"goal:{node.goal.pk}", node.goal.title)
        for node in report_thread(context).nodes()
        if node.committee_goal is not None and node.goal.level.depth > 0
    ]


def _assessment_label(node: ThreadNode) -> str:
    if node.assessment is None:
        return str(Assessment.NOT_ASSESSED.label)
    return str(Assessment(node.assessment.assessment).label)


@section_kind(
    "goals_results",
    gettext_lazy("Goals and results (goal tree with measures and assessments)"),
    slots=_goal_slots,
    draft=goal_draft,
)
def goals_results(context: Context, section: Section) -> list[Block]:
    return _goal_tree(context, section, year_columns=False)


@section_kind(
    "goals_results_years",
    gettext_lazy("Goals and results, measures with year columns (two full years, the period, the target)"),
    slots=_goal_slots,
    draft=goal_draft,
)
def goals_results_years(context: Context, section: Section) -> list[Block]:
    return _goal_tree(context, section, year_columns=True)


def _goal_tree(context: Context, section: Section, *, year_columns: bool) -> list[Block]:
    thread = report_thread(context)
    if not thread.roots:
        raise MissingData(_("the committee has no goals for {year}.").format(year=context.year))
    parts = [part.blocks(context) for part in goal_parts]
    blocks: list[Block] = []
    plan = context.occasion.kind == OccasionKind.PLAN
    # Every table of the section shows the same years: those with outcomes of any of its measures.
    years = outcome_years([s for n in thread.nodes() for s in n.measures], year=context.year) if plan else None

    def walk(node: ThreadNode, level: int) -> None:
        blocks.append(Heading(node.goal.title, min(level, 4)))
        cg = node.committee_goal
        if cg is not None and cg.interpretation:
            blocks.extend(to_blocks(from_plain(cg.interpretation), base_level=level))
        if cg is not None and cg.special_priority:
            blocks.append(Paragraph([Run(_("Special priority") + ": ", bold=True), Run(cg.special_priority)]))
        if node.measures:
            note_shown(context, [s.measure for s in node.measures])
            if year_columns:
                blocks.extend(
                    measure_year_table(
                        node.goal.title,
                        node.measures,
                        year=context.year,
                        month=context.month,
                        plan=plan,
                        years=years,
                    )
                )
            else:
                blocks.append(measure_table(node.goal.title, node.measures))
        for part in parts:
            blocks.extend(part.get(node.goal.pk, []))
        if node.goal.level.depth > 0 and cg is not None:
            if node.assessment is not None and node.assessment.assessment != "not_assessed":
                blocks.append(labelled(_("Assessment"), _assessment_label(node)))
            if node.assessment is not None and node.assessment.analysis:
                blocks.extend(to_blocks(from_plain(node.assessment.analysis), base_level=level))
            text = context.text(section, f"goal:{node.goal.pk}")
            if text is not None and text.body:
                blocks.extend(to_blocks(text.body, base_level=level))
        for child in node.children:
            walk(child, level + 1)

    for root in thread.roots:
        walk(root, section.level + 1)
    return blocks


def _leaves(nodes: list[ThreadNode]) -> list[ThreadNode]:
    """The committee's goals at the lowest level under `nodes`: where the assessments are made."""
    out: list[ThreadNode] = []
    for node in nodes:
        below = _leaves(node.children)
        if below:
            out.extend(below)
        elif node.committee_goal is not None:
            out.append(node)
    return out


def _rolled_up(nodes: list[ThreadNode]) -> str:
    """The assessments of the goals below a level, counted: "Uppfyllt 2, Delvis uppfyllt 1"."""
    counts = dict.fromkeys(Assessment.values, 0)
    for leaf in _leaves(nodes):
        counts[leaf.assessment.assessment if leaf.assessment is not None else Assessment.NOT_ASSESSED] += 1
    return ", ".join(f"{Assessment(value).label} {n}" for value, n in counts.items() if n)


@section_kind("summary_assessments", gettext_lazy("Summary of the (preliminary) assessments"))
def summary_assessments(context: Context, section: Section) -> list[Block]:
    thread = report_thread(context)
    if not thread.roots:
        raise MissingData(_("the committee has no goals for {year}.").format(year=context.year))
    rows, styles = [], []

    def assessed(node: ThreadNode) -> bool:
        return node.committee_goal is not None or any(assessed(c) for c in node.children)

    def walk(node: ThreadNode) -> None:
        # Assessed at the lowest level the committee has goals on; the levels above group them (målområde →
        # KF-mål → nämndmål), each shown once as a heading row over its goals.
        below = [c for c in node.children if assessed(c)]
        if node.goal.level.depth > 0 and node.committee_goal is not None and not below:
            rows.append([node.goal.title, _assessment_label(node)])
            styles.append("")
            return
        if not below:
            return
        rows.append([node.goal.title, "" if node.goal.level.depth == 0 else _rolled_up(below)])
        styles.append("section" if node.goal.level.depth == 0 else "subtotal")
        for child in below:
            walk(child)

    for root in thread.roots:
        walk(root)
    if not rows:
        raise MissingData(_("the committee has no goals for {year}.").format(year=context.year))
    deepest = max((n.goal.level.depth for n in thread.nodes() if n.committee_goal is not None), default=1)
    level_names = [level.name for level in thread.levels]
    header = [[Cell(level_names[deepest] if len(level_names) > deepest else _("Goal")), Cell(_("Assessment"))]]
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
