"""Rendering reports for a batch (`digipuff report render-all`): one report, every format asked for.

Each report is one background task (`digipuff.reports.tasks.render_report_task`), so a batch spreads over however
many `digipuff db_worker` processes run. Within a report the document model is built once and each chart laid
out once for every format (the chart cache keeps drawings by content, across processes); a decided report's PDF
and Word come from its snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digipuff.reports.models import Report


def render_report(report: Report, formats: Sequence[str]) -> dict[str, bytes]:
    """The report in each format, keyed by format."""
    from digipuff.core import document as doc
    from digipuff.core.charts import cached_svg_and_png
    from digipuff.reports import renderers
    from digipuff.reports.renderers.docx import PNG_DPI
    from digipuff.reports.renderers.docx_pages import render_docx_with_page_numbers
    from digipuff.reports.renderers.html import render_standalone
    from digipuff.reports.renderers.pdf import render_pdf
    from digipuff.reports.selectors import build_document

    files: dict[str, bytes] = {}
    rest = []
    for fmt in formats:
        if report.is_frozen and fmt in ("pdf", "docx"):
            files[fmt] = renderers.render(report, fmt)
        else:
            rest.append(fmt)
    if not rest:
        return files
    document = build_document(report)
    if "docx" in rest and ("pdf" in rest or "html" in rest):
        # Word's PNG and the SVG of PDF and HTML from one layout of each chart, not one each.
        for section in document.sections:
            for block in section.blocks:
                if isinstance(block, doc.Chart):
                    cached_svg_and_png(block.chart, dpi=PNG_DPI)
    for fmt in rest:
        if fmt == "pdf":
            files[fmt] = render_pdf(document)
        elif fmt == "docx":
            files[fmt] = render_docx_with_page_numbers(document, word_template=renderers.word_template_of(report))
        elif fmt == "html":
            files[fmt] = render_standalone(document).encode("utf-8")
        else:
            raise ValueError(f"Unknown format {fmt!r}")
    return {fmt: files[fmt] for fmt in formats}


def file_name(report: Report, fmt: str) -> str:
    """The name a batch gives a report's file, e.g. SN-delar1-2019.pdf."""
    return f"{report.committee.code}-{report.report_type}-{report.year}.{fmt}"
