"""Kolada in the database: the KPI catalogue, the history of revised values, the sync log and unit-level values.

Municipality values themselves live in the indicators app (``ComparisonValue`` for every municipality, and
``MeasureValue`` for the own municipality's Kolada-linked measures); this app keeps what only Kolada needs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.organisation.models import OrgUnit


class KpiMetadata(models.Model):
    """A key figure (nyckeltal) in Kolada's catalogue, cached locally so that it can be searched offline and its
    definition shown next to every figure taken from it."""

    id = models.CharField(_("KPI id"), max_length=20, primary_key=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("definition"), blank=True)
    operating_area = models.CharField(_("operating area"), max_length=300, blank=True)
    perspective = models.CharField(_("perspective"), max_length=100, blank=True)
    municipality_type = models.CharField(_("measured for"), max_length=1, blank=True)
    publication_period = models.CharField(_("publication period"), max_length=20, blank=True)
    publication_date = models.CharField(_("next publication"), max_length=20, blank=True)
    has_ou_data = models.BooleanField(_("has unit data"), default=False)
    is_divided_by_gender = models.BooleanField(_("divided by gender"), default=False)
    fetched_at = models.DateTimeField(_("fetched"))
    disappeared_at = models.DateTimeField(
        _("gone from Kolada"), null=True, blank=True, help_text=_("When Kolada stopped listing this KPI.")
    )
    # Title, description and id folded to lower case in Python: SQLite's LIKE folds only ASCII, so "Ö" would not
    # find "ö" there; searching this column behaves the same on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Kolada KPI")
        verbose_name_plural = _("Kolada KPIs")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"

    @staticmethod
    def fold(*texts: str) -> str:
        return " ".join(texts).casefold()


class SyncLog(models.Model):
    """One run of the Kolada sync (hämtning från Kolada): who started it, which KPIs, what changed, how it ended."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Completed")
        PARTIAL = "partial", _("Completed with errors")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the system (scheduled sync)."),
    )
    kpis = models.JSONField(_("KPIs"), default=list)
    years = models.CharField(_("years"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    disappeared = models.JSONField(_("KPIs gone from Kolada"), default=list)
    failed = models.JSONField(_("KPIs not synced"), default=dict)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("Kolada sync")
        verbose_name_plural = _("Kolada syncs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"


class ValueRevision(models.Model):
    """A value Kolada revised or withdrew after we had stored it (Kolada corrects published figures without
    notice): what it was, what it became and when the sync noticed. Covers municipality and unit values."""

    kpi = models.CharField(_("KPI"), max_length=20)
    area = models.CharField(_("municipality or unit"), max_length=20, help_text=_("Kolada id, e.g. 0126."))
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("group"), max_length=1)
    old_value = models.DecimalField(_("old value"), max_digits=18, decimal_places=4, null=True, blank=True)
    old_status = models.CharField(_("old status"), max_length=30, blank=True)
    new_value = models.DecimalField(_("new value"), max_digits=18, decimal_places=4, null=True, blank=True)
    new_status = models.CharField(_("new status"), max_length=30, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    old_fetched_at = models.DateTimeField(_("old value fetched"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced"))
    sync = models.ForeignKey(SyncLog, verbose_name=_("sync"), null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("revised Kolada value")
        verbose_name_plural = _("revised Kolada values")
        ordering = ["kpi", "area", "year", "gender", "replaced_at"]
        indexes = [models.Index(fields=["kpi", "area", "year"])]

    def __str__(self) -> str:
        return f"{self.kpi} {self.area} {self.year} {self.gender}: {self.old_value} -> {self.new_value}"


class OuValue(models.Model):
    """A Kolada value for an organisational unit (enhet, e.g. one home-care unit), linked to our org unit through
    its Kolada unit id. Kept apart from MeasureValue because measures belong to committees, not units."""

    policy_unit_field = "org_unit"

    kpi = models.CharField(_("KPI"), max_length=20)
    ou = models.CharField(_("Kolada unit id"), max_length=20)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="kolada_values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("group"), max_length=1, default="T")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))

    class Meta:
        verbose_name = _("Kolada unit value")
        verbose_name_plural = _("Kolada unit values")
        ordering = ["kpi", "ou", "year", "gender"]
        constraints = [models.UniqueConstraint(fields=["kpi", "ou", "year", "gender"], name="unique_kolada_ou_value")]

    def __str__(self) -> str:
        return f"{self.kpi} {self.ou} {self.year} {self.gender}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.org_unit
