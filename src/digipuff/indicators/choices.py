from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeasureKind(models.TextChoices):
    """A measure (mått) has targets; an indicator (indikator) is followed but given none."""

    MEASURE = "measure", _("Measure")
    INDICATOR = "indicator", _("Indicator")


class ValueUnit(models.TextChoices):
    PERCENT = "percent", pgettext_lazy("value unit", "%")
    COUNT = "count", pgettext_lazy("value unit", "number")
    INDEX = "index", pgettext_lazy("value unit", "index")
    KRONOR = "kr", pgettext_lazy("value unit", "SEK")
    THOUSANDS = "tkr", pgettext_lazy("value unit", "SEK thousands")
    DAYS = "days", pgettext_lazy("value unit", "days")
    OTHER = "other", pgettext_lazy("value unit", "other")


class Direction(models.TextChoices):
    """Which way is better (the trend and the targets are judged by it)."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NONE = "none", _("Neither")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    KOLADA = "kolada", _("Kolada")
    LEDGER = "ledger", _("Ledger")
    HR = "hr", _("HR system")
    LIS = "lis", _("LIS (management information system)")
    SURVEY = "survey", _("Survey")
    OTHER = "other", _("Other")


class Periodicity(models.TextChoices):
    YEAR = "year", _("Yearly")
    TERTIAL = "tertial", _("Per tertial")
    MONTH = "month", _("Monthly")


class Breakdown(models.TextChoices):
    """How a measure's values are split; area and age groups are named freely (e.g. "area:Flemingsberg")."""

    NONE = "none", _("Total only")
    GENDER = "gender", _("Women and men")
    AREA = "area", _("Areas")
    AGE = "age", _("Age groups")


# Group codes of a value: Kolada's T/K/M for total, women (kvinnor) and men (män); others "area:<name>", "age:<name>".
TOTAL, WOMEN, MEN = "T", "K", "M"


class TargetKind(models.TextChoices):
    NUMERIC = "numeric", _("A number")
    QUALITATIVE = "qualitative", _("A direction")
    NONE = "none", _("No target (indicator)")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="


class Qualitative(models.TextChoices):
    """Qualitative targets as the seeds write them: Öka, Minska, Behåll, > länssnitt, < länssnitt."""

    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    KEEP = "keep", _("Keep")
    ABOVE_AVERAGE = "above_average", _("> county average")
    BELOW_AVERAGE = "below_average", _("< county average")


class Trend(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")
    UNCHANGED = "unchanged", _("Unchanged")


class Judgement(models.TextChoices):
    """The writer's judgement of a flagged difference between groups (jämlik styrning)."""

    JUSTIFIED = "justified", _("Justified")
    UNJUSTIFIED = "unjustified", _("Unjustified")
