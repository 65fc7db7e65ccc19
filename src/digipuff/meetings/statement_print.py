"""The tjänsteutlåtande as a document: PDF (Typst, tagged PDF/UA-1) and Word (python-docx, Swedish), in the
municipality's layout — a header on every page with TJÄNSTEUTLÅTANDE, the förvaltning, datum, diarienummer and
"n (m)"; handläggare; the committee and the title; förslag till beslut, sammanfattning, beskrivning av ärendet,
förvaltningens synpunkter; the signatures; bilagor; beslutet delges.

The texts go to Typst as JSON through its inputs and are placed as strings, never parsed as markup. Both files are
deterministic: their dates come from the statement's date.
"""

from __future__ import annotations

import io
import json
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from digipuff.core.richtext import to_blocks
from digipuff.meetings.models import Statement

TEMPLATE = Path(__file__).resolve().parent / "templates" / "meetings" / "print" / "statement.typ"
FONT_DIRS = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
]


# The sections of a tjänsteutlåtande in order, titled as the municipality's template (a context of their own: other
# apps translate "Summary" differently).
SECTIONS = [
    ("proposal", pgettext_lazy("officer's report", "Proposed decision")),
    ("summary", pgettext_lazy("officer's report", "Summary")),
    ("description", pgettext_lazy("officer's report", "Description of the case")),
    ("views", pgettext_lazy("officer's report", "The administration's views")),
]


def sections_of(statement: Statement) -> list[tuple[str, str]]:
    """(title, sanitised HTML) of each section."""
    return [(str(title), getattr(statement, name)) for name, title in SECTIONS]


def attachments_of(statement: Statement) -> list[str]:
    """The bilagor: the case's report when it is attached, then the others as listed."""
    items = list(statement.attachments)
    report = statement.case.report
    if statement.attach_report and report is not None and report.title not in items:
        items.insert(0, report.title)
    return items


def _printable(blocks: list[Any]) -> list[dict[str, Any]]:
    """The blocks as plain data; a link within DigiPUFF (a figure's source page) has no address outside it, so on
    paper it is plain text and its footnote names the source."""
    result = []
    for block in blocks:
        data = asdict(block)
        for run in data.get("runs", []):
            if run["link"] and not run["link"].startswith(("http://", "https://", "mailto:")):
                run["link"] = ""
        result.append(data)
    return result


def statement_model(statement: Statement) -> dict[str, Any]:
    """Everything the layouts need, as plain data (no ORM access after this)."""
    case = statement.case
    from digipuff.organisation.models import Municipality

    municipality = Municipality.objects.order_by("pk").first()
    return {
        "municipality": municipality.name if municipality is not None else "",
        "administration": statement.administration,
        "date": statement.dated.isoformat(),
        "number": case.diarienummer,
        "officer": statement.officer_display,
        "officer_title": statement.officer_title,
        "officer_email": statement.officer_email,
        "committee": case.committee.name,
        "title": case.title,
        "sections": [
            {"title": title, "blocks": _printable(to_blocks(body, base_level=2))}
            for title, body in sections_of(statement)
            if body.strip()
        ],
        "signatories": list(statement.signatories),
        "attachments": attachments_of(statement),
        "recipients": list(statement.recipients),
        "labels": {
            "kind": str(pgettext_lazy("officer's report", "Officer's report")).upper(),
            "date": _("Date"),
            "number": _("Registry number"),
            "officer": _("Case officer"),
            "attachments": pgettext_lazy("officer's report", "Attachments"),
            "recipients": pgettext_lazy("officer's report", "The decision is sent to"),
            "signatures": _("Signatures"),
            "page": "{n} ({m})",
        },
    }


# -- PDF -------------------------------------------------------------------------------------------------------------

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


def render_pdf(statement: Statement) -> bytes:
    """The statement as tagged PDF (PDF/UA-1)."""
    source = json.dumps(statement_model(statement), default=str, ensure_ascii=False, sort_keys=True)
    day = statement.dated
    with _lock:
        data = _compiler().compile(
            format="pdf",
            sys_inputs={"statement": source},
            pdf_standards=["ua-1"],
            timestamp=datetime(day.year, day.month, day.day, tzinfo=UTC),
        )
    return cast(bytes, data)


