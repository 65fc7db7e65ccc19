"""Report sections of the economy module: each economy table, the key figures of budget keeping, the same period
over several years, and every table at once.

A section's options (reports' template section, copied to the report section) say how its table is shown: the
money unit ("tkr" without decimals or "mnkr" with one, the seeds'), which columns of an operating statement show,
the label of the total row, whether group rows carry their subtotals, and how many years a table of several years
spans. Kronor stay exact in the economy module; they are rounded here, when shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Chart, Table
from digipuff.core.formatting import MONEY_UNITS, format_money, format_number, format_percent
from digipuff.core.sections import Build, Context, MissingData, Section, p, section_kind
from digipuff.core.suppression import SUPPRESSED
from digipuff.economy.drafting import economy_draft
from digipuff.economy.selectors import all_tables, area_period_years, has_economy


def _economy_tables(context: Context) -> dict[str, Any]:
    """The occasion's tables; a year the committee keeps no economy for is missing data, never a table of zeros."""
    if not context.cached("economy:has", lambda: has_economy(context.committee, context.year)):
        raise MissingData(
            _("{committee} has no economy for {year}.").format(committee=context.committee.name, year=context.year)
        )
    tables: dict[str, Any] = context.cached(
        "economy:tables", lambda: all_tables(context.committee, context.year, context.month)
    )
    return tables


DEFAULT_UNIT = "mnkr"
YEARS_DEFAULT = 3


def section_options(section: Any) -> dict[str, Any]:
    """The section's table options (an empty dict for a section without any)."""
    options = getattr(section, "options", None)
    return options if isinstance(options, dict) else {}


def money_unit(section: Any) -> str:
    unit = section_options(section).get("unit")
    return unit if unit in MONEY_UNITS else DEFAULT_UNIT


def _cell(value: Any, kind: str, unit: str = DEFAULT_UNIT) -> str:
    if value is None or value == "":
        return "" if kind == "text" else "-"
    if value == SUPPRESSED:
        return SUPPRESSED
    if kind == "money":
        return format_money(value, unit)
    if kind == "percent":
        return format_percent(value, 1)
    if kind == "number":
        decimals = 1 if isinstance(value, Decimal) and value != value.to_integral_value() else 0
        return format_number(value, decimals)
    if kind == "bool":
        return _("Yes") if value else _("No")
    return str(value)


def _chosen_columns(table: Any, keys: list[str]) -> tuple[list[Any], list[tuple[str, int]]]:
    """The columns a section chose (in the table's order) and the group headings over what remains; a choice that
    matches none of the table's columns keeps them all (a per-cost-line table has no measures, say)."""
    chosen = [c for c in table.columns if c.key in keys] if keys else list(table.columns)
    if not chosen:
        chosen = list(table.columns)
    groups: list[tuple[str, int]] = []
    start = 0
    for label, span in table.groups:
        kept = sum(1 for c in table.columns[start : start + span] if c in chosen)
        if kept:
            groups.append((label, kept))
        start += span
    return chosen, groups


def _carry_group_sums(rows: list[Any]) -> list[tuple[Any, str, dict[str, Any]]]:
    """(row, style, values) with each group row (a heading line) carrying the sums of its group's subtotal line,
    which is then left out: "Revenues 20,9" instead of a bare heading and a separate "Operating revenues" line."""
    result: list[tuple[Any, str, dict[str, Any]]] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        if row.style == "section" and not row.values:
            end = next((i for i in range(index + 1, len(rows)) if rows[i].style in ("subtotal", "section")), None)
            if end is not None and rows[end].style == "subtotal":
                result.append((row, "subtotal", rows[end].values))
                result.extend((r, r.style, r.values) for r in rows[index + 1 : end])
                index = end + 1
                continue
        result.append((row, row.style, row.values))
        index += 1
    return result


def economy_table(table: Any, options: dict[str, Any] | None = None) -> Table:
    """An economy module table as a document table, money in the section's unit (mnkr with one decimal as in the
    seeds, or tkr without decimals); the headings state the unit. Heading lines show no figures ("" not "-")
    unless the section asks its group rows to carry their subtotals."""
    options = options or {}
    unit = str(options["unit"]) if options.get("unit") in MONEY_UNITS else DEFAULT_UNIT
    columns, groups = _chosen_columns(table, list(options.get("columns") or []))
    money = any(c.kind == "money" for c in columns)
    header: list[list[Cell]] = []
    if groups:
        header.append([Cell(""), *[Cell(str(label), span) for label, span in groups]])
    header.append([Cell(unit if money else ""), *[Cell(str(column.label)) for column in columns]])
    total_label = str(options.get("total_label") or "").strip()
    lines = (
        _carry_group_sums(table.rows)
        if options.get("group_sums")
        else [(row, row.style, row.values) for row in table.rows]
    )
    rows, styles = [], []
    for row, style, values in lines:
        label = total_label if total_label and style == "total" else row.label
        if style == "section" and not values:
            rows.append([label, *["" for _c in columns]])
        else:
            rows.append([label, *[_cell(values.get(c.key), c.kind, unit) for c in columns]])
        styles.append(style)
    caption = f"{table.title}, {unit}" if money else str(table.title)
    first = 30 if len(columns) > 6 else 40
    rest = (100 - first) // max(1, len(columns))
    return Table(
        caption=caption,
        header=header,
        rows=rows,
        numeric=[False, *[c.kind != "text" for c in columns]],
        row_styles=styles,
        notes=[str(note) for note in table.notes],
        widths=[first, *[rest] * len(columns)],
    )


