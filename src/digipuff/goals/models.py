"""The goal tree: levels configured per year, goals under them, each committee's texts and assessments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.goals.choices import Assessment, LevelOwner
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit, ReportOccasion


class GoalLevel(VersionedModel):
    """A level of the goal tree in one year (målnivå): e.g. 2019 övergripande mål -> delmål; 2021 målområde ->
    kommunfullmäktigemål -> nämndmål. Configured by an administrator per municipality and year."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    depth = models.PositiveSmallIntegerField(_("depth"), help_text=_("0 for the top level."))
    name = models.CharField(_("name"), max_length=100)
    name_plural = models.CharField(_("plural name"), max_length=100, blank=True)
    owner = models.CharField(_("owned by"), max_length=20, choices=LevelOwner.choices, default=LevelOwner.COUNCIL)

    class Meta:
        verbose_name = _("goal level")
        verbose_name_plural = _("goal levels")
        ordering = ["year", "depth"]
        constraints = [models.UniqueConstraint(fields=["year", "depth"], name="unique_goal_level_depth")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Goal(VersionedModel):
    """A goal (mål) of a year at a level: a goal area, a council goal shared by all committees, or a committee's
    own goal. `owner` is the council for shared goals and the committee for its own."""

    policy_unit_field = "owner"

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    level = models.ForeignKey(GoalLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="goals")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent goal"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    owner = models.ForeignKey(OrgUnit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_goals")
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("A short number or key, e.g. 2.1; names the goal in Excel files."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text=_("The same goal in the year this year was created from."),
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("A retired goal is no longer shown in new plans and reports, but kept with its history."),
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["year", "level__depth", "sort_order", "title"]
        indexes = [models.Index(fields=["year", "owner"])]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.owner

    def clean(self) -> None:
        if self.year is None and self.level_id:
            self.year = self.level.year  # a goal belongs to its level's year
        if self.level_id and self.level.year != self.year:
            raise ValidationError({"level": _("The level belongs to another year.")})
        if self.parent is not None:
            if self.parent.year != self.year:
                raise ValidationError({"parent": _("The parent goal belongs to another year.")})
            if self.level_id and self.parent.level.depth != self.level.depth - 1:
                raise ValidationError({"parent": _("The parent goal must be on the level just above.")})
        elif self.level_id and self.level.depth > 0:
            raise ValidationError({"parent": _("A goal below the top level needs a parent goal.")})


class CommitteeGoal(VersionedModel):
    """A goal as one committee works with it (nämndens mål): shared council goals the committee has taken on, and
    its own goals. Holds the committee's texts: its interpretation and what is särskilt prioriterat."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(
        OrgUnit, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="committee_goals"
    )
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="committee_goals")
    interpretation = models.TextField(_("the committee's interpretation"), blank=True)
    special_priority = models.TextField(_("special priority"), blank=True)

    class Meta:
        verbose_name = _("committee goal")
        verbose_name_plural = _("committee goals")
        constraints = [models.UniqueConstraint(fields=["committee", "goal"], name="unique_committee_goal")]

    def __str__(self) -> str:
        return f"{self.goal} – {self.committee.code}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee


class GoalAssessment(VersionedModel):
    """The committee's analysis and assessment of a goal at a report occasion (Uppnås / Uppnås delvis / Uppnås
    ej). The system proposes an assessment from the goal's measures and activities; a person sets it, and gives a
    reason when it differs from the proposal."""

    policy_unit_field = "committee_goal__committee"

    committee_goal = models.ForeignKey(
        CommitteeGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="assessments"
    )
    occasion = models.ForeignKey(ReportOccasion, verbose_name=_("occasion"), on_delete=models.PROTECT, related_name="+")
    assessment = models.CharField(
        _("assessment"), max_length=20, choices=Assessment.choices, default=Assessment.NOT_ASSESSED
    )
    proposed = models.CharField(_("proposed assessment"), max_length=20, choices=Assessment.choices, blank=True)
    reason = models.TextField(_("reason for departing from the proposal"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)

    class Meta:
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        constraints = [models.UniqueConstraint(fields=["committee_goal", "occasion"], name="unique_goal_assessment")]

    def __str__(self) -> str:
        return f"{self.committee_goal} – {self.occasion}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee_goal.committee
