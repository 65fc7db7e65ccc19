"""Cases (ärenden) with a diarienummer series per committee and year, and each case's status history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.meetings.choices import CaseStatus, StatementStatus
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit
from digipuff.reports.models import Report


class CaseSeries(models.Model):
    """A committee's diarienummer series for one year (diarieserie): the last number given.

    The row is locked (select_for_update) while a number is taken, so two registrations at the same moment never get
    the same number; it only ever grows, so a number is never given again, not even after its case was deleted.
    """

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number series")
        verbose_name_plural = _("case number series")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="unique_case_series")]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.year}"


class Case(VersionedModel):
    """A committee case (ärende), e.g. SN-2019/149 "Reviderad verksamhetsplan 2019 för socialnämnden": registered
    with a diarienummer, prepared by a handläggare, decided by the committee and the decision notified."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("number"))
    # Rendered once, when the number is given: a registry number never changes, even if the pattern does later.
    diarienummer = models.CharField(_("registry number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    officer_name = models.CharField(_("case officer (name)"), max_length=200, blank=True)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    registered_on = models.DateField(_("registered"))

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["committee__path", "-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "number"], name="unique_case_number")]

    def __str__(self) -> str:
        return f"{self.diarienummer} {self.title}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee

    @property
    def officer_display(self) -> str:
        if self.officer is not None:
            return self.officer.get_full_name() or self.officer.username
        return self.officer_name


class CaseEvent(models.Model):
    """One step in a case's history (ärendets händelser): the status it reached, when, by whom, with a note."""

    policy_unit_field = "case__committee"

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices)
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.case.committee


class Statement(VersionedModel):
    """The tjänsteutlåtande of a case: the förvaltning's written report to the committee with its förslag till beslut,
    sammanfattning, beskrivning av ärendet and förvaltningens synpunkter (rich text, sanitised as report texts), the
    signatories, the bilagor and whom the decision is sent to (beslutet delges). One per case."""

    policy_unit_field = "case__committee"

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="statement")
    administration = models.CharField(_("administration"), max_length=200)
    dated = models.DateField(_("date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    officer_name = models.CharField(_("case officer (name)"), max_length=200, blank=True)
    officer_title = models.CharField(_("case officer's title"), max_length=200, blank=True)
    officer_email = models.EmailField(_("case officer's e-mail"), blank=True)
    proposal = models.TextField(_("proposed decision"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description of the case"), blank=True)
    views = models.TextField(_("the administration's views"), blank=True)
    # [{"name": ..., "title": ...}]: the förvaltningschef and whoever else signs, in order.
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    attach_report = models.BooleanField(_("the case's report is an attachment"), default=True)
    recipients = models.JSONField(_("the decision is sent to"), default=list, blank=True)
    source_report = models.ForeignKey(
        Report,
        verbose_name=_("created from report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    return_comment = models.CharField(_("comment from the approver"), max_length=1000, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer's report (tjänsteutlåtande)")
        verbose_name_plural = _("officer's reports (tjänsteutlåtanden)")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.case.diarienummer}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.case.committee

    @property
    def officer_display(self) -> str:
        if self.officer is not None:
            return self.officer.get_full_name() or self.officer.username
        return self.officer_name
