"""The municipality, its org tree, its planning years and who holds which role where."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.memo import remembered
from digipuff.core.models import VersionedModel
from digipuff.core.suppression import default_threshold
from digipuff.organisation.choices import OccasionKind, OrgUnitKind, Role, RoleSource

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Municipality(VersionedModel):
    """The municipality (kommun) this installation serves; there is exactly one."""

    name = models.CharField(_("name"), max_length=100)
    kolada_id = models.CharField(
        _("Kolada id"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("A Kolada municipality id has four digits, e.g. 0126."))],
        help_text=_("The municipality's code in Kolada and SCB, e.g. 0126 for Huddinge."),
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("suppression threshold"),
        default=default_threshold,
        help_text=_("Counts above zero but below this are shown as '--' wherever they leave the system."),
    )

    equality_threshold = models.DecimalField(
        _("equality threshold"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("5"),
        help_text=_(
            "A difference between women and men (or areas, ages) larger than this, in the measure's own unit, "
            "is flagged for the writer to explain. A measure can set its own."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Municipality | None:
        # Remembered for the request: a report page asks in several of its sections.
        return remembered("organisation.municipality", lambda: cls.objects.order_by("pk").first())


class OrgUnit(VersionedModel):
    """A unit of the org tree: kommunfullmäktige, nämnd, förvaltning, verksamhet, enhet or stab, any depth.

    `path` holds the zero-padded ids from the root ("/00000001/00000004/") so that a subtree is one indexed
    prefix query; it is kept by the organisation services, never typed.
    """

    policy_unit_field = ""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]*$", _("Use capital letters, digits and dashes."))],
        help_text=_("A short code such as SN or VON, used in commands and file names."),
    )
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), validators=YEAR_VALIDATORS)
    valid_to = models.PositiveSmallIntegerField(
        _("valid to year"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Empty while it exists.")
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    kolada_ou_id = models.CharField(_("Kolada unit id"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def policy_unit(self) -> OrgUnit:
        return self

    def clean(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The unit cannot end before it starts.")})
        if self.parent is not None and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or its own sub-units.")})
        if self.kind == OrgUnitKind.COUNCIL and self.parent_id:
            raise ValidationError({"parent": _("The council is the top of the tree and has no parent.")})
        if self.kind != OrgUnitKind.COUNCIL and not self.parent_id:
            raise ValidationError({"parent": _("Every unit but the council has a parent unit.")})

    def is_active_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class PlanningYear(VersionedModel):
    """A verksamhetsår that the municipality plans and follows up."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    is_open = models.BooleanField(_("open for planning"), default=True)

    class Meta:
        verbose_name = _("planning year")
        verbose_name_plural = _("planning years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class ReportOccasion(VersionedModel):
    """A report occasion (uppföljningstillfälle) of a year: the plan, Delår 1 per 31 March, Delår 2 per 31 August,
    the verksamhetsberättelse per 31 December, or one the municipality adds.

    Statuses, assessments and forecasts are followed up per occasion; `period_end` says which figures it covers and
    `deadline` when the committees' reports for it are due.
    """

    year = models.ForeignKey(PlanningYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="occasions")
    kind = models.CharField(_("kind"), max_length=20, choices=OccasionKind.choices)
    name = models.CharField(_("name"), max_length=100)
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The date the committees' reports for this occasion are due."),
    )

    class Meta:
        verbose_name = _("report occasion")
        verbose_name_plural = _("report occasions")
        ordering = ["year__year", "period_end", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="unique_occasion_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def month(self) -> int:
        return self.period_end.month


class RoleAssignment(models.Model):
    """A user's role on an org unit, holding for the unit's whole subtree (behörighet)."""

    policy_unit_field = "unit"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # An assignment from single sign-on is the identity provider's: each sign-in makes the user's SSO assignments
    # exactly what their groups map to (GroupRoleMapping), and leaves the ones given in DigiPUFF alone.
    source = models.CharField(_("source"), max_length=10, choices=RoleSource.choices, default=RoleSource.LOCAL)
    sso_group = models.CharField(
        _("group at sign-in"),
        max_length=200,
        blank=True,
        help_text=_("The identity provider's group the role comes from (single sign-on only)."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.unit


class GroupRoleMapping(VersionedModel):
    """A group of the municipality's identity provider mapped to a role on an org unit (behörighet via grupp).

    At each single sign-on the user's SSO role assignments are made exactly the roles their groups map to.
    `group` is the value as the provider sends it in the groups claim (a name, a path such as /sn/skribenter, or
    an object id in Microsoft Entra ID), compared exactly.
    """

    policy_unit_field = "unit"

    group = models.CharField(
        _("group"),
        max_length=200,
        help_text=_("The group exactly as the identity provider sends it, e.g. sn-skribenter or an Entra object id."),
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="group_role_mappings"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["group", "unit__path", "role"]
        constraints = [models.UniqueConstraint(fields=["group", "unit", "role"], name="unique_group_role_mapping")]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()} – {self.unit}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.unit
