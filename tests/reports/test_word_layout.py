"""The Word file as committees print it: Swedish, one font family, headings that fit their columns, a contents list
with page numbers, and the municipality's Word template (checked in the document XML)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as new_document
from docx.shared import Pt
from lxml import etree

from digipuff.core import document as doc
from digipuff.reports.renderers import municipal_word_template
from digipuff.reports.renderers.docx import render_docx
from digipuff.reports.renderers.docx_layout import CELL_MARGINS, longest_word_twips
from digipuff.reports.renderers.docx_pages import render_docx_with_page_numbers

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_WIDTH = round((21.0 - 2.4 - 2.0) * 567)  # A4 less the built-in look's margins, in twips
LONG_HEADINGS = ["Nettokostnadsavvikelse", "Helårsprognos", "Budgetavvikelse"]


def _attr(element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


def _model(*, sections: int = 1) -> doc.Document:
    document = doc.Document(
        title="Delårsrapport 1 2019",
        committee="Socialnämnden",
        municipality="Huddinge kommun",
        occasion="Delår 1 2019",
        period_end="30 april 2019",
        report_type="Delårsrapport 1",
        year=2019,
        status="Pågår",
    )
    table = doc.Table(
        caption="Driftredovisning per verksamhetsområde, mnkr",
        header=[
            [doc.Cell(""), doc.Cell("Utfall januari–april", 3), doc.Cell("Helår", 3)],
            [doc.Cell("Verksamhetsområde"), *[doc.Cell(h) for h in ["Budget", "Utfall", "Avvikelse"]]]
            + [doc.Cell(h) for h in LONG_HEADINGS],
        ],
        rows=[
            ["Myndighetsutövning barn och ungdom", "-123,4", "-120,1", "3,3", "-1 234,5", "-12,0", "1,2"],
            ["Summa", "-123,4", "-120,1", "3,3", "-1 234,5", "-12,0", "1,2"],
        ],
        numeric=[False] + [True] * 6,
        row_styles=["", "total"],
        widths=[40, *[10] * 6],
    )
    document.sections = [doc.Section("1", "Sund ekonomi", 1, "economy", [table])]
    for index in range(2, sections + 1):
        paragraphs = [doc.Paragraph([doc.Run(f"Stycke {n} i avsnitt {index}. " * 12)]) for n in range(12)]
        document.sections.append(doc.Section(str(index), f"Avsnitt nummer {index}", 1, "text", paragraphs))
    doc.number_blocks(document)
    return document


def _part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def test_the_language_is_swedish_and_the_fields_are_updated_on_opening():
    data = render_docx(_model())
    styles = _part(data, "word/styles.xml")
    default_lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default_lang is not None and _attr(default_lang, "val") == "sv-SE"
    assert {_attr(lang, "val") for lang in styles.iter(f"{{{W}}}lang")} == {"sv-SE"}
    settings = _part(data, "word/settings.xml")
    update = settings.find("w:updateFields", NS)
    assert update is not None and _attr(update, "val") == "true"
    # In the schema's order: before the footnote, compatibility and theme language settings.
    names = [etree.QName(child).localname for child in settings]
    assert all(names.index("updateFields") < names.index(after) for after in ("compat", "rsids") if after in names)


def test_one_font_family_in_every_style():
    data = render_docx(_model())
    styles = _part(data, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert {_attr(fonts, a) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Arial"}
    themed = [f for f in styles.iter(f"{{{W}}}rFonts") if any("Theme" in key for key in f.attrib)]
    assert themed == []  # no style takes the theme's fonts (Calibri Light headings)
    named = {v for f in styles.iter(f"{{{W}}}rFonts") for k, v in f.attrib.items()}
    assert named == {"Arial"}
    body = _part(data, "word/document.xml")
    assert {v for f in body.iter(f"{{{W}}}rFonts") for v in f.attrib.values()} <= {"Arial"}


def _grid(table) -> list[int]:
    return [int(_attr(col, "w")) for col in table.find("w:tblGrid", NS)]


def test_no_heading_cell_is_narrower_than_its_longest_word():
    data = render_docx(_model())
    body = _part(data, "word/document.xml")
    table = body.find(".//w:tbl", NS)
    assert _attr(table.find("w:tblPr/w:tblLayout", NS), "type") == "fixed"
    grid = _grid(table)
    width = table.find("w:tblPr/w:tblW", NS)
    assert _attr(width, "type") == "dxa" and int(_attr(width, "w")) == sum(grid)
    heading_rows = [tr for tr in table.findall("w:tr", NS) if tr.find("w:trPr/w:tblHeader", NS) is not None]
    assert len(heading_rows) == 2
    checked = 0
    for tr in heading_rows:
        column = 0
        for tc in tr.findall("w:tc", NS):
            span_element = tc.find("w:tcPr/w:gridSpan", NS)
            span = int(_attr(span_element, "val")) if span_element is not None else 1
            text = "".join(t.text or "" for t in tc.iter(f"{{{W}}}t"))
            cell_width = int(_attr(tc.find("w:tcPr/w:tcW", NS), "w"))
            assert cell_width == sum(grid[column : column + span])
            if text.strip():
                points = int(_attr(tc.find(".//w:r/w:rPr/w:sz", NS), "val")) / 2
                assert 6 <= points <= 8
                assert cell_width >= longest_word_twips(text, points=points) + CELL_MARGINS, text
                checked += 1
            column += span
    assert checked == 2 + 1 + 3 + len(LONG_HEADINGS)
    # The longest heading word is measured, not guessed: it is wider than an even share of the number columns.
    assert longest_word_twips("Nettokostnadsavvikelse") > longest_word_twips("Budget") * 2
    assert sum(grid) <= TEXT_WIDTH
    # Body cells have their column's width too.
    for tr in table.findall("w:tr", NS)[2:]:
        assert [int(_attr(tc.find("w:tcPr/w:tcW", NS), "w")) for tc in tr.findall("w:tc", NS)] == grid


def test_a_table_whose_headings_do_not_fit_at_8_points_gets_smaller_text():
    model = _model()
    table = model.sections[0].blocks[0]
    table.header = [[doc.Cell("Område"), *[doc.Cell(f"Nettokostnadsavvikelse{n}") for n in range(4)]]]
    table.rows = [["Summa", "-123,4", "3,3", "1,0", "2,0"]]
    table.numeric = [False, True, True, True, True]
    table.widths = []
    assert sum(longest_word_twips(c.text) + CELL_MARGINS for c in table.header[0]) > TEXT_WIDTH
    body = _part(render_docx(model), "word/document.xml").find(".//w:tbl", NS)
    sizes = {int(_attr(sz, "val")) for sz in body.iter(f"{{{W}}}sz")}
    assert len(sizes) == 1 and 12 <= min(sizes) < 16  # one size for the table, 6 to 7,5 points
    points = min(sizes) / 2
    grid = _grid(body)
    assert sum(grid) <= TEXT_WIDTH
    for width, cell in zip(grid, table.header[0], strict=True):
        assert width >= longest_word_twips(cell.text, points=points) + CELL_MARGINS


def test_a_text_column_under_an_empty_heading_fits_its_longest_word():
    """The economy tables' first column has no heading: its names must not be broken letter by letter either."""
    model = _model()
    table = model.sections[0].blocks[0]
    table.header = [[doc.Cell(""), *[doc.Cell(f"Avvikelse prognos/budget {n}") for n in range(8)]]]
    table.rows = [["Socialpsykiatri och beroende", *["-2,6"] * 8], ["Summa exklusive flyktingmottagande", *["1"] * 8]]
    table.numeric = [False, *[True] * 8]
    table.widths = [30, *[8] * 8]
    body = _part(render_docx(model), "word/document.xml").find(".//w:tbl", NS)
    points = int(_attr(body.find(".//w:sz", NS), "val")) / 2
    first = _grid(body)[0]
    assert first >= longest_word_twips("flyktingmottagande", points=points) + CELL_MARGINS
    assert first >= longest_word_twips("Socialpsykiatri", points=points) + CELL_MARGINS


