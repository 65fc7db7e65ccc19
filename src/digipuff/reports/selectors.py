"""Reads of reports: lists restricted to the user, the progress of the texts, and the document model of a report.

`build_document` is the report's one ORM phase: it reads the report, its sections and texts and asks each section's
kind (`core.sections`) for its blocks; what it returns is plain data (`core.document`) the renderers only format.
A decided report is never rebuilt: its document model comes from the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from digipuff.core import document as doc
from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.richtext import to_blocks
from digipuff.core.sections import Context as SectionContext
from digipuff.core.sections import build_section, draft_text, section_kinds
from digipuff.goals.models import Goal
from digipuff.organisation.models import Municipality, OrgUnit
from digipuff.reports.choices import ReportType, Status, TextPosition
from digipuff.reports.models import Report, ReportSection, ReportTemplate, ReportText, TemplateSection

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser


def reports_for(*, user: AnyUser, committee: OrgUnit | None = None, year: int | None = None) -> QuerySet[Report]:
    reports = policy.restrict(
        Report.objects.select_related("committee", "occasion", "occasion__year", "snapshot"), user, Action.VIEW
    )
    if committee is not None:
        reports = reports.filter(committee=committee)
    if year is not None:
        reports = reports.filter(occasion__year__year=year)
    counted: QuerySet[Report] = reports.annotate(
        text_count=Count("texts", filter=Q(texts__not_applicable=False), distinct=True),
        approved_count=Count(
            "texts", filter=Q(texts__status=Status.APPROVED, texts__not_applicable=False), distinct=True
        ),
    ).order_by("occasion__period_end", "report_type")
    return counted


def report_get(*, user: AnyUser, pk: int) -> Report | None:
    report = Report.objects.select_related("committee", "occasion", "occasion__year", "template").filter(pk=pk).first()
    if report is None or not policy.allows(user, Action.VIEW, report):
        return None
    return report


def texts_of(report: Report) -> QuerySet[ReportText]:
    return report.texts.select_related("section", "writer", "updated_by").order_by("section__order", "order", "pk")


@dataclass(frozen=True)
class TextGroup:
    """Texts of a report assigned together: all, a section's, or the analyses of the goals of one goal owner."""

    key: str
    label: str
    texts: list[ReportText]


def text_groups(report: Report, texts: list[ReportText]) -> list[TextGroup]:
    """The groups the bulk assignment on the report page offers (applicable texts only)."""
    applicable = [t for t in texts if not t.not_applicable]
    groups = [TextGroup("all", _("All texts"), applicable)] if applicable else []
    sections: dict[int, list[ReportText]] = {}
    for text in applicable:
        sections.setdefault(text.section_id, []).append(text)
    for items in sections.values():
        groups.append(
            TextGroup(
                f"section:{items[0].section_id}",
                _("Section: {title}").format(title=items[0].section.title),
                items,
            )
        )
    goal_ids = {int(t.key[5:]): t for t in applicable if t.key.startswith("goal:") and t.key[5:].isdigit()}
    owners: dict[int, tuple[str, list[ReportText]]] = {}
    for goal in Goal.objects.filter(pk__in=goal_ids).select_related("owner").order_by("owner__path", "pk"):
        owners.setdefault(goal.owner_id, (goal.owner.name, []))[1].append(goal_ids[goal.pk])
    for owner_id, (name, items) in owners.items():
        groups.append(TextGroup(f"owner:{owner_id}", _("Goals owned by {owner}").format(owner=name), items))
    return groups


def template_for(*, report_type: str, year: int) -> ReportTemplate | None:
    """The year's own template of the type if there is one, else the one for every year."""
    candidates = list(ReportTemplate.objects.filter(Q(year=year) | Q(year__isnull=True), report_type=report_type))
    candidates.sort(key=lambda t: (t.year is None, t.pk))
    return candidates[0] if candidates else None


def templates() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.prefetch_related(
        Prefetch("sections", queryset=TemplateSection.objects.order_by("order", "pk"))
    ).order_by("report_type", "year", "name")


@dataclass(frozen=True)
class Progress:
    """How far the texts of a report (or of a writer) have come, and which are late."""

    total: int
    by_status: dict[str, int]
    late: list[ReportText]

    @property
    def approved_share(self) -> int:
        return round(100 * self.by_status.get(Status.APPROVED, 0) / self.total) if self.total else 0


def is_late(text: ReportText, today: date) -> bool:
    return bool(text.deadline and text.deadline < today and text.status not in (Status.READY, Status.APPROVED))


def progress(texts: list[ReportText], *, today: date) -> Progress:
    """The progress of the applicable texts: those marked not applicable are not counted."""
    texts = [t for t in texts if not t.not_applicable]
    by_status: dict[str, int] = dict.fromkeys(
        (Status.NOT_STARTED, Status.IN_PROGRESS, Status.READY, Status.APPROVED), 0
    )
    for text in texts:
        by_status[text.status] = by_status.get(text.status, 0) + 1
    return Progress(total=len(texts), by_status=by_status, late=[t for t in texts if is_late(t, today)])


