"""The document model: a report as plain data that the HTML, PDF and Word renderers only format.

Built by `reports.selectors.build_document` (the only place that reads the database); stored as JSON in a frozen
report's snapshot, so `from_json(to_json(doc)) == doc` and the same model always renders to the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from digipuff.core.charts import Line, LineChart


@dataclass
class Run:
    """A piece of inline text. A run with `note` is a footnote: `text` is empty and the note is its content."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    link: str = ""
    note: str = ""


@dataclass
class Paragraph:
    """A paragraph of runs; style "" (body), "bullet", "number", "quote", "note" (small print) or "missing"
    (the "Underlag saknas" notice)."""

    runs: list[Run]
    style: str = ""
    type: str = "paragraph"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Heading:
    text: str
    level: int = 1
    anchor: str = ""
    numbered: bool = True
    type: str = "heading"


@dataclass
class Cell:
    text: str
    span: int = 1


@dataclass
class Table:
    """A numbered table: header rows (cells may span columns), body rows with a style each ("", "subtotal",
    "total", "section"), which columns are numbers (right-aligned), notes printed under it."""

    caption: str
    header: list[list[Cell]]
    rows: list[list[str]]
    numeric: list[bool]
    row_styles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # relative column widths; empty: the first column wide
    number: int = 0
    type: str = "table"


@dataclass
class Chart:
    """A numbered figure drawn by `core.charts` (SVG for web and PDF, PNG for Word)."""

    caption: str
    chart: LineChart
    number: int = 0
    type: str = "chart"


@dataclass
class PageBreak:
    type: str = "pagebreak"


Block = Paragraph | Heading | Table | Chart | PageBreak


@dataclass
class Section:
    """A section of the report: its heading and its blocks (generated content and writers' texts)."""

    key: str
    title: str
    level: int
    kind: str
    blocks: list[Block] = field(default_factory=list)
    page_break: bool = False
    anchor: str = ""


@dataclass
class Document:
    """The whole report: the cover's facts and the sections in order."""

    title: str
    committee: str
    municipality: str
    occasion: str
    period_end: str
    report_type: str
    year: int
    status: str = ""
    case_number: str = ""
    decided_on: str = ""
    decided_by: str = ""
    sections: list[Section] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]

    def outline(self) -> list[tuple[int, str, str]]:
        """(level, text, anchor) of every section and heading, for tables of contents."""
        out: list[tuple[int, str, str]] = []
        for section in self.sections:
            out.append((section.level, section.title, section.anchor))
            for block in section.blocks:
                if isinstance(block, Heading) and block.level <= 3:
                    out.append((block.level, block.text, block.anchor))
        return out

    def footnotes(self) -> list[str]:
        return [run.note for block in self.blocks() if isinstance(block, Paragraph) for run in block.runs if run.note]


def number_blocks(document: Document) -> None:
    """Number tables and figures through the document and give every heading an anchor."""
    tables = charts = headings = 0
    for section in document.sections:
        headings += 1
        section.anchor = section.anchor or f"s{headings}"
        for block in section.blocks:
            if isinstance(block, Table):
                tables += 1
                block.number = tables
            elif isinstance(block, Chart):
                charts += 1
                block.number = charts
            elif isinstance(block, Heading):
                headings += 1
                block.anchor = block.anchor or f"s{headings}"


# -- JSON round-trip -----------------------------------------------------------------------------------------------


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def to_json(document: Document) -> str:
    """Stable JSON: keys sorted, no whitespace variations, Decimals as strings."""
    return json.dumps(asdict(document), default=_default, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _chart(data: dict[str, Any]) -> LineChart:
    return LineChart(
        title=data["title"],
        categories=list(data["categories"]),
        lines=[Line(line["label"], [_dec(v) for v in line["values"]]) for line in data["lines"]],
        unit=data["unit"],
        decimals=data["decimals"],
        y_from_zero=data["y_from_zero"],
        target=_dec(data["target"]),
        target_label=data["target_label"],
        description=data["description"],
    )


def _block(data: dict[str, Any]) -> Block:
    kind = data["type"]
    if kind == "paragraph":
        return Paragraph(runs=[Run(**run) for run in data["runs"]], style=data["style"])
    if kind == "heading":
        return Heading(data["text"], data["level"], data["anchor"], data["numbered"])
    if kind == "table":
        return Table(
            caption=data["caption"],
            header=[[Cell(**cell) for cell in row] for row in data["header"]],
            rows=[list(row) for row in data["rows"]],
            numeric=list(data["numeric"]),
            row_styles=list(data["row_styles"]),
            notes=list(data["notes"]),
            widths=list(data["widths"]),
            number=data["number"],
        )
    if kind == "chart":
        return Chart(caption=data["caption"], chart=_chart(data["chart"]), number=data["number"])
    if kind == "pagebreak":
        return PageBreak()
    raise ValueError(f"Unknown block type {kind!r}")


def from_json(text: str) -> Document:
    data = json.loads(text)
    sections = [
        Section(
            key=s["key"],
            title=s["title"],
            level=s["level"],
            kind=s["kind"],
            blocks=[_block(b) for b in s["blocks"]],
            page_break=s["page_break"],
            anchor=s["anchor"],
        )
        for s in data.pop("sections")
    ]
    return Document(**data, sections=sections)
