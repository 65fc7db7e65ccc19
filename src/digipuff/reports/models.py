"""Report templates and their sections, reports of a committee and an occasion, narrative texts with every version
kept, and the frozen snapshot of a decided report."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit, ReportOccasion
from digipuff.reports.choices import MoneyUnit, ReportType, Status, TextPosition


def _council() -> OrgUnit:
    """Templates belong to the whole municipality: the policy asks about the top of the org tree."""
    unit = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    if unit is None:  # pragma: no cover - a municipality without an org tree has no reports either
        raise OrgUnit.DoesNotExist("The org tree is empty.")
    return unit


class ReportTemplate(VersionedModel):
    """A report template (rapportmall): the ordered sections and text slots of one report type, for every year
    (year empty) or for one year. The municipality's administrators edit it without code."""

    policy_unit_field = None  # municipality-wide; see `policy_unit`

    report_type = models.CharField(_("report type"), max_length=20, choices=ReportType.choices)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Empty: used for every year.")
    )
    word_template = models.FileField(
        _("Word template"),
        upload_to="reports/word-templates/",
        blank=True,
        help_text=_("A .docx whose styles, fonts, header and logo the Word version of the report uses."),
    )
    money_unit = models.CharField(
        _("money unit"),
        max_length=4,
        choices=MoneyUnit.choices,
        default=MoneyUnit.MNKR,
        help_text=_("The unit of the report's economy tables; a section may choose another."),
    )

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["report_type", "year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})" if self.year else self.name

    @property
    def policy_unit(self) -> OrgUnit:
        return _council()


class TemplateSection(VersionedModel):
    """A section of a template (avsnitt): a heading, what fills it from data (its kind, e.g. goals_results or
    economy:by_area) and whether writers add a text to it (a text slot)."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    level = models.PositiveSmallIntegerField(
        _("heading level"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    kind = models.CharField(_("content"), max_length=60, default="text")
    has_text = models.BooleanField(_("text slot"), default=True)
    text_position = models.CharField(
        _("text position"), max_length=10, choices=TextPosition.choices, default=TextPosition.AFTER
    )
    guidance = models.TextField(_("guidance for the writer"), blank=True)
    page_break = models.BooleanField(_("start on a new page"), default=False)
    options = models.JSONField(
        _("table options"),
        default=dict,
        blank=True,
        help_text=_("How the section's table is shown: money unit, columns, labels (economy tables)."),
    )

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return _council()


class Report(VersionedModel):
    """A report of a committee for one report occasion (verksamhetsplan, delårsrapport, verksamhetsberättelse),
    built from a template. Once decided (fastställd) it is frozen for good: its snapshot is what it is."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    occasion = models.ForeignKey(ReportOccasion, verbose_name=_("occasion"), on_delete=models.PROTECT, related_name="+")
    report_type = models.CharField(_("report type"), max_length=20, choices=ReportType.choices)
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    return_comment = models.TextField(_("comment when sent back"), blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    case_number = models.CharField(_("registry number"), max_length=40, blank=True)
    # The decision that fastställde the report, as the protokoll names it: "Socialnämnden 2019-04-09, § 3".
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-occasion__period_end", "committee__path", "report_type"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "occasion", "report_type"], name="unique_report_per_occasion")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee

    @property
    def year(self) -> int:
        return self.occasion.period_end.year

    @property
    def is_frozen(self) -> bool:
        return self.status == Status.DECIDED


class ReportSection(models.Model):
    """A section of one report, copied from its template when the report was created, so that later template
    changes do not move the texts of reports already being written."""

    policy_unit_field = "report__committee"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    level = models.PositiveSmallIntegerField(_("heading level"), default=1)
    kind = models.CharField(_("content"), max_length=60, default="text")
    has_text = models.BooleanField(_("text slot"), default=True)
    text_position = models.CharField(
        _("text position"), max_length=10, choices=TextPosition.choices, default=TextPosition.AFTER
    )
    guidance = models.TextField(_("guidance for the writer"), blank=True)
    page_break = models.BooleanField(_("start on a new page"), default=False)
    options = models.JSONField(
        _("table options"),
        default=dict,
        blank=True,
        help_text=_("How the section's table is shown: money unit, columns, labels (economy tables)."),
    )

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.report.committee


class ReportText(VersionedModel):
    """A narrative text of a report (text): a section's text, or the analysis of one goal, assigned to a writer with
    a deadline, moving through ej påbörjad → pågår → klar för granskning → godkänd. Stored as sanitised HTML."""

    policy_unit_field = "report__committee"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="texts")
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("key"), max_length=60, help_text=_("'section', or 'goal:<id>' for a goal's analysis."))
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("writer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_texts",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    body = models.TextField(_("text"), blank=True)
    return_comment = models.TextField(_("comment when sent back"), blank=True)
    not_applicable = models.BooleanField(
        _("not applicable"),
        default=False,
        help_text=_("Not applicable for this occasion: left out of the report and not counted."),
    )

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        ordering = ["report", "section__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["section", "key"], name="unique_text_per_section_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def policy_unit(self) -> OrgUnit:
        return self.report.committee


class TextVersion(models.Model):
    """One saved version of a text (textversion), with its author and time; never changed or removed."""

    policy_unit_field = "text__report__committee"

    text = models.ForeignKey(ReportText, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        ordering = ["text", "-version"]
        constraints = [models.UniqueConstraint(fields=["text", "version"], name="unique_text_version")]

    def __str__(self) -> str:
        return f"{self.text} v{self.version}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.text.report.committee


class ReportSnapshot(models.Model):
    """The frozen report (fastställd rapport): the document model as JSON and its PDF and Word files, rendered
    once when the committee decided on it, with the SHA-256 of each. Never changed afterwards."""

    policy_unit_field = "report__committee"

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="snapshot")
    document = models.TextField(_("document model (JSON)"))
    pdf = models.FileField(_("PDF"), upload_to="reports/snapshots/")
    docx = models.FileField(_("Word"), upload_to="reports/snapshots/")
    document_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    docx_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")

    def __str__(self) -> str:
        return f"{self.report} ({self.document_sha256[:12]})"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.report.committee