def test_a_table_that_fits_keeps_its_weights_and_its_size():
    model = _model()
    table = model.sections[0].blocks[0]
    table.header = [[doc.Cell(""), doc.Cell("Budget"), doc.Cell("Nettokostnadsavvikelse")]]
    table.rows = [["Summa", "-123,4", "3,3"]]
    table.numeric = [False, True, True]
    table.widths = [70, 15, 15]
    body = _part(render_docx(model), "word/document.xml").find(".//w:tbl", NS)
    grid = _grid(body)
    assert sum(grid) == TEXT_WIDTH
    assert grid[2] >= longest_word_twips("Nettokostnadsavvikelse") + CELL_MARGINS  # widened for its word
    assert grid[0] > grid[1] * 3  # the first column keeps most of the rest
    assert {_attr(sz, "val") for sz in body.iter(f"{{{W}}}sz")} == {"16"}


def test_the_contents_list_is_a_toc_field_with_a_pageref_for_each_heading():
    model = _model(sections=3)
    xml = zipfile.ZipFile(io.BytesIO(render_docx(model))).read("word/document.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    for _level, _text, anchor in model.outline():
        assert f"PAGEREF _Toc_{anchor} \\h" in xml and f'w:name="_Toc_{anchor}"' in xml
    pages = {anchor: 3 + index for index, (_level, _text, anchor) in enumerate(model.outline())}
    numbered = zipfile.ZipFile(io.BytesIO(render_docx(model, page_numbers=pages))).read("word/document.xml").decode()
    for anchor, page in pages.items():
        after = numbered[numbered.index(f"PAGEREF _Toc_{anchor} \\h") :]
        cached = re.search(r'w:fldCharType="separate"/></w:r><w:r><w:t>([^<]*)</w:t>', after)
        assert cached is not None and cached.group(1) == str(page)


def _docx_to_pdf(data: bytes, tmp_path) -> str:
    source = tmp_path / "numbered.docx"
    source.write_bytes(data)
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(tmp_path / "numbered.pdf").pages)


