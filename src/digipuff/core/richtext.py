"""Narrative texts as rich text: sanitised HTML in, document-model blocks out.

What is kept: paragraphs, headings (h2–h4), bulleted and numbered lists, bold, italic, links, quotes and footnotes.
A footnote is written `<sup class="fn" data-note="the note's text">` at the place of the reference; the renderers
number footnotes through the document (at the page's foot in PDF and Word, as numbered notes on the web). Text
pasted from Word loses its mso styles, classes, spans and conditional comments here, on the server.
"""

from __future__ import annotations

import re

import nh3
from lxml import html as lxml_html

from digipuff.core.document import Block, Heading, Paragraph, Run

TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "a", "sup", "blockquote"}
ATTRIBUTES = {"a": {"href"}, "sup": {"class", "data-note"}}


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "sup" and attribute == "class":
        return "fn" if value == "fn" else None
    return value


_EMPTY_PARAGRAPH = re.compile(r"<p>(\s|&nbsp;|\u00a0|<br>)*</p>")


def sanitise(html: str) -> str:
    """The HTML a text is stored as: only the tags above, no styles, no scripts, links with safe schemes."""
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


def _inline_text(element: lxml_html.HtmlElement) -> str:
    if element.tag == "sup" and element.get("data-note") is not None:
        return ""
    parts = [element.text or ""]
    for child in element:
        parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _runs(element: lxml_html.HtmlElement, *, bold: bool = False, italic: bool = False, link: str = "") -> list[Run]:
    runs: list[Run] = []
    tag = element.tag
    if tag == "sup" and element.get("data-note") is not None:
        return [Run(note=" ".join(element.get("data-note", "").split()))]
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    if tag == "a":
        link = element.get("href", "")
    if tag == "br":
        runs.append(Run("\n"))
    if element.text:
        runs.append(Run(element.text, bold, italic, link))
    for child in element:
        if isinstance(child.tag, str):
            runs.extend(_runs(child, bold=bold, italic=italic, link=link))
        if child.tail:
            runs.append(Run(child.tail, bold, italic, link))
    return runs


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs with the same formatting and tidy whitespace as a browser would show it."""
    merged: list[Run] = []
    for run in runs:
        text = re.sub(r"[ \t\r\n]+", " ", run.text) if run.text != "\n" else "\n"
        run = Run(text, run.bold, run.italic, run.link, run.note)
        if (
            merged
            and not run.note
            and not merged[-1].note
            and (run.bold, run.italic, run.link)
            == (
                merged[-1].bold,
                merged[-1].italic,
                merged[-1].link,
            )
        ):
            merged[-1].text += run.text
        elif run.text or run.note:
            merged.append(run)
    if merged and not merged[0].note:
        merged[0].text = merged[0].text.lstrip()
    if merged and not merged[-1].note:
        merged[-1].text = merged[-1].text.rstrip()
    return [run for run in merged if run.text or run.note]


def to_blocks(html: str, *, base_level: int = 1) -> list[Block]:
    """The blocks of a sanitised text; its h2 becomes a heading one level below the section's."""
    if not html or not html.strip():
        return []
    blocks: list[Block] = []
    loose: list[Run] = []

    def flush() -> None:
        runs = _merge(loose)
        if runs:
            blocks.append(Paragraph(runs))
        loose.clear()

    for element in lxml_html.fragments_fromstring(html):
        if isinstance(element, str):
            loose.append(Run(element))
            continue
        tag = element.tag
        if tag in ("p", "blockquote"):
            flush()
            runs = _merge(_runs(element))
            if runs:
                blocks.append(Paragraph(runs, "quote" if tag == "blockquote" else ""))
        elif tag in ("h2", "h3", "h4"):
            flush()
            level = min(4, base_level + int(tag[1]) - 1)
            blocks.append(Heading(" ".join(element.text_content().split()), level))
        elif tag in ("ul", "ol"):
            flush()
            for item in element.iter("li"):
                runs = _merge(_runs(item))
                if runs:
                    blocks.append(Paragraph(runs, "bullet" if tag == "ul" else "number"))
        else:
            loose.extend(_runs(element))
        if element.tail and element.tail.strip():
            loose.append(Run(element.tail))
    flush()
    return blocks


def from_plain(text: str) -> str:
    """Plain text (paragraphs separated by blank lines, "• "/"- " bullets) as sanitised HTML, for imports and
    the demo."""
    from html import escape

    parts: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line[:2] in ("• ", "- ") for line in lines):
            parts.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            parts.append(f"<p>{escape(' '.join(lines))}</p>")
    return sanitise("".join(parts))


def footnoted(paragraphs: list[list[tuple[str, str]]]) -> str:
    """Paragraphs of sentences, each followed by a footnote naming what it states, as a stored text's HTML: the form a
    proposed text (a draft from the data) takes in the editor. A sentence with an empty note gets no footnote."""
    from html import escape

    parts: list[str] = []
    for sentences in paragraphs:
        body = " ".join(
            escape(text, quote=False) + (f'<sup class="fn" data-note="{escape(note)}"></sup>' if note else "")
            for text, note in sentences
        )
        if body:
            parts.append(f"<p>{body}</p>")
    return sanitise("".join(parts))
