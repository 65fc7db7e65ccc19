"""A first draft of an economy section's analysis from the figures (förslag till analystext), for the controller to
edit: the forecast deviation for the year, what the measures for a budget in balance change, budget keeping, the
share of the budget used against the benchmark, and the operation areas that contribute most to the deviation.

Rule-based and repeatable (the same figures give the same text); each sentence carries a footnote naming the table
and occasion it comes from. Money is stated in mnkr with one decimal, as the report's tables show it; a deviation is
positive when favourable (budget − forecast for costs), as everywhere in the economy module.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from digipuff.core.formatting import format_millions, format_percent
from digipuff.core.richtext import footnoted
from digipuff.core.sections import Context, MissingData, Section
from digipuff.economy.selectors import all_tables, has_economy

Sentence = tuple[str, str]

# How many operation areas are named as the largest contributors to the deviation.
CONTRIBUTORS = 3


def _mnkr(kronor: Decimal) -> str:
    return _("{amount} mnkr").format(amount=format_millions(abs(kronor), 1))


def _deviation(kronor: Decimal) -> str:
    """ "a surplus of 2,4 mnkr" / "a deficit of 1,1 mnkr" / "no deviation", as shown (one decimal)."""
    if format_millions(abs(kronor), 1) == format_millions(0, 1):
        return _("no deviation")
    if kronor > 0:
        return _("a surplus of {amount}").format(amount=_mnkr(kronor))
    return _("a deficit of {amount}").format(amount=_mnkr(kronor))


def economy_paragraphs(tables: dict[str, Any], *, committee: str, occasion: str) -> list[list[Sentence]]:
    keeping = tables["budget_keeping"]
    by_area = tables["by_area"]
    source = _(
        "Operating statement per operation area, {occasion}. Source: the ledger (budget, actuals) and the "
        "forecast entered for the occasion."
    ).format(occasion=occasion)
    first: list[Sentence] = [
        (
            _("The forecast for the year shows {deviation} against the budget of {budget}.").format(
                deviation=_deviation(keeping.deviation), budget=_mnkr(keeping.budget)
            ),
            source,
        )
    ]
    if keeping.measures:
        first.append(
            (
                _(
                    "The measures for a budget in balance are expected to improve the result by {amount}, which gives "
                    "{deviation} after measures."
                ).format(amount=_mnkr(keeping.measures), deviation=_deviation(keeping.deviation_after_measures)),
                _("Measures for a budget in balance, {occasion}.").format(occasion=occasion),
            )
        )
    if keeping.percent is not None:
        first.append(
            (
                _("Budget keeping is {percent}.").format(percent=format_percent(keeping.percent, 1)),
                _(
                    "Budget keeping: the forecast deviation after measures as a share of the year's budget, {occasion}."
                ).format(occasion=occasion),
            )
        )
    if keeping.used_percent is not None:
        first.append(
            (
                _(
                    "{used} of the year's budget has been used, against a benchmark of {benchmark} for the period."
                ).format(
                    used=format_percent(keeping.used_percent, 1), benchmark=format_percent(keeping.riktpunkt * 100, 0)
                ),
                _("Actuals for the period against the year's budget, {occasion}. Source: the ledger.").format(
                    occasion=occasion
                ),
            )
        )
    paragraphs = [first]
    rows = [
        row
        for row in by_area.rows
        if not row.style
        and isinstance(row.values.get("deviation_forecast"), Decimal)
        and format_millions(abs(row.values["deviation_forecast"]), 1) != format_millions(0, 1)
    ]
    # The largest deviations whichever their sign; equal ones in the table's order, so the text is repeatable.
    rows.sort(key=lambda row: -abs(row.values["deviation_forecast"]))
    if rows:
        named = [
            _("{area} ({deviation})").format(area=row.label, deviation=_deviation(row.values["deviation_forecast"]))
            for row in rows[:CONTRIBUTORS]
        ]
        paragraphs.append(
            [
                (
                    _("The largest contributions to the deviation come from {areas}.").format(areas=_join(named)),
                    source,
                )
            ]
        )
    return paragraphs


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def economy_draft(context: Context, section: Section, key: str) -> str:
    """The proposed analysis of an economy section from the occasion's figures."""
    if not has_economy(context.committee, context.year):
        raise MissingData(
            _("{committee} has no economy for {year}.").format(committee=context.committee.name, year=context.year)
        )
    tables = context.cached("economy:tables", lambda: all_tables(context.committee, context.year, context.month))
    if not tables["budget_keeping"].budget:
        raise MissingData(_("no budget has been entered for {year}.").format(year=context.year))
    return footnoted(economy_paragraphs(tables, committee=context.committee.name, occasion=context.occasion.name))
