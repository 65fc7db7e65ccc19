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
from digipuff.integrations.kolada.selectors import source_list


@section_kind("sources", gettext_lazy("Source list (from the measures' sources and Kolada ids)"))
def sources(context: Context, section: Section) -> list[Block]:
    thread = report_thread(context)
    seen: set[int] = set()
    grouped: list[tuple[str, list[Measure]]] = []
    for node in thread.nodes():
        ms = [s.measure for s in node.measures if s.measure.pk not in seen]
        seen.update(m.pk for m in ms)
        if ms:
            grouped.append((node.goal.title, ms))
    # The committee's measures outside the thread, but not those that serve only other years' goals (a measure
    # defined for next year must not change this year's report).
    other_years = Measure.objects.filter(owner=context.committee, goals__isnull=False).exclude(
        goals__goal__year=context.year
    )
    others = list(
        Measure.objects.filter(owner=context.committee)
        .exclude(pk__in=seen)
        .exclude(pk__in=other_years.values("pk"))
        .order_by("sort_order", "name")
    )
    if others:
        grouped.append((_("Other measures"), others))
    if not grouped:
        raise MissingData(_("the report shows no measures."))
    all_measures = [m for _goal, ms in grouped for m in ms]
    kolada = {entry.kpi: str(entry) for entry in source_list(measures=all_measures)}
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
