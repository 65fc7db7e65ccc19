"""A measure's chart: its total (and women and men) over the last years, or over the last 24 months.

Only what is published is drawn (`Series.shown`): a suppressed value is a gap in its line, and the chart's text
alternative and the note under it (`chart_note`) say which points are left out.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from digipuff.core.charts import Line, LineChart
from digipuff.indicators.choices import MEN, TOTAL, WOMEN, Periodicity, ValueUnit
from digipuff.indicators.models import Measure, Target
from digipuff.indicators.selectors import Period, Series, group_label

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _frame(measure: Measure, series: Series, until: Period | None) -> tuple[list[Period], list[str], list[str]]:
    """The periods drawn, their labels and the groups drawn."""
    periods = [p for p in series.periods() if until is None or p <= until]
    # Leave out the leading periods without a total (e.g. the first eleven months of an r12 series).
    while periods and series.get(periods[0]) is None:
        periods.pop(0)
    if measure.periodicity == Periodicity.MONTH:
        periods = [p for p in periods if p[1] > 0][-24:]
        categories = [f"{MONTHS[m - 1]} {y % 100:02d}" for y, m in periods]
    else:
        periods = periods[-8:]
        categories = [str(y) if m == 0 else f"{MONTHS[m - 1]} {y}" for y, m in periods]
    groups = [TOTAL] + [g for g in (WOMEN, MEN) if any(series.get(p, g) is not None for p in periods)]
    return periods, categories, groups


def _label(group: str) -> str:
    return _("Total") if group == TOTAL else group_label(group)


def chart_note(measure: Measure, series: Series, *, until: Period | None = None) -> str:
    """ "" when every point is drawn; else the sentence naming the suppressed points the chart leaves out."""
    periods, categories, groups = _frame(measure, series, until)
    gaps = [
        f"{_label(g)} {category}"
        for g in groups
        for p, category in zip(periods, categories, strict=True)
        if series.is_hidden(p, g) and series.get(p, g) is not None
    ]
    if not gaps:
        return ""
    return _("Values based on too few people are not shown (--) and not drawn: {points}.").format(
        points=", ".join(gaps)
    )


def measure_chart(
    measure: Measure, series: Series, *, until: Period | None = None, target: Target | None = None
) -> LineChart | None:
    periods, categories, groups = _frame(measure, series, until)
    if len(periods) < 2:
        return None
    lines = [Line(_label(g), [series.shown(p, g) for p in periods]) for g in groups]
    target_value = None
    if target is not None:
        target_value = target.value if target.value is not None else target.reference
    unit = "%" if measure.unit == ValueUnit.PERCENT else ""
    title = measure.name + (" (r12)" if measure.rolling_12 else "")
    description = _("{name}: {first} to {last}. The values are in the table below.").format(
        name=title, first=categories[0], last=categories[-1]
    )
    note = chart_note(measure, series, until=until)
    return LineChart(
        title=title,
        categories=categories,
        lines=lines,
        unit=unit,
        decimals=measure.decimals,
        target=target_value,
        target_label=_("Target"),
        description=f"{description} {note}" if note else description,
    )
