"""Background work of the reports module: deciding (freezing) a report and rendering reports in a batch.

Freezing renders the PDF and Word file and stores the snapshot (15 s and more): the decision form only queues it and
shows the task's status page, and the report says "being decided" until the work is done. The freeze service is one
transaction, so a failure leaves the report as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from digipuff.core import taskruns
from digipuff.reports import batch, services
from digipuff.reports.models import Report, ReportText

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.core.models import TaskRun

FREEZE = "reports.freeze"
RENDER = "reports.render"


def _report(report_id: int) -> Report:
    return Report.objects.select_related("committee", "occasion", "template").get(pk=report_id)


@task()
def report_freeze_task(*, run_id: str, report_id: int, user_id: int, decided_on: str, case_number: str) -> str:
    """Decide the report on behalf of the person who sent the form (the policy applies again when it runs)."""
    with taskruns.running(run_id) as run:
        actor = get_user_model().objects.get(pk=user_id)
        snapshot = services.report_freeze(
            actor=actor,
            report=_report(report_id),
            decided_on=date.fromisoformat(decided_on),
            case_number=case_number,
        )
        taskruns.finish(
            run,
            message=_("The report is decided and frozen (registry number {case}).").format(
                case=snapshot.report.case_number
            ),
            result_url=reverse("reports:detail", kwargs={"pk": report_id}),
        )
        return snapshot.document_sha256


def report_freezing(report: Report) -> TaskRun | None:
    """The queued or running freeze of the report, if one is under way."""
    return taskruns.active_run(kind=FREEZE, subject=taskruns.subject_of(report))


def report_freeze_start(*, actor: User, report: Report, decided_on: date, case_number: str) -> TaskRun:
    """The decision form: check now what the freeze needs (the answer is immediate), then queue it.

    A report being decided is not queued a second time; the lock on the report row keeps two forms sent at the same
    moment from both queueing, and the freeze service itself refuses a report that is already decided.
    """
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("committee").get(pk=report.pk)
        services.report_freeze_check(actor=actor, report=locked, case_number=case_number)
        if report_freezing(locked) is not None:
            raise ValidationError(_("The report is already being decided; wait until that is done."))
        run = taskruns.task_run_create(
            kind=FREEZE,
            label=_("Decide {report}, {committee}").format(report=locked.title, committee=locked.committee.name),
            started_by=actor,
            unit=locked.committee,
            subject=taskruns.subject_of(locked),
            # One transaction that refuses a decided report: safe to start again when its worker was lost.
            max_attempts=2,
        )
    return taskruns.task_run_enqueue(
        run,
        report_freeze_task,
        report_id=locked.pk,
        user_id=actor.pk,
        decided_on=decided_on.isoformat(),
        case_number=case_number.strip(),
    )


@task()
def render_report_task(*, run_id: str, report_id: int, formats: list[str]) -> list[str]:
    """Render one report of a batch in each format; the files are kept with the run (default storage)."""
    with taskruns.running(run_id) as run:
        report = _report(report_id)
        names = []
        for fmt, data in batch.render_report(report, formats).items():
            name = batch.file_name(report, fmt)
            taskruns.add_file(run, name=name, data=data)
            names.append(name)
        taskruns.finish(
            run,
            message=_("{count} files rendered.").format(count=len(names)),
            result_url=reverse("reports:detail", kwargs={"pk": report_id}),
        )
        return names


def render_reports_start(
    *, reports: Sequence[Report], formats: Sequence[str], started_by: User | None = None
) -> list[TaskRun]:
    """Queue one render task per report (workers render them side by side)."""
    runs = []
    for report in reports:
        run = taskruns.task_run_create(
            kind=RENDER,
            label=_("Render {report}, {committee}").format(report=report.title, committee=report.committee.name),
            started_by=started_by,
            unit=report.committee,
            subject=taskruns.subject_of(report),
        )
        runs.append(taskruns.task_run_enqueue(run, render_report_task, report_id=report.pk, formats=list(formats)))
    return runs


@task()
def text_notice_task(*, text_id: int, kind: str, key: str) -> bool:
    """E-mail the writer of a text about what just happened to it (assigned, sent back); False when nothing was
    sent (the text is gone, the writer turned such notices off or has no address, or it was sent before)."""
    from django.conf import settings
    from django.utils import translation

    from digipuff.core import notices as core_notices
    from digipuff.reports import notices

    text = (
        ReportText.objects.select_related("report", "report__committee", "report__occasion", "section", "writer")
        .filter(pk=text_id)
        .first()
    )
    if text is None:
        return False
    build = {notices.ASSIGNED: notices.assigned_notice, notices.RETURNED: notices.returned_notice}[kind]
    with translation.override(settings.LANGUAGE_CODE):
        notice = build(text, key=key)
    return notice is not None and core_notices.deliver(notice)
