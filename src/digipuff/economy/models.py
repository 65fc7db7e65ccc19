"""Ekonomi: cost lines and operation areas mapped from the ledger, budget and actuals per month, forecasts per
report occasion, measures for a budget in balance, investments, state grants and volumes.

Amounts are kronor as Decimal, with the ledger's sign everywhere (debit positive): costs are positive, revenues
negative. With that sign the deviation of any row, line or total is simply budget − actual (or budget − forecast),
which is the municipal rule "costs: budget − utfall, revenues: utfall − budget" written once. Pages and exports show
revenues as positive figures.

A report occasion is the plain pair (year, month): 3 for Delår 1, 8 for Delår 2, 12 for the verksamhetsberättelse,
any other month for monthly follow-up. The reports module maps its occasions onto that pair.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.economy.choices import CostLineKind, ImportSource, LedgerKind
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class _Digits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _Digits = {"max_digits": 18, "decimal_places": 2}


def _money(label: str | object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(label, default=Decimal(0), **MONEY, **kwargs)  # type: ignore[arg-type]


class CommitteeOwned(models.Model):
    """Something that belongs to one committee (nämnd); the policy asks about that committee."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee


class EconomyYear(CommitteeOwned, VersionedModel):
    """A committee's economy settings for one year (ekonomiska förutsättningar).

    `area_dimension` is the SIE dimension whose objects identify the operation area (1 = ansvar in most charts,
    another number for verksamhet). `profile` holds twelve monthly weights: the riktpunkt of a month is the share of
    the weights passed, and a budget given per year is spread by them (even by default).
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    area_dimension = models.PositiveSmallIntegerField(
        _("dimension of the operation areas"),
        default=1,
        help_text=_("The SIE dimension whose objects tell the operation area, e.g. 1 for ansvar."),
    )
    opening_equity = _money(_("opening equity (IB eget kapital)"))
    equity_withdrawal = _money(
        _("of which withdrawal from equity"),
        help_text=_("The part of the year's result that is taken from the committee's equity (uttag), as a negative."),
    )
    profile = models.JSONField(_("monthly budget profile"), default=list, blank=True)
    subtotal_label = models.CharField(
        _("label of the subtotal"),
        max_length=100,
        default="",
        blank=True,
        help_text=_("e.g. Summa exklusive flyktingmottagande"),
    )

    class Meta:
        verbose_name = _("economy year")
        verbose_name_plural = _("economy years")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="economy_year_unique")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"

    def weights(self) -> list[Decimal]:
        """The twelve monthly weights (even when no profile was given)."""
        if len(self.profile or []) == 12:
            return [Decimal(str(w)) for w in self.profile]
        return [Decimal(1)] * 12

    def clean(self) -> None:
        if self.profile:
            if len(self.profile) != 12:
                raise ValidationError({"profile": _("A budget profile has one weight for each of the twelve months.")})
            try:
                weights = [Decimal(str(w)) for w in self.profile]
            except ArithmeticError:
                raise ValidationError({"profile": _("The weights of a budget profile are numbers.")}) from None
            if any(w < 0 for w in weights) or sum(weights) <= 0:
                raise ValidationError({"profile": _("The weights must be zero or more and not all zero.")})


class YearSetUp(CommitteeOwned, VersionedModel):
    """Part of a committee's economy set-up for one planning year (cost lines, operation areas).

    Each year owns its set-up (DESIGN: "a planning year ... owns its configuration"): the rollover copies it into the
    next year (`carried_from` points at the row it was copied from), so changing 2022's mapping never changes the
    figures of 2021. The stored ledger amounts of a year point at that year's rows.
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    carried_from = models.ForeignKey(
        "self", verbose_name=_("carried from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class CostLine(YearSetUp):
    """A cost line (kostnadsslag) of the operating statement of one year, e.g. Personal, mapped from account
    ranges."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CostLineKind.choices)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["committee", "year", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "code"], name="cost_line_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revenue(self) -> bool:
        return self.kind == CostLineKind.REVENUE


class AccountRange(models.Model):
    """A range of accounts of the chart of accounts (Kommun-Bas) that belongs to a cost line.

    The bounds are compared with as many leading digits of an account as they have, so 3100–3199 also holds the
    five-digit account 31050.
    """

    policy_unit_field = "cost_line__committee"

    cost_line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="ranges")
    first = models.CharField(_("from account"), max_length=10)
    last = models.CharField(_("to account"), max_length=10)

    class Meta:
        verbose_name = _("account range")
        verbose_name_plural = _("account ranges")
        ordering = ["first"]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}" if self.first != self.last else self.first

    @property
    def policy_unit(self) -> OrgUnit:
        return self.cost_line.committee


class OperationArea(YearSetUp):
    """An operation area (verksamhetsområde) of one year's operating statement, mapped from ledger dimension
    objects.

    It usually is an org unit (Vård och behandling), but may be a line of its own (Ofördelat, an extraordinary
    revenue). A `separate` area is shown below the subtotal (särredovisad, e.g. refugee reception), an `earmarked`
    one also in the table of earmarked items (öronmärkta medel, e.g. Covid-19 in 2021).
    """

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    separate = models.BooleanField(_("reported below the subtotal"), default=False)
    earmarked = models.BooleanField(_("earmarked item"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("operation area")
        verbose_name_plural = _("operation areas")
        ordering = ["committee", "year", "separate", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "code"], name="operation_area_code_unique")]

    def __str__(self) -> str:
        return self.name


class ObjectRange(models.Model):
    """A range of dimension objects (ansvar or verksamhet codes) that belongs to an operation area."""

    policy_unit_field = "area__committee"

    area = models.ForeignKey(OperationArea, on_delete=models.CASCADE, related_name="ranges")
    first = models.CharField(_("from object"), max_length=40)
    last = models.CharField(_("to object"), max_length=40)

    class Meta:
        verbose_name = _("object range")
        verbose_name_plural = _("object ranges")
        ordering = ["first"]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}" if self.first != self.last else self.first

    @property
    def policy_unit(self) -> OrgUnit:
        return self.area.committee


class LedgerImport(CommitteeOwned):
    """The record of one import of a ledger or budget file: who, when, which file (hash), which period, totals.

    Reports cite it in their källförteckning; the amounts it brought are kept in LedgerAmount rows pointing here.
    """

    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    first_month = models.PositiveSmallIntegerField(_("from month"), validators=MONTH_VALIDATORS)
    last_month = models.PositiveSmallIntegerField(_("to month"), validators=MONTH_VALIDATORS)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    program = models.CharField(_("program"), max_length=200, blank=True)
    transactions = models.PositiveIntegerField(_("transaction rows"), default=0)
    rows = models.PositiveIntegerField(_("stored monthly amounts"), default=0)
    actual_total = _money(_("total of actuals"))
    budget_total = _money(_("total of budget"))
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.year})"


class LedgerAmount(CommitteeOwned):
    """A monthly amount of the ledger or the budget for one account and dimension object (aggregated, not per
    #TRANS row). `cost_line` and `area` are the mapping's answer, recomputed when the mapping changes; empty means
    unmapped. A budget entered per cost line or per area has them set and `account` or `object_id` empty."""

    import_record = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="amounts")
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(validators=MONTH_VALIDATORS)
    account = models.CharField(max_length=20, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    cost_line = models.ForeignKey(CostLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.ForeignKey(OperationArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amount = models.DecimalField(**MONEY)

    class Meta:
        verbose_name = _("ledger amount")
        verbose_name_plural = _("ledger amounts")
        indexes = [models.Index(fields=["committee", "year", "kind", "month"], name="ledger_amount_period")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.account or self.cost_line} {self.object_id}: {self.amount}"


class Forecast(CommitteeOwned, VersionedModel):
    """The full-year forecast (helårsprognos) of one operation area and cost line at a report occasion."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    area = models.ForeignKey(OperationArea, verbose_name=_("operation area"), on_delete=models.CASCADE)
    cost_line = models.ForeignKey(CostLine, verbose_name=_("cost line"), on_delete=models.CASCADE)
    amount = models.DecimalField(_("forecast"), **MONEY)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "month", "area", "cost_line"], name="forecast_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.area_id}/{self.cost_line_id}: {self.amount}"


class OccasionRecord(CommitteeOwned, VersionedModel):
    """Base of the records entered per report occasion (year, month)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]


class BalanceMeasure(OccasionRecord):
    """A measure for a budget in balance (åtgärd för budget i balans) and its expected effect on the year's result.

    A positive effect improves the result: the deviation after measures is the deviation plus the effects.
    """

    area = models.ForeignKey(
        OperationArea, verbose_name=_("operation area"), null=True, blank=True, on_delete=models.CASCADE
    )
    description = models.TextField(_("measure"))
    effect = _money(_("expected effect, kronor"))

    class Meta(OccasionRecord.Meta):
        verbose_name = _("measure for a budget in balance")
        verbose_name_plural = _("measures for a budget in balance")

    def __str__(self) -> str:
        return self.description[:60]


class Investment(OccasionRecord):
    """An investment project (investering) with its budget, actual so far and full-year forecast."""

    name = models.CharField(_("project"), max_length=200)
    budget = _money(_("budget"))
    actual = _money(_("actual so far"))
    forecast = _money(_("forecast for the year"))

    class Meta(OccasionRecord.Meta):
        verbose_name = _("investment")
        verbose_name_plural = _("investments")

    def __str__(self) -> str:
        return self.name


class StateGrant(OccasionRecord):
    """A targeted state grant (riktat statsbidrag): what it brings, what it costs, and whether the budget and the
    forecast already count it."""

    name = models.CharField(_("grant"), max_length=200)
    amount = _money(_("grant, kronor"))
    cost = _money(_("cost, kronor"))
    in_budget = models.BooleanField(_("counted in the budget"), default=False)
    in_forecast = models.BooleanField(_("counted in the forecast"), default=False)

    class Meta(OccasionRecord.Meta):
        verbose_name = _("state grant")
        verbose_name_plural = _("state grants")

    def __str__(self) -> str:
        return self.name

    @property
    def net(self) -> Decimal:
        return self.amount - self.cost


class Volume(OccasionRecord):
    """A volume followed against its budgeted volume, e.g. placements per month (månadsplaceringar)."""

    name = models.CharField(_("volume"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True, blank=True)
    previous_year = models.DecimalField(
        _("same month last year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget = models.DecimalField(_("budgeted volume"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta(OccasionRecord.Meta):
        verbose_name = _("volume")
        verbose_name_plural = _("volumes")

    def __str__(self) -> str:
        return self.name