# -- Word ------------------------------------------------------------------------------------------------------------


def _set_language(document: Any, tag: str) -> None:
    """Mark every text of the document as Swedish (spelling, hyphenation, screen readers): the default run
    properties of the styles part."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _header(document: Any, model: dict[str, Any]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from digipuff.reports.renderers.docx import _field

    section = document.sections[0]
    header = section.header
    labels = model["labels"]
    table = header.add_table(rows=2, cols=3, width=Cm(16.6))
    cells = table.rows[0].cells
    cells[0].paragraphs[0].add_run(labels["kind"]).bold = True
    cells[1].paragraphs[0].add_run(labels["date"]).font.size = Pt(8)
    right = cells[2].paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.add_run(labels["number"]).font.size = Pt(8)
    cells = table.rows[1].cells
    cells[0].paragraphs[0].add_run(model["administration"].upper())
    cells[1].paragraphs[0].add_run(model["date"])
    right = cells[2].paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.add_run(f"{model['number']} ")
    _field(right, "PAGE", "1")
    right.add_run(" (")
    _field(right, "NUMPAGES", "1")
    right.add_run(")")
    footer = section.footer.paragraphs[0]
    footer.add_run(model["municipality"].upper()).font.size = Pt(8)


def render_docx(statement: Statement) -> bytes:
    """The statement as a Word file in Swedish (sv-SE) with the header on every page."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.shared import Cm, Pt

    from digipuff.core import document as doc
    from digipuff.reports.renderers.docx import FOOTNOTES_CT, _deterministic_zip, _Footnotes, _runs

    model = statement_model(statement)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(2.4)
    section.left_margin, section.right_margin = Cm(2.4), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    _set_language(document, "sv-SE")
    for name in ("Footnote Text", "Footnote Reference"):
        if name not in {s.name for s in document.styles}:
            from docx.enum.style import WD_STYLE_TYPE
            from docx.oxml.ns import qn

            kind = WD_STYLE_TYPE.PARAGRAPH if name == "Footnote Text" else WD_STYLE_TYPE.CHARACTER
            style = document.styles.add_style(name, kind)
            style.element.set(qn("w:styleId"), name.replace(" ", ""))
            if name == "Footnote Text":
                style.font.size = Pt(8)
            else:
                style.font.superscript = True
    _header(document, model)
    notes = _Footnotes()
    labels = model["labels"]
    officer = document.add_paragraph()
    officer.add_run(f"{labels['officer']} ").font.size = Pt(8)
    officer.add_run(", ".join(p for p in (model["officer"], model["officer_title"], model["officer_email"]) if p))
    document.add_paragraph(model["committee"])
    document.add_heading(model["title"], level=1)
    for part in model["sections"]:
        document.add_heading(part["title"], level=2)
        for block in part["blocks"]:
            if block["type"] == "heading":
                document.add_heading(block["text"], level=min(block["level"], 4))
                continue
            style = {"bullet": "List Bullet", "number": "List Number", "quote": "Quote"}.get(block["style"])
            paragraph = document.add_paragraph(style=style)
            _runs(paragraph, [doc.Run(**run) for run in block["runs"]], notes)
    for person in model["signatories"]:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.add_run(person["name"])
        if person["title"]:
            paragraph.add_run("\n" + person["title"])
    for title, items in ((labels["attachments"], model["attachments"]), (labels["recipients"], model["recipients"])):
        if items:
            document.add_heading(title, level=2)
            for item in items:
                document.add_paragraph(item)
    if notes.notes:
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, notes.xml(), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    when = datetime(statement.dated.year, statement.dated.month, statement.dated.day)
    properties = document.core_properties
    properties.title = f"{model['number']} {model['title']}"
    properties.subject = model["committee"]
    properties.author = model["administration"]
    properties.language = "sv-SE"
    properties.last_modified_by = "DigiPUFF"
    properties.created = when
    properties.modified = when
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())
