"""The kallelse as a Word document from the same document model as the PDF: the running header with the page field
("SOCIALNÄMNDEN  KALLELSE  SIDA 1 (3)"), the heading, Tid and Plats, the agenda table with its header row repeated on
every page, the sekretessärenden under their own heading, and the signatures. python-docx is imported on first use.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from digipuff.meetings.kallelse.document import Kallelse, Row


def _field(paragraph: Any, instruction: str, cached: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    char("separate")
    paragraph.add_run(cached)
    char("end")


def _header(document: Any, kallelse: Kallelse) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    paragraph = document.sections[0].header.paragraphs[0]
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Cm(7))
    stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(kallelse.committee.upper()).bold = True
    paragraph.add_run("\t" + kallelse.labels["kind"] + "\t")
    before, _sep, rest = kallelse.labels["page"].partition("{N}")
    middle, _sep, after = rest.partition("{M}")
    paragraph.add_run(before)
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(after)
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _agenda(document: Any, kallelse: Kallelse, rows: list[Row]) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=3)
    widths = [Cm(1.2), Cm(10.3), Cm(4)]
    head = table.rows[0].cells
    merged = head[0].merge(head[1])
    merged.paragraphs[0].add_run(kallelse.labels["items"]).bold = True
    head[2].paragraphs[0].add_run(kallelse.labels["diarienummer"]).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row.number)
        title = cells[1].paragraphs[0]
        title.add_run(row.title).bold = True
        for point in row.points:
            if point.title:
                cells[1].add_paragraph(point.title)
            for line in point.lines:
                cells[1].add_paragraph().add_run(line).italic = True
        cells[2].paragraphs[0].add_run(row.diarienummer)
    for row_ in table.rows:
        for cell, width in zip(row_.cells, widths, strict=True):
            cell.width = width


def _deterministic_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def render_kallelse_docx(kallelse: Kallelse) -> bytes:
    from datetime import datetime

    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
    style = document.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = f"{kallelse.title} – {kallelse.time}"
    properties.author = kallelse.committee
    properties.language = "sv-SE"
    moment = datetime(kallelse.created.year, kallelse.created.month, kallelse.created.day)
    properties.created = properties.modified = moment
    _header(document, kallelse)
    document.add_heading(kallelse.title, level=1)
    facts = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        facts.rows, ((kallelse.labels["time"], kallelse.time), (kallelse.labels["place"], kallelse.place)), strict=True
    ):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
        row.cells[0].width, row.cells[1].width = Cm(2.5), Cm(13)
    document.add_paragraph()
    _agenda(document, kallelse, kallelse.rows)
    if kallelse.confidential_rows:
        document.add_heading(kallelse.labels["confidential"], level=2)
        _agenda(document, kallelse, kallelse.confidential_rows)
    document.add_paragraph()
    if kallelse.signed:
        document.add_paragraph(kallelse.signed)
    if kallelse.signatures:
        document.add_paragraph()
        signatures = document.add_table(rows=2, cols=len(kallelse.signatures))
        for column, (name, role) in enumerate(kallelse.signatures):
            signatures.rows[0].cells[column].paragraphs[0].add_run(name)
            signatures.rows[1].cells[column].paragraphs[0].add_run(role)
    out = io.BytesIO()
    document.save(out)
    return _deterministic_zip(out.getvalue())
