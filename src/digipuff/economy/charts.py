"""The economy's chart: the deviation from budget month by month, and the forecasts of the year's deviation.

Two lines over the months of the year in mnkr: the accumulated deviation of the actuals from the budget profile up
to each month with actuals (budget minus actuals, so a surplus is above zero as in the tables), and at each month a
forecast was made, the deviation it foresees for the whole year (budget minus forecast; a cost line and operation
area without a forecast counts as on budget).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from digipuff.core.charts import Line, LineChart
from digipuff.economy.choices import LedgerKind
from digipuff.economy.models import Forecast, LedgerAmount
from digipuff.organisation.models import OrgUnit

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MILLION = Decimal(1_000_000)


def deviation_chart(committee: OrgUnit, year: int, month: int) -> LineChart | None:
    """The chart up to the occasion's `month`; None when there are no actuals or forecasts to draw (two queries)."""
    monthly: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    budget_cells: dict[tuple[int | None, int | None], Decimal] = defaultdict(Decimal)
    for kind, at, area, line, amount in (
        LedgerAmount.objects.filter(committee=committee, year=year)
        .values_list("kind", "month", "area_id", "cost_line_id")
        .annotate(total=Sum("amount"))
        .values_list("kind", "month", "area_id", "cost_line_id", "total")
    ):
        if kind == LedgerKind.BUDGET:
            budget_cells[(area, line)] += amount or Decimal(0)
        if at <= month:
            monthly[kind][at] += amount or Decimal(0)
    actual_months = sorted(monthly[LedgerKind.ACTUAL])
    forecast_deviation: dict[int, Decimal] = defaultdict(Decimal)
    for at, area, line, amount in Forecast.objects.filter(committee=committee, year=year, month__lte=month).values_list(
        "month", "area_id", "cost_line_id", "amount"
    ):
        forecast_deviation[at] += budget_cells.get((area, line), Decimal(0)) - amount
    if not actual_months and not forecast_deviation:
        return None
    last = max([*actual_months, *forecast_deviation, 1])
    deviation: list[Decimal | None] = []
    budget_sum = actual_sum = Decimal(0)
    for at in range(1, last + 1):
        budget_sum += monthly[LedgerKind.BUDGET].get(at, Decimal(0))
        actual_sum += monthly[LedgerKind.ACTUAL].get(at, Decimal(0))
        deviation.append(_mnkr(budget_sum - actual_sum) if at in monthly[LedgerKind.ACTUAL] else None)
    forecasts = [_mnkr(forecast_deviation[at]) if at in forecast_deviation else None for at in range(1, last + 1)]
    lines = [Line(_("Deviation from budget so far"), deviation)]
    if any(value is not None for value in forecasts):
        lines.append(Line(_("Forecast deviation for the year"), forecasts))
    title = _("Deviation from budget {year}, mnkr").format(year=year)
    return LineChart(
        title=title,
        categories=MONTHS[:last],
        lines=lines,
        unit="",
        decimals=1,
        y_from_zero=False,
        description=_(
            "{title}, January to {month}: the accumulated deviation of the actuals and the forecasts of the year's "
            "deviation (above zero a surplus). The figures are in the tables of the economy."
        ).format(title=title, month=MONTHS[last - 1]),
    )


def _mnkr(kronor: Decimal) -> Decimal:
    return (kronor / MILLION).quantize(Decimal("0.01"))
