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


def _report_documents(case: Case) -> list[CaseDocument]:
    report = case.report
    if report is None:
        return []

    def render() -> bytes:
        from digipuff.reports import renderers

        return renderers.render(report, "pdf")

    return [CaseDocument(title=_("Appendix: {title}").format(title=report.title), pdf=render)]


#: The tjänsteutlåtande goes before this (order below 50).
REPORT_ORDER = 50

case_document_sources.register(
    CaseDocumentSource(name="meetings:report", order=REPORT_ORDER, documents=_report_documents)
)
