"""The three renderers of the document model, and `render` that picks the report's frozen files when it is decided."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digipuff.reports.models import Report

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def word_template_of(report: Report) -> bytes | None:
    template = report.template
    if template is None or not template.word_template:
        return None
    with template.word_template.open("rb") as handle:
        return handle.read()


def render(report: Report, fmt: str) -> bytes:
    """The report in a format; a decided report's PDF and Word come from its snapshot, unchanged."""
    from digipuff.reports.selectors import build_document

    if report.is_frozen and hasattr(report, "snapshot") and fmt in ("pdf", "docx"):
        field = report.snapshot.pdf if fmt == "pdf" else report.snapshot.docx
        with field.open("rb") as handle:
            return handle.read()
    document = build_document(report)
    if fmt == "pdf":
        from digipuff.reports.renderers.pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from digipuff.reports.renderers.docx import render_docx

        return render_docx(document, word_template=word_template_of(report))
    if fmt == "html":
        from digipuff.reports.renderers.html import render_standalone

        return render_standalone(document).encode("utf-8")
    raise ValueError(f"Unknown format {fmt!r}")
