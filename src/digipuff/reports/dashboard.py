"""The reports' panels of the start page: my texts (writers), what waits for review and the reports' progress
(approvers), the latest decided reports (politicians and readers) and the year's reports (administrators)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels
from digipuff.core.formatting import format_percent
from digipuff.reports import selectors
from digipuff.reports.choices import Status
from digipuff.reports.models import Report, ReportTemplate, ReportText

# A panel lists at most this many lines; its "all" link leads to the rest.
SHOWN = 8


def _date(value: object) -> str:
    return value.strftime("%Y-%m-%d") if value else ""  # type: ignore[attr-defined]


def _my_texts(viewer: Viewer) -> list[ReportText]:
    return list(selectors.texts_of_writer(user=viewer.user).filter(report__occasion__year__year=viewer.year))


def my_texts(viewer: Viewer) -> list[Item]:
    """The texts given to me in the year's reports not yet decided, by deadline, each with its status."""
    today = timezone.localdate()
    items = []
    for text in _my_texts(viewer)[:SHOWN]:
        detail = _("{report} · {status}").format(report=text.report.title, status=text.get_status_display())
        if text.deadline:
            late = selectors.is_late(text, today)
            template = _("{detail} · deadline {date} (late)") if late else _("{detail} · deadline {date}")
            detail = template.format(detail=detail, date=_date(text.deadline))
        items.append(Item(label=text.title, url=reverse("reports:text", args=[text.pk]), detail=detail))
    return items


def my_texts_more(viewer: Viewer) -> tuple[str, str] | None:
    count = len(_my_texts(viewer))
    if not count:
        return None
    return _("All my texts ({count})").format(count=count), reverse("reports:mine")


def _undecided_reports(viewer: Viewer, *roles: str) -> list[Report]:
    committees = viewer.committees(*roles)
    if not committees:
        return []
    return list(
        selectors.reports_for(user=viewer.user, year=viewer.year)
        .filter(committee__in=committees)
        .exclude(status=Status.DECIDED)
        .annotate(ready_count=Count("texts", filter=Q(texts__status=Status.READY), distinct=True))
    )


def awaiting_review(viewer: Viewer) -> list[Item]:
    """Per report of the committees I approve for: the texts ready for my review (the report page lists them)."""
    return [
        Item(
            label=_("{report}, {committee}").format(report=report.title, committee=report.committee.code),
            url=reverse("reports:detail", args=[report.pk]),
            count=report.ready_count,  # type: ignore[attr-defined]
            detail=_("texts ready for review"),
        )
        for report in _undecided_reports(viewer, Role.APPROVER)
        if report.ready_count  # type: ignore[attr-defined]
    ]


def report_progress(viewer: Viewer) -> list[Item]:
    """The reports being written: the share of their texts approved, linked to each report's progress page."""
    items = []
    for report in _undecided_reports(viewer, Role.APPROVER):
        total, approved = report.text_count, report.approved_count  # type: ignore[attr-defined]
        share = round(100 * approved / total) if total else 0
        items.append(
            Item(
                label=_("{report}, {committee}").format(report=report.title, committee=report.committee.code),
                url=reverse("reports:progress", args=[report.pk]),
                figure=format_percent(share, 0),
                detail=_("{approved} of {total} texts approved · {status}").format(
                    approved=approved, total=total, status=report.get_status_display()
                ),
            )
        )
    return items


def latest_decided(viewer: Viewer) -> list[Item]:
    """The latest decided (fastställda) reports the viewer may read, newest decision first."""
    reports = (
        policy.restrict(Report.objects.select_related("committee", "occasion"), viewer.user, Action.VIEW)
        .filter(status=Status.DECIDED)
        .order_by("-decided_on", "-occasion__period_end", "committee__path")[:SHOWN]
    )
    return [
        Item(
            label=_("{report}, {committee}").format(report=report.title, committee=report.committee.name),
            url=reverse("reports:detail", args=[report.pk]),
            detail=_("decided {date} · {number}").format(date=_date(report.decided_on), number=report.case_number)
            if report.case_number
            else _("decided {date}").format(date=_date(report.decided_on)),
        )
        for report in reports
    ]


def year_reports(viewer: Viewer) -> list[Item]:
    """The set-up of the year's reports: the templates in use and, per committee, the reports created."""
    templates = ReportTemplate.objects.filter(Q(year=viewer.year) | Q(year__isnull=True)).count()
    items = [
        Item(
            label=_("Report templates for {year}").format(year=viewer.year),
            url=reverse("reports:templates"),
            count=templates,
        )
    ]
    committees = viewer.committees(Role.ADMIN)
    counts = dict(
        Report.objects.filter(committee__in=committees, occasion__year__year=viewer.year)
        .values_list("committee")
        .annotate(n=Count("pk"))
        .values_list("committee", "n")
    )
    for committee in committees:
        items.append(
            Item(
                label=_("Reports of {committee}").format(committee=committee.name),
                url=reverse("reports:list", kwargs={"code": committee.code, "year": viewer.year}),
                count=counts.get(committee.pk, 0),
                sub=True,
            )
        )
    return items


dashboard_panels.register(
    Panel(
        name="reports:my_texts",
        title=gettext_lazy("My texts"),
        description=gettext_lazy("Texts given to you in this year's reports, by deadline."),
        roles=frozenset({Role.WRITER, Role.CONTROLLER}),
        items=my_texts,
        more=my_texts_more,
        empty=gettext_lazy("No texts are given to you this year."),
        order=10,
    )
)
dashboard_panels.register(
    Panel(
        name="reports:review",
        title=gettext_lazy("Waiting for your review"),
        roles=frozenset({Role.APPROVER}),
        items=awaiting_review,
        empty=gettext_lazy("No texts wait for your review."),
        order=10,
    )
)
dashboard_panels.register(
    Panel(
        name="reports:progress",
        title=gettext_lazy("Reports' progress"),
        description=gettext_lazy("Share of each report's texts approved."),
        roles=frozenset({Role.APPROVER}),
        items=report_progress,
        empty=gettext_lazy("No reports are being written this year."),
        order=20,
    )
)
dashboard_panels.register(
    Panel(
        name="reports:decided",
        title=gettext_lazy("Latest decided reports"),
        roles=frozenset({Role.READER}),
        items=latest_decided,
        empty=gettext_lazy("No report has been decided yet."),
        order=40,
    )
)
dashboard_panels.register(
    Panel(
        name="reports:year",
        title=gettext_lazy("Set-up: templates and reports"),
        roles=frozenset({Role.ADMIN}),
        items=year_reports,
        order=20,
    )
)
