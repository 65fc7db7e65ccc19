"""Rendering many reports at once on every core: the document models are built here (they need the database),
the renderers, which need none, run in worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digipuff.core import document as doc
    from digipuff.reports.models import Report


def _render(job: tuple[doc.Document, str, bytes | None]) -> bytes:
    document, fmt, word_template = job
    if fmt == "pdf":
        from digipuff.reports.renderers.pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from digipuff.reports.renderers.docx import render_docx

        return render_docx(document, word_template=word_template)
    from digipuff.reports.renderers.html import render_standalone

    return render_standalone(document).encode("utf-8")


def render_reports(
    reports: Sequence[Report], formats: Sequence[str], *, workers: int | None = None
) -> list[dict[str, bytes]]:
    """Each report in each format, in the order given. A decided report's PDF and Word come from its snapshot."""
    from digipuff.reports import renderers
    from digipuff.reports.selectors import build_document

    results: list[dict[str, bytes]] = [{} for _ in reports]
    jobs: list[tuple[int, str, tuple[doc.Document, str, bytes | None]]] = []
    for index, report in enumerate(reports):
        frozen = [fmt for fmt in formats if report.is_frozen and fmt in ("pdf", "docx")]
        for fmt in frozen:
            results[index][fmt] = renderers.render(report, fmt)
        rest = [fmt for fmt in formats if fmt not in frozen]
        if rest:
            document = build_document(report)
            template = renderers.word_template_of(report)
            jobs += [(index, fmt, (document, fmt, template)) for fmt in rest]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) <= 1:
        outputs = [_render(job) for _i, _f, job in jobs]
    else:
        # fork: the workers inherit the loaded code and fonts; they touch no database connection.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            outputs = list(pool.map(_render, [job for _i, _f, job in jobs], chunksize=1))
    for (index, fmt, _job), data in zip(jobs, outputs, strict=True):
        results[index][fmt] = data
    return results
