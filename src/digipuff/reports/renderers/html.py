"""The HTML renderer: the document model as a web page fragment, or as the print document WeasyPrint lays out.

`mode="web"`: headings, tables with captions and scoped headers, inline SVG charts, footnotes as numbered notes at
the end. `mode="print"`: the same plus the cover, the table of contents with page numbers (target-counter) and the
footnotes as `float: footnote` spans that WeasyPrint puts at the foot of the page.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from html import escape

from django.utils.translation import gettext as _

from digipuff.core import document as doc
from digipuff.core.charts import LineChart, cached_svg, content_key


def chart_key(chart: LineChart) -> str:
    return content_key(chart)


@lru_cache(maxsize=256)
def _svg(key: str) -> str:
    return cached_svg(doc._chart(json.loads(key)))


def svg_source(key: str) -> str:
    """The chart of a `chart_key` as SVG, drawn once per content and kept in the chart cache across processes."""
    return _svg(key)


def svg_of(chart: LineChart, *, prefix: str = "") -> str:
    """A chart drawn once per content (cached), the same bytes for the same chart. `prefix` keeps the ids of
    several charts on one page apart."""
    svg = _svg(chart_key(chart))
    if prefix:
        svg = _ID.sub(lambda m: f"{m.group(1)}{prefix}-", svg)
    return svg


_ID = re.compile(r'(\bid="|href="#|url\(#)')


def _img(chart: LineChart) -> str:
    """The chart as an <img> with an SVG data URL, for WeasyPrint: drawn by its SVG renderer."""
    data = base64.b64encode(_svg(chart_key(chart)).encode()).decode()
    alt = escape(chart.description or chart.title)
    return f'<img class="chart-img" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


class _Notes:
    def __init__(self) -> None:
        self.items: list[str] = []


def _runs(runs: list[doc.Run], notes: _Notes, mode: str) -> str:
    out: list[str] = []
    for run in runs:
        if run.note:
            notes.items.append(run.note)
            number = len(notes.items)
            if mode == "print":
                out.append(f'<span class="fn">{escape(run.note)}</span>')
            else:
                out.append(
                    f'<sup class="fn-ref"><a href="#fn-{number}" id="fnref-{number}" '
                    f'aria-label="{escape(_("Footnote {n}").format(n=number))}">{number}</a></sup>'
                )
            continue
        text = escape(run.text).replace("\n", "<br>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.link:
            text = f'<a href="{escape(run.link)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _table(table: doc.Table, notes: _Notes, mode: str) -> str:
    wide = " wide" if len(table.numeric) > 7 else ""
    parts = [f'<table class="report-table{wide}" id="table-{table.number}">']
    label = _("Table {n}").format(n=table.number)
    parts.append(f'<caption><span class="label">{escape(label)}.</span> {escape(table.caption)}</caption>')
    if table.widths:
        total = sum(table.widths) or 1
        parts.append("<colgroup>")
        if mode == "print":
            parts.extend(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
        else:
            # Pages allow no inline style (Content-Security-Policy): whole percents by class, see report.css.
            parts.extend(f'<col class="colw-{max(1, min(100, round(100 * w / total)))}">' for w in table.widths)
        parts.append("</colgroup>")
    parts.append("<thead>")
    for row in table.header:
        parts.append("<tr>")
        column = 0
        for cell in row:
            css = ' class="num"' if column < len(table.numeric) and table.numeric[column] and cell.span == 1 else ""
            span = f' colspan="{cell.span}"' if cell.span > 1 else ""
            scope = "colgroup" if cell.span > 1 else "col"
            if cell.text:
                parts.append(f'<th scope="{scope}"{span}{css}>{escape(cell.text)}</th>')
            else:
                parts.append(f"<td{span}></td>")
            column += cell.span
        parts.append("</tr>")
    parts.append("</thead><tbody>")
    for index, body_row in enumerate(table.rows):
        style = table.row_styles[index] if index < len(table.row_styles) else ""
        parts.append(f'<tr class="{style}">' if style else "<tr>")
        for column, value in enumerate(body_row):
            if column == 0:
                parts.append(f'<th scope="body_row">{escape(value)}</th>')
            else:
                css = ' class="num"' if table.numeric[column] else ""
                parts.append(f"<td{css}>{escape(value)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    for note in table.notes:
        parts.append(f'<p class="table-note">{escape(note)}</p>')
    return "".join(parts)


def _block(block: doc.Block, notes: _Notes, mode: str, lists: list[str]) -> str:
    if isinstance(block, doc.Paragraph):
        inner = _runs(block.runs, notes, mode)
        if block.style in ("bullet", "number"):
            return f"<li>{inner}</li>"
        if block.style == "quote":
            return f"<blockquote><p>{inner}</p></blockquote>"
        if block.style == "missing":
            return f'<p class="missing">{inner}</p>'
        if block.style == "note":
            return f'<p class="note">{inner}</p>'
        return f"<p>{inner}</p>"
    if isinstance(block, doc.Heading):
        level = min(6, block.level + 1)
        return f'<h{level} id="{block.anchor}">{escape(block.text)}</h{level}>'
    if isinstance(block, doc.Table):
        return _table(block, notes, mode)
    if isinstance(block, doc.Chart):
        label = _("Figure {n}").format(n=block.number)
        return (
            f'<figure class="chart" id="figure-{block.number}">'
            f"{_img(block.chart) if mode == 'print' else svg_of(block.chart, prefix=f'f{block.number}')}"
            f'<figcaption><span class="label">{escape(label)}.</span> {escape(block.caption)}</figcaption></figure>'
        )
    if isinstance(block, doc.PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(type(block).__name__)


def _blocks(blocks: list[doc.Block], notes: _Notes, mode: str) -> str:
    out: list[str] = []
    open_list = ""
    for block in blocks:
        style = block.style if isinstance(block, doc.Paragraph) else ""
        wanted = {"bullet": "ul", "number": "ol"}.get(style, "")
        if wanted != open_list:
            if open_list:
                out.append(f"</{open_list}>")
            if wanted:
                out.append(f"<{wanted}>")
            open_list = wanted
        out.append(_block(block, notes, mode, []))
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)


def _notes_list(notes: _Notes) -> str:
    if not notes.items:
        return ""
    items = "".join(
        f'<li id="fn-{n}">{escape(text)} <a href="#fnref-{n}" aria-label="{escape(_("Back to the text"))}">↩</a></li>'
        for n, text in enumerate(notes.items, start=1)
    )
    return f'<section class="footnotes"><h2>{escape(_("Notes"))}</h2><ol>{items}</ol></section>'


def render_body(document: doc.Document, *, mode: str = "web") -> str:
    """The sections as HTML (no <html>): for the report page and the editor's figures."""
    notes = _Notes()
    out: list[str] = []
    for section in document.sections:
        level = min(6, section.level + 1)
        css = ' class="page-break-before"' if section.page_break and mode == "print" else ""
        out.append(f'<section{css} data-kind="{escape(section.kind)}">')
        out.append(f'<h{level} id="{section.anchor}">{escape(section.title)}</h{level}>')
        out.append(_blocks(section.blocks, notes, mode))
        out.append("</section>")
    if mode == "web":
        out.append(_notes_list(notes))
    return "".join(out)


def toc(document: doc.Document, *, mode: str = "web") -> str:
    items = []
    for level, text, anchor in document.outline():
        if level > 2:
            continue
        items.append(f'<li class="toc-{level}"><a href="#{anchor}">{escape(text)}</a></li>')
    return f'<nav class="toc" aria-label="{escape(_("Contents"))}"><ol>{"".join(items)}</ol></nav>'


def _standalone_css() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css").read_text(encoding="utf-8")


def stylesheet_source() -> str:
    """The Content-Security-Policy source that allows the standalone page's inline stylesheet and nothing else."""
    import hashlib

    digest = base64.b64encode(hashlib.sha256(_standalone_css().encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def render_standalone(document: doc.Document) -> str:
    """A whole web page of the report (for `digipuff report render --format html` and archiving)."""
    css = _standalone_css()
    facts = " · ".join(
        part
        for part in (
            document.report_type,
            _("As of {date}").format(date=document.period_end) if document.period_end else "",
            document.case_number,
        )
        if part
    )
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{escape(document.title)} – '
        f'{escape(document.committee)}</title><style>{css}</style></head><body class="report-standalone">'
        f'<header class="report-cover"><p>{escape(document.municipality)} · {escape(document.committee)}</p>'
        f"<h1>{escape(document.title)}</h1><p>{escape(facts)}</p></header>"
        f'{toc(document)}<main class="report-body">{render_body(document)}</main></body></html>'
    )
