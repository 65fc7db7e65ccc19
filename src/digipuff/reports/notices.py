"""The reports module's e-mail notices (core.notices): a text assigned to a writer, a text sent back by the approver,
and the daily reminders of a text's deadline: some days before it (DIGIPUFF_REMINDER_DAYS, 7) and once it has
passed. A text's deadline is its own, else its report occasion's.

A writer is told only about texts they may still write (the policy), in reports not decided, and only about texts
not yet ready for review or approved. The immediate notices are sent from a background task the service enqueues
in its own transaction (`notify`): the change and the queued notice are committed together.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import DateField, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.notices import Notice, NoticeKind, absolute_url, notice_kinds
from digipuff.reports.choices import Status
from digipuff.reports.models import ReportText

ASSIGNED = "reports.text_assigned"
RETURNED = "reports.text_returned"
DEADLINE_NEAR = "reports.deadline_near"
DEADLINE_PASSED = "reports.deadline_passed"

# Only texts still to be written are reminded of.
OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)
# A passed deadline is reminded of within this many days after it (once): the first run after an installation or a
# pause does not mail about every late text of earlier years.
PASSED_WITHIN_DAYS = 30


def _texts() -> Any:
    return (
        ReportText.objects.exclude(report__status=Status.DECIDED)
        .filter(writer__isnull=False, status__in=OPEN)
        .select_related("report", "report__committee", "report__occasion", "section", "writer")
        .annotate(due_on=Coalesce("deadline", "report__occasion__deadline", output_field=DateField()))
        .order_by("due_on", "pk")
    )


def _day(value: date | None) -> str:
    return formats.date_format(value, "j F Y") if value else "-"


def _url(text: ReportText) -> str:
    return absolute_url(reverse("reports:text", kwargs={"pk": text.pk}))


def _may_write(text: ReportText) -> bool:
    from digipuff.reports.services import may_write

    return text.writer is not None and may_write(text.writer, text)


def _about(text: ReportText) -> str:
    return _("The text “{title}” in {report}, {committee}.").format(
        title=text.title, report=text.report.title, committee=text.report.committee.name
    )


def assigned_notice(text: ReportText, *, key: str) -> Notice | None:
    if text.writer is None or not _may_write(text):
        return None
    deadline = text.deadline or text.report.occasion.deadline
    paragraphs = [_("You have been given a text to write."), _about(text)]
    if deadline:
        paragraphs.append(_("The deadline is {day}.").format(day=_day(deadline)))
    return Notice(
        user=text.writer,
        kind=ASSIGNED,
        key=key,
        subject=_("A text to write: {title}").format(title=text.title),
        paragraphs=tuple(paragraphs),
        url=_url(text),
    )


def returned_notice(text: ReportText, *, key: str) -> Notice | None:
    if text.writer is None or not _may_write(text):
        return None
    return Notice(
        user=text.writer,
        kind=RETURNED,
        key=key,
        subject=_("Your text was sent back: {title}").format(title=text.title),
        paragraphs=(
            _("The approver has sent your text back to you."),
            _about(text),
            _("Comment: {comment}").format(comment=text.return_comment),
        ),
        url=_url(text),
    )


def near(today: date, days_before: int) -> list[Notice]:
    """Texts whose deadline is today or within `days_before` days: one reminder per text and deadline."""
    texts = _texts().filter(Q(due_on__gte=today) & Q(due_on__lte=today + timedelta(days=days_before)))
    notices = []
    for text in texts:
        if not _may_write(text):
            continue
        days = (text.due_on - today).days
        when = _("today") if days == 0 else _("in {days} days ({day})").format(days=days, day=_day(text.due_on))
        notices.append(
            Notice(
                user=text.writer,
                kind=DEADLINE_NEAR,
                key=f"reports.text:{text.pk}:deadline-near:{text.due_on.isoformat()}",
                subject=_("The deadline is near: {title}").format(title=text.title),
                paragraphs=(
                    _("The deadline of a text you write is {when}.").format(when=when),
                    _about(text),
                    _("Status: {status}.").format(status=Status(text.status).label),
                ),
                url=_url(text),
            )
        )
    return notices


def passed(today: date, days_before: int) -> list[Notice]:
    """Texts whose deadline has passed (within PASSED_WITHIN_DAYS) without the text being ready for review: one
    reminder per deadline."""
    notices = []
    for text in _texts().filter(due_on__lt=today, due_on__gte=today - timedelta(days=PASSED_WITHIN_DAYS)):
        if not _may_write(text):
            continue
        notices.append(
            Notice(
                user=text.writer,
                kind=DEADLINE_PASSED,
                key=f"reports.text:{text.pk}:deadline-passed:{text.due_on.isoformat()}",
                subject=_("The deadline has passed: {title}").format(title=text.title),
                paragraphs=(
                    _(
                        "The deadline of a text you write, {day}, has passed and the text is not ready for review."
                    ).format(day=_day(text.due_on)),
                    _about(text),
                ),
                url=_url(text),
            )
        )
    return notices


notice_kinds.register(
    NoticeKind(ASSIGNED, gettext_lazy("I am given a text to write"), gettext_lazy("When a text is assigned to you."))
)
notice_kinds.register(
    NoticeKind(
        RETURNED,
        gettext_lazy("My text is sent back"),
        gettext_lazy("When the approver sends a text of yours back with a comment."),
    )
)
notice_kinds.register(
    NoticeKind(
        DEADLINE_NEAR,
        gettext_lazy("A deadline is near"),
        gettext_lazy("A reminder some days before the deadline of a text you have not finished."),
        due=near,
    )
)
notice_kinds.register(
    NoticeKind(
        DEADLINE_PASSED,
        gettext_lazy("A deadline has passed"),
        gettext_lazy("A reminder when the deadline of a text you have not finished has passed."),
        due=passed,
    )
)


def notify(text: ReportText, *, kind: str, actor: Any) -> None:
    """Queue the notice of an event on a text (assigned, sent back) to its writer, unless the writer did it
    themselves or the system did (the demo loader, imports). The key holds the text's version: each event once."""
    if actor is None or text.writer_id is None or text.writer_id == actor.pk:
        return
    from digipuff.reports.tasks import text_notice_task

    text_notice_task.enqueue(text_id=text.pk, kind=kind, key=f"reports.text:{text.pk}:{kind}:{text.version}")
