"""The PDF renderer: the document model laid out by Typst, as tagged PDF/UA-1, and PDF/A-2a as well when decided.

The layout is one Typst file (`templates/reports/print/report.typ`); the document goes in as JSON through Typst's
inputs (`sys.inputs`) and every text is placed as a string, never as markup, so no text can break the layout. Cover,
contents with page numbers, running header (committee, report and chapter), footer "Sida n (m)", numbered tables and
figures, footnotes at the foot of the page, the charts as SVG with their text alternative, the print style's fonts
(Liberation Sans, DejaVu Sans for anything it lacks) and nothing from the system's other fonts.

Deterministic: the PDF's dates come from the document model (the decision date of a decided report) and Typst
derives its id from the content, so the same model gives the same bytes.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

from digipuff.core import document as doc
from digipuff.reports.renderers.html import chart_key, svg_source

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "print" / "report.typ"
# The print style's fonts; a municipality with its own sets REPORT_FONT_DIRS to the folders of its fonts.
FONT_DIRS = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
]
# Tagged for assistive technology always; a decided report is also an archival PDF/A-2 (level a: tagged, Unicode).
STANDARDS = ["ua-1"]
ARCHIVAL_STANDARDS = ["a-2a", "ua-1"]


def typst_input(document: doc.Document) -> str:
    """The document model and what the layout needs besides (translated labels, cover facts, charts) as JSON."""
    facts = []
    if document.case_number:
        facts.append(f"{_('Registry number')}: {document.case_number}")
    if document.decided_by:
        facts.append(f"{_('Decided by')}: {document.decided_by}")
    elif document.decided_on:
        facts.append(f"{_('Decided')}: {document.decided_on}")
    elif document.status:
        facts.append(f"{_('Status')}: {document.status}")
    charts: dict[str, dict[str, str]] = {}
    for block in document.blocks():
        if isinstance(block, doc.Chart):
            charts[str(block.number)] = {
                "svg": svg_source(chart_key(block.chart)),
                "alt": block.chart.description or block.chart.title,
            }
    period = ""
    if document.period_end and document.report_type != str(_("Operational plan")):
        period = _("As of {date}").format(date=document.period_end)
    data: dict[str, Any] = {
        "document": asdict(document),
        "title": f"{document.title} – {document.committee}",
        "description": " · ".join(p for p in (document.report_type, document.occasion, document.municipality) if p),
        "running": f"{document.committee} – {document.title}",
        "period": period,
        "facts": facts,
        "charts": charts,
        "labels": {
            "contents": _("Contents"),
            "table": _("Table"),
            "figure": _("Figure"),
            "page": _("Page {n} ({m})"),
        },
    }
    return json.dumps(data, default=str, ensure_ascii=False, sort_keys=True)


def render_pdf(document: doc.Document, *, archival: bool | None = None) -> bytes:
    """The report as PDF; `archival` (by default: when the report is decided) makes it PDF/A-2a as well."""
    if archival is None:
        archival = bool(document.decided_on)
    created = date.fromisoformat(document.decided_on) if document.decided_on else date(document.year, 1, 1)
    source = typst_input(document)  # charts are drawn here, outside the lock
    with _lock:
        data = _compiler().compile(
            format="pdf",
            sys_inputs={"document": source},
            pdf_standards=ARCHIVAL_STANDARDS if archival else STANDARDS,
            timestamp=datetime(created.year, created.month, created.day, tzinfo=UTC),
        )
    return cast(bytes, data)


# One compiler per process: it keeps the template parsed and the fonts loaded between reports. Typst's compiler is
# not shared between threads, so compiling is serialised (a render takes well under a second).
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _compiler() -> Any:
    if "compiler" not in _state:
        import typst

        dirs = [d for d in getattr(settings, "REPORT_FONT_DIRS", FONT_DIRS) if Path(d).is_dir()]
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=dirs)
        _state["compiler"] = typst.Compiler(
            input=str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=fonts, ignore_system_fonts=True
        )
    return _state["compiler"]
