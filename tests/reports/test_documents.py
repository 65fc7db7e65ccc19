"""The document model, rich text and the three renderers on the same model: text, tables, footnotes, charts."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from docx import Document as open_docx

from digipuff.core import document as doc
from digipuff.core.charts import Line, LineChart
from digipuff.core.richtext import sanitise, to_blocks
from digipuff.reports.renderers.docx import render_docx
from digipuff.reports.renderers.html import render_body, render_standalone
from digipuff.reports.renderers.pdf import render_pdf

NOTE = "Källa: SCB, yrkesregistret 2017."


def sample() -> doc.Document:
    document = doc.Document(
        title="Delårsrapport 1 2019",
        committee="Socialnämnden",
        municipality="Huddinge kommun",
        occasion="Delår 1 2019",
        period_end="31 mars 2019",
        report_type="Delårsrapport 1",
        year=2019,
        status="Pågår",
    )
    table = doc.Table(
        caption="Resultaträkning, mnkr",
        header=[[doc.Cell(""), doc.Cell("2019"), doc.Cell("2018")]],
        rows=[["Taxor och avgifter", "0,4", "0,6"], ["Nettokostnad", "100,9", "110,0"]],
        numeric=[False, True, True],
        row_styles=["", "total"],
        notes=["Avrundningar kan göra att summor avviker."],
    )
    chart = LineChart(
        title="Sjukfrånvaro (total) (r12)",
        categories=["jan 19", "feb 19", "mar 19"],
        lines=[Line("Totalt", [Decimal("5.3"), Decimal("5.5"), None]), Line("Kvinnor", [Decimal("5.7")] * 3)],
        unit="%",
        target=Decimal("5.3"),
        target_label="Etappmål",
    )
    blocks = to_blocks(
        f'<p>Sjukfrånvaron är <em>låg</em>.<sup class="fn" data-note="{NOTE}"></sup></p><h2>Analys</h2>'
        "<ol><li>Ett</li><li>Två</li></ol>"
    )
    document.sections = [
        doc.Section("1", "Sund ekonomi - budgetåret", 1, "economy", [table]),
        doc.Section(
            "2", "Väsentliga personalförhållanden", 1, "personnel", [*blocks, doc.Chart("Sjukfrånvaro", chart)]
        ),
    ]
    doc.number_blocks(document)
    return document


def test_json_round_trip_is_exact():
    document = sample()
    text = doc.to_json(document)
    assert doc.to_json(doc.from_json(text)) == text
    assert doc.from_json(text) == document


def test_word_paste_is_cleaned():
    pasted = (
        "<!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]--><style>p.MsoNormal{margin:0}</style>"
        '<p class="MsoNormal" style="mso-line-height:1"><span lang="SV" style="font-family:Calibri">Text '
        "<b>fet</b></span><o:p></o:p></p><script>alert(1)</script><p>&nbsp;</p>"
        '<a href="javascript:alert(1)">x</a><sup class="fn" data-note="Not">x</sup>'
    )
    cleaned = sanitise(pasted)
    assert cleaned.startswith("<p>Text <b>fet</b></p>")
    for gone in ("mso", "style", "span", "script", "Calibri", "javascript", "WordDocument", "o:p"):
        assert gone not in cleaned
    assert '<sup class="fn" data-note="Not">' in cleaned


def test_rich_text_becomes_blocks_with_footnotes_lists_and_headings():
    blocks = to_blocks('<p>A <strong>b</strong><sup class="fn" data-note="N"></sup> c</p><h2>H</h2><ul><li>x</li></ul>')
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Heading", "Paragraph"]
    assert blocks[0].runs[1].bold and blocks[0].runs[2].note == "N"
    assert blocks[1].level == 2 and blocks[2].style == "bullet"


def test_html_has_numbered_table_footnote_and_chart():
    html = render_body(sample())
    assert "Table 1" in html or "Tabell 1" in html
    assert '<th scope="col" class="num">2019</th>' in html
    assert 'class="num">100,9</td>' in html
    assert 'id="fn-1"' in html and NOTE in html
    assert html.count("<svg") == 1 and 'role="img"' in html
    assert "<ol><li>Ett</li><li>Två</li></ol>" in html
    assert "<html" in render_standalone(sample())


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def test_pdf_holds_cover_toc_tables_footnotes_and_is_deterministic():
    first = render_pdf(sample())
    assert first.startswith(b"%PDF") and first == render_pdf(sample())
    text = _pdf_text(first)
    for expected in ("Delårsrapport 1 2019", "SOCIALNÄMNDEN", "Sund ekonomi - budgetåret", "Nettokostnad", "100,9"):
        assert expected in text
    assert NOTE in text  # the footnote at the page's foot
    assert "Sjukfrånvaro" in text
    assert "(" in text and " 2019" in text


def test_docx_has_headings_tables_footnotes_and_chart():
    data = render_docx(sample())
    assert data == render_docx(sample())  # the same model, the same bytes
    document = open_docx(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Sund ekonomi - budgetåret") in headings
    assert ("Heading 2", "Analys") in headings
    table = document.tables[0]
    assert [c.text for c in table.rows[2].cells] == ["Nettokostnad", "100,9", "110,0"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/footnotes.xml" in names
    footnotes = zipfile.ZipFile(io.BytesIO(data)).read("word/footnotes.xml").decode()
    assert NOTE in footnotes
    assert "footnoteReference" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert any(name.startswith("word/media/") for name in names)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_docx(tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(render_docx(sample()))
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
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
    converted = (tmp_path / "report.pdf").read_bytes()
    text = _pdf_text(converted)
    assert "Nettokostnad" in text and NOTE in text


def _table_xml(rows: list[list[str]], styles: list[str]) -> str:
    document = sample()
    table = doc.Table(
        caption="Nyckeltal",
        header=[[doc.Cell(""), doc.Cell("2019"), doc.Cell("2018")]],
        rows=rows,
        numeric=[False, True, True],
        row_styles=styles,
    )
    document.sections = [doc.Section("1", "Nyckeltal", 1, "economy", [table])]
    doc.number_blocks(document)
    xml = zipfile.ZipFile(io.BytesIO(render_docx(document))).read("word/document.xml").decode()
    return xml[xml.index("<w:tbl>") : xml.index("</w:tbl>")]


def test_docx_table_rows_are_the_xml_python_docx_writes():
    """Body rows are written as XML strings; a value with a line break takes python-docx's own path. The rows they
    share come out the same either way (escaping, outer spaces, bold, shading, right-aligned numbers, short rows)."""
    rows = [["Intäkter & <avgifter>", "0,4", " 1,5 "], ["Summa", "100,9", "110,0"], ["Bra att leva", "", ""], ["Kort"]]
    styles = ["", "subtotal", "section", "total"]
    direct = _table_xml(rows, styles)
    through_python_docx = _table_xml([*rows, ["Två\nrader", "1", "2"]], [*styles, ""])
    assert through_python_docx.startswith(direct)
    assert "<w:br/>" in through_python_docx[len(direct) :]
    assert "Intäkter &amp; &lt;avgifter&gt;" in direct and '<w:t xml:space="preserve"> 1,5 </w:t>' in direct
