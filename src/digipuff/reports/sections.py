"""The section kinds the reports module owns: a section of writers' text only, and the board's compilation of the
committees' decided reports. Every other kind is declared by the module whose data it shows, in that module's
`sections.py` (see `core.sections`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Heading, Paragraph, Table, from_json
from digipuff.core.sections import Context, MissingData, Section, build_section, p, section_kind
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.selectors import units_in_year
from digipuff.reports.choices import Status
from digipuff.reports.models import Report


@section_kind("text", gettext_lazy("Text only"))
def text_only(context: Context, section: Section) -> list[Block]:
    return []


# What the board compiles from each committee's report: the goal assessments and the economy's key figures.
COMPILED_KINDS = ("summary_assessments", "economy:budget_keeping")


@dataclass(frozen=True)
class _Part:
    """A section of the committee's own report, built live when it has not decided one yet."""

    kind: str
    title: str
    level: int
    pk: None = None


def _from_snapshot(report: Report) -> list[Table]:
    """The compiled kinds' tables as the committee decided them (its frozen snapshot, never rebuilt)."""
    document = from_json(report.snapshot.document)
    return [
        block
        for section in document.sections
        if section.kind in COMPILED_KINDS
        for block in section.blocks
        if isinstance(block, Table)
    ]


def _live(context: Context, committee: object) -> list[Table]:
    """The compiled kinds built from today's data, for a committee that has not decided its report."""
    own = Context(committee=committee, year=context.year, occasion=context.occasion, report_type=context.report_type)
    blocks: list[Table] = []
    for kind in COMPILED_KINDS:
        built = build_section(own, _Part(kind=kind, title="", level=2))
        blocks.extend(block for block in built if isinstance(block, Table))
    return blocks


@section_kind(
    "committees_compiled",
    gettext_lazy("The committees' goal assessments and economy, compiled from their decided reports (board)"),
)
def committees_compiled(context: Context, section: Section) -> list[Block]:
    """Per committee of the municipality: its goal assessments and the economy's key figures at the occasion, from
    its decided report of the occasion (the frozen snapshot, as decided); a committee without a decided report is
    shown from today's data, labelled preliminary. The board's delårsrapport and årsredovisning compile these."""
    committees = list(units_in_year(context.year).filter(kind=OrgUnitKind.COMMITTEE))
    if not committees:
        raise MissingData(_("the municipality has no committees in {year}.").format(year=context.year))
    decided: dict[int, Report] = {}
    for candidate in (
        Report.objects.filter(committee__in=committees, occasion=context.occasion, status=Status.DECIDED)
        .select_related("snapshot")
        .order_by("pk")
    ):
        if hasattr(candidate, "snapshot") and (
            candidate.committee_id not in decided or candidate.report_type == context.report_type
        ):
            decided[candidate.committee_id] = candidate
    blocks: list[Block] = []
    for committee in committees:
        report = decided.get(committee.pk)
        if report is not None:
            tables = _from_snapshot(report)
            source = _("From {report}, decided {date}{case}.").format(
                report=report.title,
                date=formats.date_format(report.decided_on, "j F Y") if report.decided_on else "",
                case=f" ({report.case_number})" if report.case_number else "",
            )
        else:
            tables = _live(context, committee)
            source = _(
                "Preliminary: {committee} has not decided its report for {occasion}; the figures are today's."
            ).format(committee=committee.name, occasion=context.occasion.name)
        if not tables and report is None:
            continue  # nothing to compile: no decided report, no goals assessed, no economy
        blocks.append(Heading(committee.name, min(section.level + 1, 4)))
        blocks.append(p(source, "note"))
        for table in tables:
            blocks.append(replace(table, caption=f"{committee.name}: {table.caption}", number=0))
        if not tables:
            blocks.append(
                Paragraph(
                    p(_("The decided report holds no goal assessments or economy key figures.")).runs, style="note"
                )
            )
    if not blocks:
        raise MissingData(
            _("no committee has decided a report or assessed its goals for {occasion}.").format(
                occasion=context.occasion.name
            )
        )
    return blocks
