"""Report sections of the Kolada integration: the source list of the report's measures, with each Kolada key
figure described as Kolada describes it (other sources by their name and id)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Table
from digipuff.core.sections import Context, MissingData, Section, section_kind
from digipuff.goals.selectors import report_thread
from digipuff.indicators.choices import Source
from digipuff.indicators.models import Measure
from digipuff.indicators.sections import shown_measures
from digipuff.integrations.kolada.selectors import source_list


@section_kind("sources", gettext_lazy("Source list (from the measures' sources and Kolada ids)"))
def sources(context: Context, section: Section) -> list[Block]:
    """Only the measures this report shows (recorded by the sections built before it; the source list comes last),
    grouped by the goal they are shown under, each with its source, the source's description (e.g. the ledger's
    name) and its Kolada id."""
    thread = report_thread(context)
    shown = shown_measures(context)
    if not shown:  # built on its own (e.g. beside a text): the measures of the goal tree
        shown = [s.measure for node in thread.nodes() for s in node.measures]
    wanted = {m.pk: m for m in shown}
    seen: set[int] = set()
    grouped: list[tuple[str, list[Measure]]] = []
    for node in thread.nodes():
        ms = [wanted[s.measure.pk] for s in node.measures if s.measure.pk in wanted and s.measure.pk not in seen]
        seen.update(m.pk for m in ms)
        if ms:
            grouped.append((node.goal.title, ms))
    others = [m for m in shown if m.pk not in seen]
    if others:
        grouped.append((_("Other measures") if grouped else "", others))
    if not grouped:
        raise MissingData(_("the report shows no measures."))
    all_measures = [m for _goal, ms in grouped for m in ms]
    kolada = {entry.kpi: entry.title for entry in source_list(measures=all_measures)}
    rows, styles = [], []
    for goal, ms in grouped:
        if goal:
            rows.append([goal, "", ""])
            styles.append("section")
        for m in ms:
            source = str(Source(m.source).label)
            if m.source == Source.KOLADA and m.source_id:
                source = f"{source}, {kolada[m.source_id]}" if kolada.get(m.source_id) else source
            if m.source_note:
                source = f"{source}: {m.source_note}"
            kolada_id = m.source_id if m.source == Source.KOLADA else ""
            rows.append([m.name, source, kolada_id or "-"])
            styles.append("")
    return [
        Table(
            caption=_("Sources of the measures"),
            header=[[Cell(_("Measure")), Cell(_("Source")), Cell(_("Kolada id"))]],
            rows=rows,
            numeric=[False, False, False],
            row_styles=styles,
            widths=[45, 40, 15],
        )
    ]
