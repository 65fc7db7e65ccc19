"""Choices of the economy module."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CostLineKind(models.TextChoices):
    """Whether a cost line (kostnadsslag) holds revenues or costs; it decides the sign of the deviation."""

    REVENUE = "revenue", _("Revenue")
    COST = "cost", _("Cost")


class LedgerKind(models.TextChoices):
    """What a ledger amount is: an actual from the ledger (utfall) or the budget."""

    ACTUAL = "actual", pgettext_lazy("ledger kind", "Actual")
    BUDGET = "budget", pgettext_lazy("ledger kind", "Budget")


class ImportSource(models.TextChoices):
    """The kind of file an import read."""

    SIE = "sie", _("SIE 4 file")
    BUDGET = "budget", _("Budget file (Excel/CSV)")


#: The report occasions of a year by month: Delår 1 per 31 March, Delår 2 per 31 August and the
#: verksamhetsberättelse per 31 December. An occasion is stored as plain (year, month), so any month works
#: (monthly follow-up) and the reports module maps its own occasions onto it.
OCCASION_MONTHS: dict[int, object] = {
    3: _("Interim report 1 (31 March)"),
    8: _("Interim report 2 (31 August)"),
    12: _("Annual report (31 December)"),
}


#: The columns a report section may choose for an operating statement (driftredovisning), in the order shown:
#: full year budget/forecast/deviation, measures and the deviation after them, the period's budget/actual/deviation,
#: and last year's period. A section that chooses none shows every column of its table.
STATEMENT_COLUMNS: list[tuple[str, object]] = [
    ("budget_year", _("Full year: budget")),
    ("forecast", _("Full year: forecast")),
    ("deviation_forecast", _("Full year: deviation forecast/budget")),
    ("measures", _("Measures")),
    ("deviation_after_measures", _("Deviation after measures")),
    ("budget_period", _("Period: budget")),
    ("actual_period", _("Period: actual")),
    ("deviation_period", _("Period: deviation actual/budget")),
    ("previous_period", _("Previous year, period")),
]