def _economy_provider(key: str) -> Build:
    def build(context: Context, section: Section) -> list[Block]:
        tables = _economy_tables(context)
        table = tables.get(key)
        if table is None:
            raise MissingData(_("the economy module has no table '{key}'.").format(key=key))
        if not table.rows or all(row.style == "section" for row in table.rows):
            raise MissingData(_("nothing has been entered for {table}.").format(table=str(table.title).lower()))
        blocks: list[Block] = [economy_table(table, {**section_options(section), "unit": money_unit(section)})]
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
    # The forecast analysis is proposed where the deviation per operation area is shown.
    section_kind(f"economy:{_key}", _label, draft=economy_draft if _key == "by_area" else None)(_economy_provider(_key))


@section_kind(
    "economy:budget_keeping",
    gettext_lazy("Economy: key figures (forecast, budget keeping, benchmark)"),
    draft=economy_draft,
)
def economy_key_figures(context: Context, section: Section) -> list[Block]:
    keeping = _economy_tables(context).get("budget_keeping")
    unit = money_unit(section)
    if keeping is None or not keeping.budget:
        raise MissingData(_("no budget has been entered for {year}.").format(year=context.year))
    rows = [
        [_("Budget for the year"), format_money(keeping.budget, unit)],
        [_("Forecast for the year"), format_money(keeping.forecast, unit)],
        [_("Deviation forecast/budget"), format_money(keeping.deviation, unit)],
        [_("Effect of measures"), format_money(keeping.measures, unit)],
        [_("Deviation after measures"), format_money(keeping.deviation_after_measures, unit)],
        [_("Budget keeping"), format_percent(keeping.percent, 1)],
        [_("Share of the budget used in the period"), format_percent(keeping.used_percent, 1)],
        [_("Benchmark for the period"), format_percent(keeping.riktpunkt * 100, 0)],
    ]
    return [
        Table(
            caption=_("Key figures of the economy, {unit}").format(unit=unit),
            header=[[Cell(unit), Cell(context.occasion.name)]],
            rows=rows,
            numeric=[False, True],
            row_styles=["", "", "", "", "subtotal", "", "", ""],
            widths=[70, 30],
        )
    ]


@section_kind("economy:area_years", gettext_lazy("Economy: the same period over several years per operation area"))
def economy_area_years(context: Context, section: Section) -> list[Block]:
    """Net cost per operation area for January up to the occasion's month, over the section's number of years
    (three unless it says otherwise), with the change from last year."""
    tables = _economy_tables(context)
    options = section_options(section)
    chosen = options.get("years")
    years = chosen if isinstance(chosen, int) else YEARS_DEFAULT
    table = context.cached(f"economy:area_years:{years}", lambda: area_period_years(tables["ledger"], years))
    return [economy_table(table, {**options, "unit": money_unit(section)})]


@section_kind("economy", gettext_lazy("Economy: every table"), draft=economy_draft)
def economy_all(context: Context, section: Section) -> list[Block]:
    blocks: list[Block] = []
    for key in _ECONOMY_LABELS:
        try:
            blocks.extend(_economy_provider(key)(context, section))
        except MissingData:
            continue
    if not blocks:
        raise MissingData(_("no budget or actuals have been entered."))
    return blocks


@section_kind("economy:deviation_chart", gettext_lazy("Economy: chart of the monthly deviation and the forecasts"))
def economy_deviation_chart(context: Context, section: Section) -> list[Block]:
    """The deviation from budget month by month and the forecasts of the year (`economy.charts`)."""
    from digipuff.economy.charts import deviation_chart

    _economy_tables(context)  # a year without an economy is missing data
    chart = deviation_chart(context.committee, context.year, context.month)
    if chart is None:
        raise MissingData(_("no actuals or forecasts have been entered for {year}.").format(year=context.year))
    return [Chart(chart.title, chart)]
