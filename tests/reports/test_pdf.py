"""The Typst PDF renderer: tagged PDF/UA-1 always, PDF/A-2a when decided, and no text can change the layout."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from digipuff.core import document as doc
from digipuff.reports.renderers.pdf import render_pdf
from tests.reports.test_documents import NOTE, sample


def _text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _structure(node: object) -> list[tuple[str, str]]:
    """(type, alt text) of every element of a structure tree, in reading order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    elements: list[tuple[str, str]] = []
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            elements.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            elements += _structure(kid)
    return elements


def _xmp(reader: PdfReader) -> str:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    return metadata.get_data().decode()


def decided() -> doc.Document:
    document = sample()
    document.decided_on, document.case_number = "2019-05-20", "SN-2019/149"
    return document


def test_decided_report_is_tagged_pdf_ua_and_pdf_a():
    data = render_pdf(decided())
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).split("-")[0] == "sv"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert reader.metadata is not None and reader.metadata.title == "Delårsrapport 1 2019 – Socialnämnden"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    structure = _structure(root["/StructTreeRoot"])
    assert [alt for kind, alt in structure if kind == "/Figure"] == ["Sjukfrånvaro (total) (r12)"]
    kinds = {kind for kind, _alt in structure}
    # Title, contents, headings, the table with its header cells, captions, the footnote and the list.
    assert {"/Title", "/TOC", "/TOCI", "/H1", "/H2", "/Table", "/TH", "/TD", "/Caption", "/Note", "/L"} <= kinds
    xmp = _xmp(reader)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    text = _text(data)
    for expected in ("Diarienummer: SN-2019/149", "Fastställd: 2019-05-20", "Innehåll", "Tabell 1", "Figur 1", NOTE):
        assert expected in text
    assert "Sida 3 (3)" in text
    assert data == render_pdf(decided())  # a frozen report's bytes depend on its model only


FRESH_PROCESS = """
import sys, django
django.setup()
from digipuff.reports.renderers.pdf import render_pdf
from tests.reports.test_pdf import decided
sys.stdout.buffer.write(render_pdf(decided()))
"""


def test_frozen_pdf_is_the_same_in_a_fresh_process():
    """Within a process Typst may answer from its cache; a new process (another day, another worker) must too."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "digipuff.config.settings.test")
    fresh = subprocess.run([sys.executable, "-c", FRESH_PROCESS], env=env, capture_output=True, check=True, cwd=root)
    assert fresh.stdout == render_pdf(decided())


def test_report_in_progress_is_tagged_but_not_archival():
    data = render_pdf(sample())
    reader = PdfReader(io.BytesIO(data))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    xmp = _xmp(reader)
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "pdfaid:part" not in xmp


MARKUP = '#set page(width: 2cm) *fet* _kursiv_ $x^2$ ] [ @ref <lab> \\ // inte kommentar /* */ `kod` = Rubrik "x"'


def test_typst_markup_in_texts_is_printed_literally():
    document = sample()
    document.title = f"Rapport {MARKUP}"
    document.committee = "Nämnd #1 ]"
    section = document.sections[1]
    section.title = f"Avsnitt {MARKUP}"
    section.blocks = [
        doc.Paragraph(
            [doc.Run(f"Stycke {MARKUP}"), doc.Run(note=f"Not {MARKUP}"), doc.Run("länk $", link="https://x.se")]
        ),
        doc.Heading(f"Rubrik {MARKUP}", 2, anchor="h-markup"),
        doc.Paragraph([doc.Run(f"Punkt {MARKUP}")], style="bullet"),
        *section.blocks,
    ]
    table = document.sections[0].blocks[0]
    assert isinstance(table, doc.Table)
    table.caption = f"Tabell {MARKUP}"
    table.rows[0][0] = f"Rad {MARKUP}"
    doc.number_blocks(document)
    data = render_pdf(document)
    text = " ".join(_text(data).split())
    for prefix in ("Stycke", "Not", "Rubrik", "Punkt", "Avsnitt", "Tabell", "Rad"):
        assert " ".join(f"{prefix} {MARKUP}".split()) in text, prefix
    assert "Nämnd #1 ]" in text and "länk $" in text
    reader = PdfReader(io.BytesIO(data))
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)  # still A4: no text set the page


@pytest.mark.parametrize(
    "blocks",
    [
        [doc.Heading("Djup rubrik direkt under avsnittet", 4)],  # PDF/UA forbids skipping levels: it becomes 2
        [doc.Heading("   ", 2), doc.Paragraph([])],  # an empty heading is left out (PDF/UA forbids empty ones)
        [doc.Table("Tom tabell", [[doc.Cell(""), doc.Cell("")]], [], [False, True])],
        [doc.Table("Utan rubrikrad", [], [["a", "1"]], [False, True]), doc.PageBreak(), doc.PageBreak()],
        [doc.Paragraph([doc.Run("", link="https://example.org"), doc.Run(note="Bara en not")], style="note")],
    ],
    ids=["skipped-level", "empty-heading", "no-rows", "no-header", "empty-link"],
)
def test_odd_structures_still_make_a_tagged_archival_pdf(blocks):
    document = decided()
    document.sections[0].title = ""
    document.sections[1].blocks = blocks
    doc.number_blocks(document)
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    assert "<pdfuaid:part>1</pdfuaid:part>" in _xmp(reader)
