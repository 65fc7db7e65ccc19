"""The reports' part of a committee-year backup: the year's reports with their sections, texts and every text
version, the frozen snapshot of a decided report with its PDF and Word files (checked against their SHA-256 on
import), and the templates the reports were made from (found again by type, year and name)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

from digipuff.core.backup import BackupError, BackupPart, Exporter, Importer, backup_parts
from digipuff.goals.models import Goal
from digipuff.reports.models import (
    Report,
    ReportSection,
    ReportSnapshot,
    ReportTemplate,
    ReportText,
    TemplateSection,
    TextVersion,
)

GOAL = "goal:"
REF = "goal:@"


def _reports(scope: Any) -> Any:
    return Report.objects.filter(committee=scope.committee, occasion__year__year=scope.year)


def _key_out(obj: ReportText, fields: dict[str, Any], exporter: Exporter) -> None:
    # "goal:<id>" names a goal by this database's id: written as a reference to the goal's record instead.
    if obj.key.startswith(GOAL) and obj.key[len(GOAL) :].isdigit():
        goal = Goal.objects.filter(pk=int(obj.key[len(GOAL) :])).first()
        ref = exporter.ref(goal) if goal is not None else None
        if ref is not None:
            fields["key"] = REF + ref


def _key_in(fields: dict[str, Any], importer: Importer) -> None:
    key = str(fields.get("key", ""))
    if key.startswith(REF):
        fields["key"] = f"{GOAL}{importer.pk(key[len(REF) :])}"


def _snapshot_check(snapshot: ReportSnapshot, importer: Importer) -> None:
    for field, expected in ((snapshot.pdf, snapshot.pdf_sha256), (snapshot.docx, snapshot.docx_sha256)):
        with field.open("rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != expected:
                raise BackupError(
                    _("The frozen file of {report} does not match the SHA-256 it was decided with.").format(
                        report=snapshot.report
                    )
                )


for part in (
    BackupPart(
        model="reports.reporttemplate",
        collect=lambda scope: ReportTemplate.objects.filter(
            pk__in=_reports(scope).exclude(template=None).values("template")
        ),
        natural_key=("report_type", "year", "name"),
    ),
    BackupPart(
        model="reports.templatesection",
        collect=lambda scope: TemplateSection.objects.filter(
            template__in=_reports(scope).exclude(template=None).values("template")
        ),
        natural_key=("template", "order", "title"),
    ),
    BackupPart(model="reports.report", collect=_reports),
    BackupPart(
        model="reports.reportsection",
        collect=lambda scope: ReportSection.objects.filter(report__in=_reports(scope)),
    ),
    BackupPart(
        model="reports.reporttext",
        collect=lambda scope: ReportText.objects.filter(report__in=_reports(scope)),
        dump=_key_out,
        load=_key_in,
    ),
    BackupPart(
        model="reports.textversion",
        collect=lambda scope: TextVersion.objects.filter(text__report__in=_reports(scope)),
    ),
    BackupPart(
        model="reports.reportsnapshot",
        collect=lambda scope: ReportSnapshot.objects.filter(report__in=_reports(scope)),
        after_save=_snapshot_check,
    ),
):
    backup_parts.register(part)
