"""Measures and indicators, their values per period and group, targets, comparisons and the equality check."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators.choices import (
    Breakdown,
    Comparator,
    Direction,
    Judgement,
    MeasureKind,
    Periodicity,
    Qualitative,
    Source,
    TargetKind,
    ValueUnit,
)
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit, ReportOccasion

MONTH_VALIDATORS = [MinValueValidator(0), MaxValueValidator(12)]


class ComparisonGroup(models.Model):
    """A group of municipalities to rank within and average over: the county (Stockholms län, 26 municipalities),
    a Kolada group such as "Liknande kommuner", or a committee's own list of comparison municipalities."""

    name = models.CharField(_("name"), max_length=200)
    kolada_id = models.CharField(_("Kolada group id"), max_length=20, blank=True)
    committee = models.ForeignKey(
        OrgUnit,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comparison_groups",
        help_text=_("Empty for groups every committee can use."),
    )
    members: models.ManyToManyField[ComparisonArea, Any] = models.ManyToManyField(
        "ComparisonArea", verbose_name=_("members"), related_name="groups"
    )
    is_county = models.BooleanField(_("the county"), default=False)

    class Meta:
        verbose_name = _("comparison group")
        verbose_name_plural = _("comparison groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ComparisonArea(models.Model):
    """A municipality or county other figures are compared with, by its Kolada/SCB code (e.g. 0126 Huddinge)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=1, default="K", help_text=_("K municipality, L county."))

    class Meta:
        verbose_name = _("municipality to compare with")
        verbose_name_plural = _("municipalities to compare with")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Measure(VersionedModel):
    """A measure (mått) or indicator (indikator) a committee follows, e.g. "Sjukfrånvaro (total)" or Kolada's
    U35544. Values per period and group; ratio measures store numerator and denominator, so totals and r12 values
    are computed, never typed."""

    policy_unit_field = "owner"

    owner = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="measures")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("definition"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.MEASURE)
    unit = models.CharField(_("unit"), max_length=20, choices=ValueUnit.choices, default=ValueUnit.PERCENT)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=0, validators=[MaxValueValidator(4)])
    direction = models.CharField(_("better direction"), max_length=10, choices=Direction.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_id = models.CharField(
        _("source id"), max_length=50, blank=True, help_text=_("E.g. the Kolada KPI id U35544.")
    )
    source_note = models.CharField(_("source description"), max_length=300, blank=True)
    periodicity = models.CharField(_("periodicity"), max_length=10, choices=Periodicity.choices)
    is_ratio = models.BooleanField(
        _("ratio of numerator and denominator"),
        default=False,
        help_text=_("Values are entered as numerator and denominator; totals and r12 are computed from them."),
    )
    ratio_scale = models.DecimalField(_("scale"), max_digits=10, decimal_places=2, default=Decimal("100"))
    rolling_12 = models.BooleanField(
        _("rolling 12 months (r12)"),
        default=False,
        help_text=_(
            "A ratio measure's r12 is computed from its months; a measure entered as values takes each month's value "
            "as the r12 the HR system reports."
        ),
    )
    is_count = models.BooleanField(
        _("counts people"), default=False, help_text=_("Small counts are suppressed when shown.")
    )
    breakdown = models.CharField(_("breakdown"), max_length=10, choices=Breakdown.choices, default=Breakdown.NONE)
    equality_threshold = models.DecimalField(
        _("equality threshold"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the municipality's threshold."),
    )
    comparison_group = models.ForeignKey(
        ComparisonGroup,
        verbose_name=_("ranked within"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    goals = models.ManyToManyField(CommitteeGoal, verbose_name=_("goals"), related_name="measures", blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def policy_unit(self) -> OrgUnit:
        return self.owner

    def clean(self) -> None:
        if self.source == Source.KOLADA and not self.source_id:
            raise ValidationError({"source_id": _("A Kolada measure needs its KPI id.")})
        if self.rolling_12 and self.periodicity != Periodicity.MONTH:
            raise ValidationError({"rolling_12": _("r12 needs a monthly measure.")})


class MeasureValue(VersionedModel):
    """A value (utfall) of a measure for a period and a group. `month` 0 is the whole year; a tertial is stored at
    its last month (4, 8, 12). Group "T" is the total, "K" women, "M" men; areas and ages "area:..."/"age:..."."""

    policy_unit_field = "measure__owner"

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), default=0, validators=MONTH_VALIDATORS)
    group = models.CharField(_("group"), max_length=60, default="T")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=18, decimal_places=4, null=True, blank=True)
    count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True, help_text=_("E.g. Missing (from Kolada)."))
    is_forecast = models.BooleanField(
        _("forecast"), default=False, help_text=_("A forecast, not an outcome: marked with * in report tables.")
    )
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure value")
        verbose_name_plural = _("measure values")
        ordering = ["measure", "year", "month", "group"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year", "month", "group"], name="unique_measure_value")
        ]

    def __str__(self) -> str:
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.measure} {period} {self.group}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.measure.owner


class Target(VersionedModel):
    """The target (etappmål) of a measure for a year: a number with a comparator ("≥ 85"), or a direction
    (Öka, Minska, Behåll 5,3, > länssnitt). An indicator has none."""

    policy_unit_field = "measure__owner"

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices, default=TargetKind.NUMERIC)
    comparator = models.CharField(_("comparator"), max_length=5, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4, null=True, blank=True)
    qualitative = models.CharField(_("direction"), max_length=20, choices=Qualitative.choices, blank=True)
    reference = models.DecimalField(
        _("reference value"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("What Öka/Minska/Behåll is measured against (e.g. Behåll 5,3); empty: last year's value."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    to_revise = models.BooleanField(
        _("to be revised"),
        default=False,
        help_text=_("Copied from the year before when the year was created; saving the target clears the mark."),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["measure", "year"]
        constraints = [models.UniqueConstraint(fields=["measure", "year"], name="unique_target_per_year")]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.measure.owner

    def clean(self) -> None:
        if self.kind == TargetKind.NUMERIC and (not self.comparator or self.value is None):
            raise ValidationError(_("A numeric target needs a comparator and a value."))
        if self.kind == TargetKind.QUALITATIVE and not self.qualitative:
            raise ValidationError({"qualitative": _("Choose the direction of the target.")})


class ComparisonValue(models.Model):
    """A value of a Kolada KPI for another municipality (or the county), used for rank and averages."""

    kpi = models.CharField(_("KPI"), max_length=20)
    area = models.ForeignKey(ComparisonArea, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    group = models.CharField(_("group"), max_length=1, default="T")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("comparison value")
        verbose_name_plural = _("comparison values")
        constraints = [models.UniqueConstraint(fields=["kpi", "area", "year", "group"], name="unique_comparison_value")]
        indexes = [models.Index(fields=["kpi", "year", "group"])]

    def __str__(self) -> str:
        return f"{self.kpi} {self.area_id} {self.year} {self.group}"


class EqualityJudgement(VersionedModel):
    """The writer's explanation of a flagged difference between women and men (or areas, ages) for a period:
    motiverad or omotiverad, with a text (jämlik styrning)."""

    policy_unit_field = "measure__owner"

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="equality_judgements"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), default=0, validators=MONTH_VALIDATORS)
    judgement = models.CharField(_("judgement"), max_length=20, choices=Judgement.choices)
    text = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("equality judgement")
        verbose_name_plural = _("equality judgements")
        constraints = [models.UniqueConstraint(fields=["measure", "year", "month"], name="unique_equality_judgement")]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.measure.owner


class MeasureAnalysis(VersionedModel):
    """The writer's analysis of a measure's result at a report occasion (the text under each measure table)."""

    policy_unit_field = "measure__owner"

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="analyses")
    occasion = models.ForeignKey(ReportOccasion, verbose_name=_("occasion"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("analysis"), blank=True)

    class Meta:
        verbose_name = _("measure analysis")
        verbose_name_plural = _("measure analyses")
        constraints = [models.UniqueConstraint(fields=["measure", "occasion"], name="unique_measure_analysis")]

    def __str__(self) -> str:
        return f"{self.measure} – {self.occasion}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.measure.owner