def texts_of_writer(*, user: AnyUser) -> QuerySet[ReportText]:
    """ "Mina texter": the texts assigned to the user in reports not yet decided."""
    if not user.is_authenticated:
        return ReportText.objects.none()
    return (
        ReportText.objects.filter(writer=user, not_applicable=False)
        .exclude(report__status=Status.DECIDED)
        .select_related("report", "report__committee", "report__occasion", "section")
        .order_by("deadline", "report__pk", "section__order", "order")
    )


# -- the document model -----------------------------------------------------------------------------------------------


def build_document(report: Report) -> doc.Document:
    """The report as a document model. For a decided report: the frozen snapshot's model, never rebuilt."""
    if report.is_frozen and hasattr(report, "snapshot"):
        return doc.from_json(report.snapshot.document)
    sections = list(ReportSection.objects.filter(report=report).order_by("order", "pk"))
    # A text marked not applicable for this occasion is left out, as if its slot were empty.
    texts = {(t.section_id, t.key): t for t in ReportText.objects.filter(report=report, not_applicable=False)}
    context = SectionContext(
        committee=report.committee,
        year=report.year,
        occasion=report.occasion,
        report_type=report.report_type,
        texts=texts,
    )
    municipality = Municipality.current()
    document = doc.Document(
        title=report.title,
        committee=report.committee.name,
        municipality=municipality.name if municipality else "",
        occasion=report.occasion.name,
        period_end=formats.date_format(report.occasion.period_end, "j F Y"),
        report_type=str(ReportType(report.report_type).label),
        year=report.year,
        status=str(Status(report.status).label),
        case_number=report.case_number,
        decided_on=report.decided_on.isoformat() if report.decided_on else "",
        decided_by=report.decided_by,
    )
    for section in sections:
        blocks: list[doc.Block] = []
        text = texts.get((section.pk, "section"))
        text_blocks = to_blocks(text.body, base_level=section.level) if text is not None and text.body else []
        generated = build_section(context, section)
        if section.text_position == TextPosition.BEFORE:
            blocks = [*text_blocks, *generated]
        else:
            blocks = [*generated, *text_blocks]
        document.sections.append(
            doc.Section(
                key=f"{section.order}",
                title=section.title,
                level=section.level,
                kind=section.kind,
                blocks=blocks,
                page_break=section.page_break,
            )
        )
    doc.number_blocks(document)
    return document


def text_slots(report: Report, section: ReportSection) -> list[tuple[str, str]]:
    """The text slots a section of a report has: its own text, and those its kind adds (one per goal)."""
    slots: list[tuple[str, str]] = []
    if section.has_text:
        slots.append(("section", section.title))
    kind = section_kinds.get(section.kind)
    if kind is not None and kind.slots is not None and section.has_text:
        context = SectionContext(
            committee=report.committee, year=report.year, occasion=report.occasion, report_type=report.report_type
        )
        slots.extend(kind.slots(context))
    return slots


def figures_for_text(text: ReportText) -> doc.Document:
    """The generated content beside a text in the editor: its section's blocks (for a goal, that goal's part)."""
    report = text.report
    context = SectionContext(
        committee=report.committee, year=report.year, occasion=report.occasion, report_type=report.report_type
    )
    blocks = build_section(context, text.section)
    if text.key.startswith("goal:"):
        title = text.title
        picked: list[doc.Block] = []
        inside = False
        level = 0
        for block in blocks:
            if isinstance(block, doc.Heading):
                if block.text == title:
                    inside, level = True, block.level
                    continue
                if inside and block.level <= level:
                    break
            if inside:
                picked.append(block)
        blocks = picked
    document = doc.Document(
        title=text.title, committee="", municipality="", occasion="", period_end="", report_type="", year=report.year
    )
    document.sections.append(doc.Section("figures", text.section.title, 2, text.section.kind, blocks))
    doc.number_blocks(document)
    return document


def may_propose(text: ReportText) -> bool:
    """Whether the text's section can propose a text from the data (a draft for the writer to edit)."""
    kind = section_kinds.get(text.section.kind)
    return kind is not None and kind.draft is not None


def text_draft(text: ReportText) -> str:
    """A proposed text for `text` written from the figures of its report's committee, year and occasion (rule-based:
    the same figures give the same text), as sanitised HTML with a footnote per sentence. Raises
    `core.sections.MissingData` with the reason when there is nothing to propose. Never stored here: the writer
    saves it, and it is approved in the workflow like any other text."""
    report = text.report
    context = SectionContext(
        committee=report.committee, year=report.year, occasion=report.occasion, report_type=report.report_type
    )
    return draft_text(context, text.section, text.key)
