"""The Word renderer: the document model as a .docx with real headings, tables, footnotes and embedded charts.

Built on python-docx. An uploaded Word template supplies the municipality's styles, fonts, header and logo; without
one the built-in template gets a plain municipal look. python-docx has no footnote API, so the footnotes part
(word/footnotes.xml) is written here in OOXML and related to the main document. The file is deterministic: core
properties carry the decision date and the zip entries a fixed time, so the same model gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor, Twips

from digipuff.core import document as doc
from digipuff.core.charts import LineChart, cached_png
from digipuff.reports.renderers.docx_layout import TWIPS_PER_CM, column_twips

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ACCENT = RGBColor(0x0B, 0x3A, 0x66)
LANGUAGE = "sv-SE"
FONT = "Arial"


PNG_DPI = 150


def png_of(chart: LineChart) -> bytes:
    """The chart rasterised for Word, once per content (the chart cache is shared by every process)."""
    return cached_png(chart, dpi=PNG_DPI)


class _Footnotes:
    """Collects footnotes while the body is written; becomes word/footnotes.xml at the end."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def add(self, text: str) -> int:
        self.notes.append(text)
        return len(self.notes)  # ids 1.. (-1 and 0 are the separators)

    def xml(self) -> bytes:
        def escape(text: str) -> str:
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        parts = [
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>',
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
        ]
        for number, text in enumerate(self.notes, start=1):
            parts.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            )
        parts.append("</w:footnotes>")
        return "".join(parts).encode("utf-8")


def _ensure_styles(document: Any, *, custom: bool) -> None:
    styles = document.styles
    names = {style.name for style in styles}
    if not custom:
        normal = styles["Normal"]
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(6)
        for level, size in ((1, 16), (2, 13), (3, 11), (4, 10)):
            heading = styles[f"Heading {level}"]
            heading.font.size = Pt(size)
            heading.font.color.rgb = ACCENT
            heading.font.bold = True
            heading.font.italic = False
            heading.paragraph_format.space_before = Pt(12 if level == 1 else 9)
            heading.paragraph_format.space_after = Pt(4)
            heading.paragraph_format.keep_with_next = True
        title = styles["Title"]
        title.font.size = Pt(28)
        title.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
        caption = styles["Caption"]
        caption.font.size = Pt(9)
        caption.font.bold = True
        caption.font.italic = False
        caption.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
        caption.paragraph_format.keep_with_next = True
    if "Footnote Text" not in names:
        style = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(8)
        style.paragraph_format.space_after = Pt(0)
        style.element.set(qn("w:styleId"), "FootnoteText")
    if "Footnote Reference" not in names:
        style = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        style.font.superscript = True
        style.element.set(qn("w:styleId"), "FootnoteReference")
    if "Table Note" not in names:
        style = styles.add_style("Table Note", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(8)
    if "TOC 1" not in names:
        for level in (1, 2):
            style = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(2 if level == 2 else 4)
            style.font.bold = level == 1
    _language_and_font(document, custom=custom)


# The settings.xml elements that follow w:updateFields in the schema's order (CT_Settings).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _language_and_font(document: Any, *, custom: bool) -> None:
    """Swedish as the language of every text (spelling, hyphenation, a screen reader's voice), and one font family.

    The language is set on the document defaults and on every style that names one. Without a municipal template
    the font is set once on the document defaults and every style's own font (the built-in template's headings use
    the theme's Calibri Light) is removed, so each style inherits the one family; a municipal template keeps its
    fonts.
    """
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for lang in root.iter(qn("w:lang")):
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), LANGUAGE)
    if rpr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), LANGUAGE)
        rpr.append(lang)  # the last child of CT_RPr that python-docx's template uses
    if custom:
        return
    for style in root.iter(qn("w:style")):  # its own font and those of a table style's parts
        for fonts in list(style.iter(qn("w:rFonts"))):
            fonts.getparent().remove(fonts)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _settings(document: Any) -> None:
    """Word updates the fields on opening (the contents list's page numbers, the figure and table numbers), and the
    theme's language is Swedish."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        following = [settings.find(qn(f"w:{name}")) for name in _AFTER_UPDATE_FIELDS]
        present = [element for element in following if element is not None]
        if present:
            min(present, key=lambda element: list(settings).index(element)).addprevious(update)
        else:
            settings.append(update)
    update.set(qn("w:val"), "true")
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def font_family(document: Any) -> str:
    """The document's body font: the Normal style's, else the document defaults', else Arial."""
    name = document.styles["Normal"].font.name
    if name:
        return str(name)
    fonts = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None and fonts.get(qn("w:ascii")):
        return str(fonts.get(qn("w:ascii")))
    return FONT


def _remember_style_ids(document: Any) -> None:
    """Look each style name up once per document.

    python-docx resolves a style name on every use (a paragraph's style, a heading, a run's style) by scanning every
    style of the document and the default one; a report has hundreds of such uses and a handful of names. The ids
    do not change once `_ensure_styles` has added ours, so the first answer for a name is the answer.
    """
    part = document.part
    lookup = part.get_style_id
    ids: dict[tuple[str, Any], str | None] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> str | None:
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in ids:
            ids[key] = lookup(style_or_name, style_type)
        return ids[key]

    part.get_style_id = get_style_id


def _run(paragraph: Any, text: str) -> Any:
    """`paragraph.add_run(text)`, the same XML, without python-docx's character-by-character translation when the
    text has no tab or line break (one `w:t`, `xml:space="preserve"` when it has outer spaces)."""
    if not text or "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def _field(paragraph: Any, instruction: str, cached: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, SEQ, PAGEREF) with its cached result."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(cached)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _hyperlink(paragraph: Any, url: str, text: str, *, bold: bool, italic: bool) -> None:
    rel = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0B4F8A")
    rpr.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(underline)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _runs(paragraph: Any, runs: list[doc.Run], notes: _Footnotes) -> None:
    for item in runs:
        if item.note:
            number = notes.add(item.note)
            run = paragraph.add_run()
            run.style = "Footnote Reference"
            reference = OxmlElement("w:footnoteReference")
            reference.set(qn("w:id"), str(number))
            run._r.append(reference)
            continue
        if item.link:
            _hyperlink(paragraph, item.link, item.text, bold=item.bold, italic=item.italic)
            continue
        pieces = item.text.split("\n")
        for index, piece in enumerate(pieces):
            run = _run(paragraph, piece)
            run.bold = item.bold or None
            run.italic = item.italic or None
            if index < len(pieces) - 1:
                run.add_break()


def _shade(cell: Any, colour: str) -> None:
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{colour}"/>')
    cell._tc.get_or_add_tcPr().append(shading)


def _borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        '<w:top w:val="single" w:sz="6" w:color="0B3A66"/><w:bottom w:val="single" w:sz="6" w:color="0B3A66"/>'
        '<w:insideH w:val="single" w:sz="2" w:color="C8C8C8"/>'
        '<w:left w:val="nil"/><w:right w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
    )
    tbl_pr.append(borders)


def _caption(document: Any, label: str, sequence: str, number: int, text: str) -> None:
    paragraph = document.add_paragraph(style="Caption")
    _run(paragraph, f"{label} ")
    _field(paragraph, f"SEQ {sequence} \\* ARABIC", str(number))
    _run(paragraph, f". {text}")


_SPECIAL = re.compile(r"[\t\n\r]")


def _row_xml(table: doc.Table, values: list[str], style: str, widths: list[Any], points: float = 8) -> str:
    """A body row as the XML python-docx writes for it (`_body_rows`), built as one string: python-docx inserts
    every property element in schema order by searching its siblings, which is most of a report's Word time."""
    bold = "<w:b/>" if style in ("subtotal", "total", "section") else ""
    fill = {"subtotal": "F2F2F2", "section": "F6F8FB"}.get(style)
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    cells = []
    for column, width in enumerate(widths):
        cell_pr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{width.twips}"/>'
        if column >= len(values):
            cells.append(f"<w:tc>{cell_pr}</w:tcPr><w:p/></w:tc>")
            continue
        value = values[column]
        align = '<w:jc w:val="right"/>' if table.numeric[column] and column > 0 else ""
        text = ""
        if value:
            space = ' xml:space="preserve"' if len(value.strip()) < len(value) else ""
            text = f"<w:t{space}>{xml_escape(value)}</w:t>"
        cells.append(
            f'<w:tc>{cell_pr}{shade}</w:tcPr><w:p><w:pPr><w:spacing w:after="0"/>{align}</w:pPr>'
            f'<w:r><w:rPr>{bold}<w:sz w:val="{round(points * 2)}"/></w:rPr>{text}</w:r></w:p></w:tc>'
        )
    return f"<w:tr {nsdecls('w')}><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def _body_rows(grid: Any, table: doc.Table, points: float = 8) -> None:
    """The body rows through python-docx, for values with tabs or line breaks."""
    offset = len(table.header)
    for index, values in enumerate(table.rows):
        style = table.row_styles[index] if index < len(table.row_styles) else ""
        row = grid.rows[offset + index]
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells  # no merged cells in the body: one lookup per row
        for column, value in enumerate(values):
            cell = cells[column]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = _run(paragraph, value)
            run.font.size = Pt(points)
            if style in ("subtotal", "total", "section"):
                run.bold = True
            if table.numeric[column] and column > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if style == "subtotal":
                _shade(cell, "F2F2F2")
            elif style == "section":
                _shade(cell, "F6F8FB")


def _table(document: Any, table: doc.Table, width_cm: float, family: str) -> None:
    _caption(document, _("Table"), "Tabell", table.number, table.caption)
    columns = len(table.numeric)
    # Body rows are written as XML in one piece (see `_row_xml`) unless a value has a tab or line break.
    fast = not any(_SPECIAL.search(value) for values in table.rows for value in values)
    grid = document.add_table(rows=len(table.header) + (0 if fast else len(table.rows)), cols=columns)
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False  # a fixed layout: Word keeps the widths below instead of fitting the columns to the text
    _borders(grid)
    twips, points = column_twips(table, round(width_cm * TWIPS_PER_CM), family=family)
    widths = [Twips(w) for w in twips]
    table_width = grid._tbl.tblPr.find(qn("w:tblW"))
    if table_width is not None:
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(sum(twips)))
    for row_index, header in enumerate(table.header):
        row = grid.rows[row_index]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
        column = 0
        for cell_spec in header:
            cell = row.cells[column]
            if cell_spec.span > 1:
                cell = cell.merge(row.cells[column + cell_spec.span - 1])
            paragraph = cell.paragraphs[0]
            run = _run(paragraph, cell_spec.text)
            run.bold = True
            run.font.size = Pt(points)
            if cell_spec.span == 1 and table.numeric[column]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif cell_spec.span > 1:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _shade(cell, "DCE6F1" if row_index == len(table.header) - 1 else "EAF0F7")
            column += cell_spec.span
    if fast:
        for index, values in enumerate(table.rows):
            style = table.row_styles[index] if index < len(table.row_styles) else ""
            grid._tbl.append(parse_xml(_row_xml(table, values, style, widths, points)))
    else:
        _body_rows(grid, table, points)
    for column, width in enumerate(widths):
        grid.columns[column].width = width
    for row in grid.rows[: len(table.header)] if fast else grid.rows:
        for tc in row._tr.tc_lst:  # a merged heading cell spans its columns' widths
            first = tc.grid_offset
            tc.width = Twips(sum(twips[first : first + tc.grid_span]))
    for note in table.notes:
        document.add_paragraph(note, style="Table Note")
    document.add_paragraph()


def _toc(document: Any, outline: list[tuple[int, str, str]], width_cm: float, pages: Mapping[str, int] | None) -> None:
    """The contents list: a TOC field whose entries are written out, each with a PAGEREF to its heading's bookmark.

    Word updates the fields on opening (`_settings`); the page numbers shown before that are the ones found by
    laying the document out in LibreOffice (`docx_pages.render_docx_with_page_numbers`), or none.
    """
    heading = document.add_paragraph(_("Contents"), style="Title")
    heading.runs[0].font.size = Pt(18)
    entries = [(level, text, anchor) for level, text, anchor in outline if level <= 2]
    for index, (level, text, anchor) in enumerate(entries):
        paragraph = document.add_paragraph(style=f"TOC {level}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if index == 0:
            run = paragraph.add_run()
            begin = OxmlElement("w:fldChar")
            begin.set(qn("w:fldCharType"), "begin")
            run._r.append(begin)
            run = paragraph.add_run()
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = ' TOC \\o "1-2" \\h \\z \\u '
            run._r.append(instr)
            run = paragraph.add_run()
            separate = OxmlElement("w:fldChar")
            separate.set(qn("w:fldCharType"), "separate")
            run._r.append(separate)
        paragraph.add_run(f"{text}\t")
        page = (pages or {}).get(anchor)
        _field(paragraph, f"PAGEREF _Toc_{anchor} \\h", str(page) if page else "")
        if index == len(entries) - 1:
            run = paragraph.add_run()
            end = OxmlElement("w:fldChar")
            end.set(qn("w:fldCharType"), "end")
            run._r.append(end)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover(document: Any, model: doc.Document) -> None:
    for _i in range(6):
        document.add_paragraph()
    municipality = document.add_paragraph()
    run = municipality.add_run(model.municipality)
    run.bold = True
    run.font.size = Pt(13)
    run.font.color.rgb = RGBColor(0x0B, 0x4F, 0x8A)
    for _i in range(4):
        document.add_paragraph()
    committee = document.add_paragraph()
    run = committee.add_run(model.committee.upper())
    run.font.size = Pt(11)
    document.add_paragraph(model.title, style="Title")
    if model.period_end and model.report_type != str(_("Operational plan")):
        period = document.add_paragraph()
        period.add_run(_("As of {date}").format(date=model.period_end)).font.size = Pt(13)
    for _i in range(10):
        document.add_paragraph()
    facts = []
    if model.case_number:
        facts.append(f"{_('Registry number')}: {model.case_number}")
    if model.decided_by:
        facts.append(f"{_('Decided by')}: {model.decided_by}")
    elif model.decided_on:
        facts.append(f"{_('Decided')}: {model.decided_on}")
    elif model.status:
        facts.append(f"{_('Status')}: {model.status}")
    for fact in facts:
        document.add_paragraph(fact)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _header_footer(document: Any, model: doc.Document, *, custom: bool) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    if not custom or not any(p.text.strip() for p in header.paragraphs):
        paragraph = header.paragraphs[0]
        run = paragraph.add_run(f"{model.committee} – {model.title}")
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    footer = section.footer
    if not custom or not any(p.text.strip() for p in footer.paragraphs):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" (")
        _field(paragraph, "NUMPAGES", "1")
        paragraph.add_run(")")


def _clear_body(document: Any) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


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


def render_docx(
    model: doc.Document, *, word_template: bytes | None = None, page_numbers: Mapping[str, int] | None = None
) -> bytes:
    """The report as a Word file; `page_numbers` (a heading's anchor to its page) fills the contents list."""
    custom = word_template is not None
    document = new_document(io.BytesIO(word_template) if word_template is not None else None)
    if custom:
        _clear_body(document)
    else:
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
        section.left_margin, section.right_margin = Cm(2.4), Cm(2.0)
    _ensure_styles(document, custom=custom)
    _settings(document)
    family = font_family(document)
    _remember_style_ids(document)
    section = document.sections[0]
    page_width, left_margin, right_margin = section.page_width, section.left_margin, section.right_margin
    # Every section has a page size and margins: the defaults set above, or the Word template's.
    assert page_width is not None and left_margin is not None and right_margin is not None
    width_cm = (page_width - left_margin - right_margin) / 360000
    notes = _Footnotes()
    _header_footer(document, model, custom=custom)
    _cover(document, model)
    _toc(document, model.outline(), width_cm, page_numbers)
    bookmark = 0
    first = True
    for doc_section in model.sections:
        if doc_section.page_break and not first:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        heading = document.add_heading(doc_section.title, level=min(doc_section.level, 9))
        bookmark += 1
        _bookmark(heading, f"_Toc_{doc_section.anchor}", bookmark)
        for block in doc_section.blocks:
            if isinstance(block, doc.Heading):
                paragraph = document.add_heading(block.text, level=min(block.level, 9))
                bookmark += 1
                _bookmark(paragraph, f"_Toc_{block.anchor}", bookmark)
            elif isinstance(block, doc.Paragraph):
                style = {
                    "bullet": "List Bullet",
                    "number": "List Number",
                    "quote": "Quote",
                    "note": "Table Note",
                }.get(block.style)
                paragraph = document.add_paragraph(style=style)
                _runs(paragraph, block.runs, notes)
                if block.style == "missing":
                    for run in paragraph.runs:
                        run.italic = True
                        run.font.color.rgb = RGBColor(0x6B, 0x3A, 0x00)
            elif isinstance(block, doc.Table):
                _table(document, block, width_cm, family)
            elif isinstance(block, doc.Chart):
                picture = document.add_paragraph()  # what `document.add_picture` does, keeping the paragraph
                picture.add_run().add_picture(io.BytesIO(png_of(block.chart)), width=Cm(min(16.0, width_cm)))
                picture.paragraph_format.keep_with_next = True
                _caption(document, _("Figure"), "Figur", block.number, block.caption)
            elif isinstance(block, doc.PageBreak):
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if notes.notes:
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, notes.xml(), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    when = datetime.fromisoformat(model.decided_on) if model.decided_on else datetime(model.year, 1, 1)
    properties = document.core_properties
    properties.title = model.title
    properties.subject = model.committee
    properties.author = model.committee
    properties.last_modified_by = "DigiPUFF"
    properties.created = when
    properties.modified = when
    properties.last_printed = when
    properties.revision = 1
    properties.comments = model.case_number
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())
