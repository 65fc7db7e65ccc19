"""Intern kontroll: the committee's risks and what it does about them, its systematic controls, its actions on
recommendations from audit and other external review, its plan for following up private providers (uppföljning
och insyn) and its competition-testing plan (konkurrensprövningsplan); each followed up per report occasion.

Who may do what: the plan's structure is set up by those who may ADMINISTER the committee; the follow-up of an
action, control or plan row is written by those who may EDIT its owner unit (which lies in the committee).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.followup.models import FollowUp
from digipuff.internal_control.choices import PRIORITY_THRESHOLD, Consequence, Probability, ProviderFollowUpKind
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit

ONE_TO_FOUR = [MinValueValidator(1), MaxValueValidator(4)]


class PlanItem(VersionedModel):
    """What every row of the internal control plan has: a committee and year, an owner unit and a person or role
    responsible, and an order."""

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit responsible; its writers write the follow-up."),
    )
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    @property
    def policy_unit(self) -> OrgUnit:
        return self.owner_unit

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.committee_id and self.committee.kind != OrgUnitKind.COMMITTEE:
            errors["committee"] = _("The internal control plan is a committee's.")
        if self.committee_id and self.owner_unit_id and not self.owner_unit.path.startswith(self.committee.path):
            errors["owner_unit"] = _("The owner unit must belong to the committee.")
        goal = getattr(self, "goal", None)
        if goal is not None and (goal.committee_id != self.committee_id or goal.goal.year != self.year):
            errors["goal"] = _("The goal must be one of the committee's goals of the same year.")
        if errors:
            raise ValidationError(errors)


class Risk(PlanItem):
    """A risk (risk) that could keep the committee from its goals, linked to a goal or a process, valued by
    probability × consequence (riskvärde 1–16). The plan lists the ones the committee prioritised."""

    policy_unit_field = "committee"

    title = models.CharField(_("risk"), max_length=500)
    background = models.TextField(_("background"), blank=True)
    goal = models.ForeignKey(
        "goals.CommitteeGoal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
    )
    process = models.CharField(
        _("process"), max_length=200, blank=True, help_text=_("When the risk concerns a process rather than a goal.")
    )
    probability = models.PositiveSmallIntegerField(
        _("probability"), choices=Probability.choices, validators=ONE_TO_FOUR
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence"), choices=Consequence.choices, validators=ONE_TO_FOUR
    )
    prioritised = models.BooleanField(
        _("prioritised"), default=True, help_text=_("In the committee's plan (usually risk value 9 or more).")
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["year", "sort_order", "pk"]
        indexes = [models.Index(fields=["committee", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=1, probability__lte=4, consequence__gte=1, consequence__lte=4),
                name="risk_levels_one_to_four",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee

    @property
    def risk_value(self) -> int:
        """Riskvärde: probability × consequence, 1–16."""
        return int(self.probability or 0) * int(self.consequence or 0)

    @property
    def above_threshold(self) -> bool:
        return self.risk_value >= PRIORITY_THRESHOLD

    def clean(self) -> None:
        super().clean()
        if not self.goal_id and not self.process.strip():
            raise ValidationError({"goal": _("Link the risk to a goal or name the process it concerns.")})


class RiskAction(VersionedModel):
    """A risk-reducing action (riskreducerande åtgärd) with its owner; followed up per occasion."""

    policy_unit_field = "owner_unit"

    risk = models.ForeignKey(Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+")
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    due = models.DateField(_("done by"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("risk-reducing action")
        verbose_name_plural = _("risk-reducing actions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.owner_unit

    @property
    def year(self) -> int:
        return self.risk.year

    def clean(self) -> None:
        if self.risk_id and self.owner_unit_id and not self.owner_unit.path.startswith(self.risk.committee.path):
            raise ValidationError({"owner_unit": _("The owner unit must belong to the committee.")})


class Control(PlanItem):
    """A systematic control (systematisk kontroll): what is checked, why, how and how often, and who does it."""

    policy_unit_field = "owner_unit"

    title = models.CharField(_("control"), max_length=300)
    goal = models.ForeignKey(
        "goals.CommitteeGoal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="controls",
    )
    process = models.CharField(_("process"), max_length=200, blank=True)
    what = models.TextField(_("what is checked"), blank=True)
    why = models.TextField(_("why (background)"), blank=True)
    method = models.CharField(_("how"), max_length=300, blank=True, help_text=_("E.g. sample, review of records."))
    frequency = models.CharField(_("how often"), max_length=100, blank=True, help_text=_("E.g. Årligen, per delår."))
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("systematic control")
        verbose_name_plural = _("systematic controls")
        ordering = ["year", "sort_order", "pk"]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self) -> str:
        return self.title


class ReviewAction(PlanItem):
    """An action on a recommendation from audit or other external review (åtgärd utifrån rekommendation från
    revision eller annan extern granskning), with the review's diarienummer."""

    policy_unit_field = "owner_unit"

    review = models.CharField(_("review"), max_length=300)
    reviewer = models.CharField(_("reviewed by"), max_length=200, blank=True)
    case_number = models.CharField(_("registry number"), max_length=50, blank=True, help_text=_("E.g. SN-2018/325."))
    recommendation = models.TextField(_("recommendation"), blank=True)
    background = models.TextField(_("background"), blank=True)
    title = models.CharField(_("action"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    due = models.DateField(_("done by"), null=True, blank=True)

    class Meta:
        verbose_name = _("action on a review")
        verbose_name_plural = _("actions on reviews")
        ordering = ["year", "sort_order", "pk"]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self) -> str:
        return self.title


class ProviderFollowUp(PlanItem):
    """A row of the plan for uppföljning och insyn: which agreement or assignment is followed up, how, by whom,
    when, how often and for whom."""

    policy_unit_field = "owner_unit"

    agreement = models.CharField(_("agreement or assignment"), max_length=300)
    area = models.CharField(_("area of operation"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=ProviderFollowUpKind.choices)
    timing = models.CharField(_("when"), max_length=100, blank=True)
    interval = models.CharField(_("interval"), max_length=100, blank=True)
    recipient = models.CharField(_("recipient"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("provider follow-up")
        verbose_name_plural = _("provider follow-ups")
        ordering = ["year", "sort_order", "pk"]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self) -> str:
        return self.agreement


class CompetitionTest(PlanItem):
    """A row of the konkurrensprövningsplan: which operation is tested in competition, how and when."""

    policy_unit_field = "owner_unit"

    operation = models.CharField(_("operation"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    form = models.CharField(
        _("form"), max_length=200, blank=True, help_text=_("E.g. kundval (LOV), upphandling (LOU).")
    )
    timing = models.CharField(_("when"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("competition test")
        verbose_name_plural = _("competition tests")
        ordering = ["year", "sort_order", "pk"]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self) -> str:
        return self.operation


class RiskActionFollowUp(FollowUp):
    """A risk action's status and comment at a report occasion."""

    policy_unit_field = "item__owner_unit"
    item = models.ForeignKey(RiskAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="follow_ups")

    class Meta:
        verbose_name = _("risk action follow-up")
        verbose_name_plural = _("risk action follow-ups")
        constraints = [models.UniqueConstraint(fields=["item", "occasion"], name="unique_risk_action_follow_up")]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.owner_unit


class ControlResult(FollowUp):
    """The result of a systematic control at a report occasion."""

    policy_unit_field = "item__owner_unit"
    item = models.ForeignKey(Control, verbose_name=_("control"), on_delete=models.CASCADE, related_name="follow_ups")

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        constraints = [models.UniqueConstraint(fields=["item", "occasion"], name="unique_control_result")]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.owner_unit


class ReviewActionFollowUp(FollowUp):
    """A review action's status and comment at a report occasion."""

    policy_unit_field = "item__owner_unit"
    item = models.ForeignKey(
        ReviewAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="follow_ups"
    )

    class Meta:
        verbose_name = _("review action follow-up")
        verbose_name_plural = _("review action follow-ups")
        constraints = [models.UniqueConstraint(fields=["item", "occasion"], name="unique_review_action_follow_up")]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.owner_unit


class ProviderFollowUpResult(FollowUp):
    """Whether a planned provider follow-up was carried out, and what it found, at a report occasion."""

    policy_unit_field = "item__owner_unit"
    item = models.ForeignKey(
        ProviderFollowUp, verbose_name=_("provider follow-up"), on_delete=models.CASCADE, related_name="follow_ups"
    )

    class Meta:
        verbose_name = _("provider follow-up result")
        verbose_name_plural = _("provider follow-up results")
        constraints = [models.UniqueConstraint(fields=["item", "occasion"], name="unique_provider_follow_up_result")]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.owner_unit


class CompetitionTestResult(FollowUp):
    """How a planned competition test went, at a report occasion."""

    policy_unit_field = "item__owner_unit"
    item = models.ForeignKey(
        CompetitionTest, verbose_name=_("competition test"), on_delete=models.CASCADE, related_name="follow_ups"
    )

    class Meta:
        verbose_name = _("competition test result")
        verbose_name_plural = _("competition test results")
        constraints = [models.UniqueConstraint(fields=["item", "occasion"], name="unique_competition_test_result")]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.owner_unit