def test_libreoffice_fills_in_the_page_numbers(settings, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make system-deps` installs libreoffice-writer-nogui")
    settings.DIGIPUFF_LIBREOFFICE_TIMEOUT = 120
    model = _model(sections=4)
    data = render_docx_with_page_numbers(model)
    assert data == render_docx_with_page_numbers(model)  # deterministic: the same model, the same bytes
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    numbers = []
    for _level, _text, anchor in model.outline():
        after = xml[xml.index(f"PAGEREF _Toc_{anchor} \\h") :]
        cached = re.search(r'w:fldCharType="separate"/></w:r><w:r><w:t>([^<]*)</w:t>', after)
        assert cached is not None and cached.group(1).isdigit(), anchor
        numbers.append(int(cached.group(1)))
    assert numbers[0] >= 3 and numbers == sorted(numbers) and numbers[-1] > numbers[0]  # cover, contents, body
    # LibreOffice opens the file and prints the contents list with those numbers.
    text = _docx_to_pdf(data, tmp_path)
    contents = text[text.index("Innehåll") :]
    assert re.search(rf"Sund ekonomi\W*{numbers[0]}\b", contents)
    assert re.search(rf"Avsnitt nummer 4\W*{numbers[-1]}\b", contents)


def test_without_libreoffice_the_file_is_rendered_without_page_numbers(settings, monkeypatch):
    settings.DIGIPUFF_LIBREOFFICE_TIMEOUT = 60
    monkeypatch.setenv("PATH", "/nonexistent")
    model = _model(sections=2)
    assert render_docx_with_page_numbers(model) == render_docx(model)


def _template(tmp_path, suffix: str) -> str:
    template = new_document()
    normal = template.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(11)
    template.sections[0].header.paragraphs[0].text = "Huddinge kommun – mall"
    path = tmp_path / f"mall{suffix}"
    buffer = io.BytesIO()
    template.save(buffer)
    data = buffer.getvalue()
    if suffix == ".dotx":  # a Word template is a document with the template's content type
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(b"document.main+xml", b"template.main+xml")
                target.writestr(item, content)
        data = out.getvalue()
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_the_municipal_word_template_is_honoured(settings, tmp_path, suffix):
    settings.DIGIPUFF_WORD_TEMPLATE = _template(tmp_path, suffix)
    template = municipal_word_template()
    assert template is not None
    data = render_docx(_model(), word_template=template)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    header = b"".join(zipfile.ZipFile(io.BytesIO(data)).read(n) for n in names if n.startswith("word/header"))
    assert "Huddinge kommun – mall".encode() in header
    opened = new_document(io.BytesIO(data))
    assert opened.styles["Normal"].font.name == "Georgia"  # the template's font is kept
    styles = _part(data, "word/styles.xml")
    assert _attr(styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS), "val") == "sv-SE"
    content_types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert b"document.main+xml" in content_types and b"template.main+xml" not in content_types


def test_no_municipal_word_template_unless_configured(settings, tmp_path):
    settings.DIGIPUFF_WORD_TEMPLATE = ""
    assert municipal_word_template() is None
    settings.DIGIPUFF_WORD_TEMPLATE = str(tmp_path / "saknas.dotx")
    assert municipal_word_template() is None  # logged; the built-in look


def _contents_pages(data: bytes) -> list[str]:
    """The cached result of each contents entry's PAGEREF field ("" before the numbers are filled in)."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    pattern = r'PAGEREF _Toc_\S+ \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r(/>|>)'
    pages = []
    for match in re.finditer(pattern, xml):
        rest = xml[match.end() :]
        pages.append(re.match(r"<w:t>([^<]*)</w:t>", rest).group(1) if match.group(1) == ">" else "")
    return pages


def test_a_decided_report_keeps_a_word_file_with_page_numbers(settings, report, users):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make system-deps` installs libreoffice-writer-nogui")
    from datetime import date

    from digipuff.reports import renderers, services

    settings.DIGIPUFF_LIBREOFFICE_TIMEOUT = 120
    unnumbered = _contents_pages(renderers.render(report, "docx"))
    assert len(unnumbered) > 3 and set(unnumbered) == {""}  # a page request: Word fills them in on opening
    snapshot = services.report_freeze(
        actor=users["admin"], report=report, decided_on=date(2019, 5, 14), case_number="SN-2019/200"
    )
    pages = _contents_pages(snapshot.docx.read())
    assert len(pages) == len(unnumbered) and all(page.isdigit() for page in pages)
    assert [int(page) for page in pages] == sorted(int(page) for page in pages) and int(pages[0]) >= 3


def test_a_report_uses_the_municipal_word_template(settings, tmp_path, report):
    from digipuff.reports import renderers

    settings.DIGIPUFF_WORD_TEMPLATE = _template(tmp_path, ".dotx")
    data = renderers.render(report, "docx")
    assert new_document(io.BytesIO(data)).styles["Normal"].font.name == "Georgia"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    headers = b"".join(zipfile.ZipFile(io.BytesIO(data)).read(n) for n in names if n.startswith("word/header"))
    assert "Huddinge kommun – mall".encode() in headers
