"""Utvecklingsåtaganden och aktiviteter: what a committee does beyond its core mission, and how it went.

A committee's plan for a year holds development commitments (utvecklingsåtaganden) and concrete activities under
them. Commitments owned by the council are kommunövergripande: every committee follows them up on its own. At each
report occasion a status and a comment are written for each activity and commitment; earlier occasions stay as they
were (history), and the audit log keeps every change.

Who may do what: the plan's structure (commitments, activities, their links) is set up by those who may ADMINISTER
the committee (the quality officer is an administrator of the committee); follow-up (status and comment) is written
by those who may EDIT the activity's owner unit, i.e. writers, approvers and administrators on that unit or above.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.followup.models import FollowUp
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit


class Commitment(VersionedModel):
    """A development commitment (utvecklingsåtagande) of a committee and year. Owned by the council it is
    kommunövergripande: shared by every committee, each of which follows it up on its own."""

    policy_unit_field = "owner"

    owner = models.ForeignKey(OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="commitments")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("title"), max_length=300)
    background = models.TextField(_("background"), blank=True)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        "goals.CommitteeGoal", verbose_name=_("goals"), blank=True, related_name="commitments"
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("development commitment")
        verbose_name_plural = _("development commitments")
        ordering = ["year", "sort_order", "title"]
        indexes = [models.Index(fields=["owner", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.owner

    @property
    def is_municipality_wide(self) -> bool:
        return self.owner.kind == OrgUnitKind.COUNCIL

    def clean(self) -> None:
        if self.owner_id and self.owner.kind not in (OrgUnitKind.COUNCIL, OrgUnitKind.COMMITTEE):
            raise ValidationError({"owner": _("A commitment belongs to a committee or, shared, to the council.")})


class Activity(VersionedModel):
    """An activity (aktivitet) in a committee's plan: what will be done, by which unit, under which commitment and
    answering to which goals. It may be described under another goal area than the goals it answers to."""

    policy_unit_field = "owner_unit"

    committee = models.ForeignKey(
        OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="planned_activities"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=300)
    background = models.TextField(_("background"), blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="owned_activities",
        help_text=_("The unit responsible for carrying out the activity; its writers write the follow-up."),
    )
    responsible_role = models.CharField(
        _("responsible"), max_length=200, blank=True, help_text=_("A role, e.g. Verksamhetschef.")
    )
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    goals = models.ManyToManyField(
        "goals.CommitteeGoal", verbose_name=_("answers to goals"), blank=True, related_name="activities"
    )
    described_under = models.ForeignKey(
        "goals.CommitteeGoal",
        verbose_name=_("described under goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="described_activities",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["year", "sort_order", "title"]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.owner_unit

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.committee_id and self.committee.kind != OrgUnitKind.COMMITTEE:
            errors["committee"] = _("Activities are planned by a committee.")
        if self.committee_id and self.owner_unit_id and not self.owner_unit.path.startswith(self.committee.path):
            errors["owner_unit"] = _("The owner unit must belong to the committee.")
        if self.commitment is not None:
            if self.commitment.year != self.year:
                errors["commitment"] = _("The commitment belongs to another year.")
            elif self.committee_id and self.commitment.owner_id not in (
                self.committee_id,
                *self.committee.ancestor_ids(),
            ):
                errors["commitment"] = _("The commitment belongs to another committee.")
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("The activity cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class ActivityFollowUp(FollowUp):
    """An activity's status and comment at a report occasion."""

    policy_unit_field = "item__owner_unit"

    item = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="follow_ups")

    class Meta:
        verbose_name = _("activity follow-up")
        verbose_name_plural = _("activity follow-ups")
        constraints = [models.UniqueConstraint(fields=["item", "occasion"], name="unique_activity_follow_up")]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.owner_unit


class CommitmentFollowUp(FollowUp):
    """A committee's status and comment for a commitment at a report occasion; for a kommunövergripande
    commitment every committee writes its own."""

    policy_unit_field = "committee"

    item = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("commitment follow-up")
        verbose_name_plural = _("commitment follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["item", "committee", "occasion"], name="unique_commitment_follow_up")
        ]

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee
