"""The former PDF renderer, kept as the peer `renderers.pdf` (Typst) is measured against: the print HTML laid out by
WeasyPrint with the print style (`static/reports/print.css`). Reports do not use it; WeasyPrint is in the `bench`
extra. `print_html` and `CSS_PATH` are what the WeasyPrint command line needs for the same content.

Cover, table of contents with page numbers, running header (committee and report) and footer (page "n (m)"),
numbered tables and figures, footnotes at the foot of the page. Deterministic: the PDF's id and dates come from the
document model (the decision date of a decided report), so the same model gives the same bytes.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from django.utils.translation import gettext as _

from digipuff.core import document as doc
from digipuff.reports.renderers.html import render_body

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reports" / "print.css"


def _toc(document: doc.Document, pages: dict[str, int] | None = None) -> str:
    items = []
    for level, text, anchor in document.outline():
        if level > 2:
            continue
        page = f' data-page="{pages.get(anchor, "")}"' if pages is not None else ""
        items.append(f'<li class="toc-{level}"><a href="#{anchor}"{page}>{escape(text)}</a></li>')
    return f'<nav class="toc"><h2 class="toc-title">{escape(_("Contents"))}</h2><ol>{"".join(items)}</ol></nav>'


def _cover(document: doc.Document) -> str:
    lines = [
        f'<p class="cover-municipality">{escape(document.municipality)}</p>',
        f'<p class="cover-committee">{escape(document.committee.upper())}</p>',
        f"<h1>{escape(document.title)}</h1>",
    ]
    if document.period_end and document.report_type != str(_("Operational plan")):
        lines.append(f'<p class="cover-period">{escape(_("As of {date}").format(date=document.period_end))}</p>')
    facts = []
    if document.case_number:
        facts.append(f"{escape(_('Registry number'))}: {escape(document.case_number)}")
    if document.decided_on:
        facts.append(f"{escape(_('Decided'))}: {escape(document.decided_on)}")
    elif document.status:
        facts.append(f"{escape(_('Status'))}: {escape(document.status)}")
    if facts:
        lines.append(f'<p class="cover-facts">{"<br>".join(facts)}</p>')
    return f'<section class="cover">{"".join(lines)}</section>'


def print_html(document: doc.Document, pages: dict[str, int] | None = None, *, front_only: bool = False) -> str:
    created = document.decided_on or f"{document.year}-01-01"
    running = f"{document.committee} – {document.title}"
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(document.title)} – {escape(document.committee)}</title>"
        f'<meta name="author" content="{escape(document.committee)}">'
        f'<meta name="generator" content="DigiPUFF">'
        f'<meta name="dcterms.created" content="{created}T00:00:00Z">'
        f'<meta name="dcterms.modified" content="{created}T00:00:00Z">'
        "</head><body>"
        f'<div class="running">{escape(running)}</div>'
        f"{_cover(document)}{_toc(document, pages)}"
        + ("" if front_only else f'<main class="report">{render_body(document, mode="print")}</main>')
        + "</body></html>"
    )


def render_pdf(document: doc.Document) -> bytes:
    from weasyprint import HTML

    identifier = hashlib.sha256(doc.to_json(document).encode()).hexdigest()[:32].encode()
    base = str(CSS_PATH.parent)
    if not document.footnotes():
        html = HTML(string=print_html(document), base_url=base)
        return html.write_pdf(stylesheets=[_stylesheet()], pdf_identifier=identifier)
    # WeasyPrint 70 loses page footnotes when target-counter() makes it lay pages out again. So a document with
    # footnotes is laid out once with an empty contents list to learn the headings' pages; then only the cover and
    # the contents are laid out again with those numbers and put in front of the first layout's pages.
    stylesheets = [_stylesheet()]
    body = HTML(string=print_html(document, pages={}), base_url=base).render(stylesheets=stylesheets)
    pages: dict[str, int] = {}
    for number, page in enumerate(body.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    front = HTML(string=print_html(document, pages=pages, front_only=True), base_url=base).render(
        stylesheets=stylesheets
    )
    count = len(front.pages)
    first_body_page = min((pages[a] for _l, _t, a in document.outline() if a in pages), default=count + 1)
    if first_body_page != count + 1:  # the contents grew by a page: lay the whole document out again
        html = HTML(string=print_html(document, pages=pages), base_url=base)
        return html.write_pdf(stylesheets=stylesheets, pdf_identifier=identifier)
    return body.copy([*front.pages, *body.pages[count:]]).write_pdf(pdf_identifier=identifier)


_css_cache: dict[str, object] = {}


def _stylesheet() -> object:
    from weasyprint import CSS

    if "css" not in _css_cache:
        _css_cache["css"] = CSS(filename=str(CSS_PATH))
    return _css_cache["css"]
