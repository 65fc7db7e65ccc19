"""The three renderers of the document model, and `render` that picks the report's frozen files when it is decided."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digipuff.reports.models import Report

logger = logging.getLogger(__name__)


class FrozenFileDamaged(Exception):
    """A decided report's stored file no longer has the SHA-256 recorded when it was frozen."""

    def __init__(self, report: Report, fmt: str) -> None:
        super().__init__(f"The frozen {fmt} of report {report.pk} does not match its recorded SHA-256.")
        self.report = report
        self.fmt = fmt


FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def word_template_of(report: Report) -> bytes | None:
    """The Word template of the report's template, else the municipality's (`DIGIPUFF_WORD_TEMPLATE`), else None."""
    template = report.template
    if template is not None and template.word_template:
        with template.word_template.open("rb") as handle:
            return handle.read()
    return municipal_word_template()


def municipal_word_template() -> bytes | None:
    """The file named by `DIGIPUFF_WORD_TEMPLATE` as a Word document (a .dotx becomes a .docx); None when unset.

    A configured file that cannot be read is an operator's mistake: it is logged, and the report gets the built-in
    look rather than no file at all.
    """
    from django.conf import settings

    path = settings.DIGIPUFF_WORD_TEMPLATE
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        logger.error("DIGIPUFF_WORD_TEMPLATE %s cannot be read: %s. Reports use the built-in Word look.", path, exc)
        return None
    return as_document(data)


TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def as_document(data: bytes) -> bytes:
    """A Word template (.dotx) with the content type of a document, which is what python-docx opens."""
    import io
    import zipfile

    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        types = source.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        return data
    if TEMPLATE_CT not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(TEMPLATE_CT, DOCUMENT_CT)
            target.writestr(item, content)
    return out.getvalue()


def render(report: Report, fmt: str) -> bytes:
    """The report in a format; a decided report's PDF and Word come from its snapshot, unchanged."""
    from digipuff.reports.selectors import build_document

    if report.is_frozen and hasattr(report, "snapshot") and fmt in ("pdf", "docx"):
        return frozen_file(report, fmt)
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


def frozen_file(report: Report, fmt: str) -> bytes:
    """A decided report's stored PDF or Word file, checked against the SHA-256 recorded when it was frozen.

    The hash is the proof that the file is the one the committee decided on, so bytes that do not match are never
    handed out: the caller gets `FrozenFileDamaged`, and the operators a critical log entry to restore the file
    from backup. A missing file counts as damaged too.
    """
    snapshot = report.snapshot
    field, expected = (snapshot.pdf, snapshot.pdf_sha256) if fmt == "pdf" else (snapshot.docx, snapshot.docx_sha256)
    try:
        with field.open("rb") as handle:
            data: bytes = handle.read()
    except OSError as exc:
        logger.critical(
            "Frozen %s of report %s (%s) cannot be read: %s. Restore it from backup.", fmt, report.pk, field.name, exc
        )
        raise FrozenFileDamaged(report, fmt) from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        logger.critical(
            "Frozen %s of report %s (%s) is damaged: SHA-256 %s, recorded %s. Not served; restore it from backup.",
            fmt,
            report.pk,
            field.name,
            actual,
            expected,
        )
        raise FrozenFileDamaged(report, fmt)
    return data
