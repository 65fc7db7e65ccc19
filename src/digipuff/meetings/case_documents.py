"""The documents of a case as PDF, for the meeting's handlingar: the hook through which a case's papers reach them.

A source is registered from an app's `case_documents.py` (found as every registry's module is) with
`case_document_sources.register(CaseDocumentSource(...))` and gives, for a case, its documents in the order they go
into the handlingar (the tjänsteutlåtande first, then its bilagor). Each document is rendered only when the
handlingar are put together. The case's report (the verksamhetsplan or delårsrapport the case concerns: its bilaga)
is registered here; the tjänsteutlåtande registers itself the same way when it exists, with a lower `order`, so that
it comes first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from digipuff.core.registry import Registry
from digipuff.meetings.models import Case


@dataclass(frozen=True)
class CaseDocument:
    """One document of a case: its title (the bookmark in the handlingar) and how to render it as PDF."""

    title: str
    pdf: Callable[[], bytes]


@dataclass(frozen=True)
class CaseDocumentSource:
    name: str
    order: int
    documents: Callable[[Case], list[CaseDocument]]


case_document_sources: Registry[CaseDocumentSource] = Registry(
    "case_documents", key=lambda source: source.name, order=lambda source: source.order
)


def case_documents(case: Case) -> list[CaseDocument]:
    """Every document of the case, source by source."""
    return [document for source in case_document_sources.entries() for document in source.documents(case)]


def _statement_documents(case: Case) -> list[CaseDocument]:
    """The case's tjänsteutlåtande once approved: a draft or one waiting for review is not sent to the meeting."""
    from digipuff.meetings.choices import StatementStatus
    from digipuff.meetings.models import Statement

    statement = Statement.objects.filter(case=case, status=StatementStatus.APPROVED).first()
    if statement is None:
        return []

    def render() -> bytes:
        from digipuff.meetings.statements import statement_pdf

        return statement_pdf(case) or b""

    return [CaseDocument(title=_("Officer's report"), pdf=render)]


def _report_documents(case: Case) -> list[CaseDocument]:
    report = case.report
    statement = getattr(case, "statement", None)
    if report is None or (statement is not None and not statement.attach_report):
        return []

    def render() -> bytes:
        from digipuff.reports import renderers

        return renderers.render(report, "pdf")

    return [CaseDocument(title=_("Appendix: {title}").format(title=report.title), pdf=render)]


#: The tjänsteutlåtande goes before the report (order below 50).
STATEMENT_ORDER = 10
REPORT_ORDER = 50

case_document_sources.register(
    CaseDocumentSource(name="meetings:statement", order=STATEMENT_ORDER, documents=_statement_documents)
)
case_document_sources.register(
    CaseDocumentSource(name="meetings:report", order=REPORT_ORDER, documents=_report_documents)
)
