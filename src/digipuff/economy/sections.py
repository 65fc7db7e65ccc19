"""Report sections of the economy module: each economy table (money in mnkr with one decimal, as in the seed
documents), the key figures of budget keeping, and every table at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Chart, Table
from digipuff.core.formatting import format_millions, format_number, format_percent
from digipuff.core.sections import Build, Context, MissingData, Section, p, section_kind
from digipuff.core.suppression import SUPPRESSED
from digipuff.economy.drafting import economy_draft
from digipuff.economy.selectors import all_tables, has_economy


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


def _cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "" if kind == "text" else "-"
    if value == SUPPRESSED:
        return SUPPRESSED
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
    def build(context: Context, section: Section) -> list[Block]:
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
    # The forecast analysis is proposed where the deviation per operation area is shown.
    section_kind(f"economy:{_key}", _label, draft=economy_draft if _key == "by_area" else None)(_economy_provider(_key))


@section_kind(
    "economy:budget_keeping",
    gettext_lazy("Economy: key figures (forecast, budget keeping, benchmark)"),
    draft=economy_draft,
)
def economy_key_figures(context: Context, section: Section) -> list[Block]:
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
