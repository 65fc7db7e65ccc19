"""The contents list's page numbers, found by laying the Word file out in LibreOffice.

A Word file carries its contents list as fields; Word fills in the page numbers when it opens the file (it is asked
to, `w:updateFields`), but other readers (LibreOffice, previewers, a mail client) show the numbers stored in the
file. Where LibreOffice is installed, the file is converted to PDF headless, each heading is looked up page by page
in the order of the document, and the file is rendered once more with those numbers. This takes seconds, so it is
done where a file is kept rather than for a page request: when a report is decided (its frozen Word file) and in
batch renders. Without LibreOffice, or when it fails or exceeds `DIGIPUFF_LIBREOFFICE_TIMEOUT` seconds, the file
is the one without page numbers and Word fills them in.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from digipuff.core import document as doc
from digipuff.reports.renderers.docx import render_docx

logger = logging.getLogger(__name__)
_SPACE = re.compile(r"\s+")


def libreoffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_docx_with_page_numbers(model: doc.Document, *, word_template: bytes | None = None) -> bytes:
    """`render_docx` with the contents list's page numbers filled in where LibreOffice can find them."""
    data = render_docx(model, word_template=word_template)
    pages = page_numbers(model, data)
    if not pages:
        return data
    return render_docx(model, word_template=word_template, page_numbers=pages)


def page_numbers(model: doc.Document, data: bytes) -> dict[str, int]:
    """Each contents entry's anchor and the page its heading starts on; {} without LibreOffice."""
    program = libreoffice()
    timeout = settings.DIGIPUFF_LIBREOFFICE_TIMEOUT
    if program is None or timeout <= 0:
        return {}
    with tempfile.TemporaryDirectory(prefix="digipuff-lo-") as work:
        source = Path(work) / "report.docx"
        source.write_bytes(data)
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={Path(work, 'profile').as_uri()}",  # its own profile: conversions run side by side
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        try:
            # The program found on PATH and files of our own: no input of a user reaches the command.
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)  # noqa: S603
            pdf = (Path(work) / "report.pdf").read_bytes()
        except (OSError, subprocess.SubprocessError) as exc:
            logger.warning(
                "LibreOffice could not lay out the Word file (%s); its contents list has no page numbers.", exc
            )
            return {}
    return _find_headings(model, _page_texts(pdf))


def _page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [_SPACE.sub("", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def _find_headings(model: doc.Document, pages: list[str]) -> dict[str, int]:
    """The page of each entry, looking the headings up in order: first through the contents list itself (which
    names every heading), then through the body that follows it."""
    entries = [(anchor, _SPACE.sub("", text)) for level, text, anchor in model.outline() if level <= 2]
    if not entries:
        return {}
    page = 0
    for _anchor, text in entries:  # the contents list: its last entry is on its last page
        while page < len(pages) and text not in pages[page]:
            page += 1
    if page >= len(pages):
        return {}
    page += 1  # the body starts on the page after the contents list
    found: dict[str, int] = {}
    for anchor, text in entries:
        start = page
        while page < len(pages) and text not in pages[page]:
            page += 1
        if page >= len(pages):
            page = start  # not found (e.g. hyphenated): leave it to Word and look on for the next
            continue
        found[anchor] = page + 1
    return found
