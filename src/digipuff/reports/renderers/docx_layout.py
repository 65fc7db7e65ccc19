"""How wide a table's columns must be in Word, measured in the document's font.

Word breaks a word that does not fit its cell letter by letter ("Nettokostnad" becomes "Nettokost/nad"); a heading
may wrap between its words but never inside one. So every column is at least as wide as the longest word of its
heading cells and of its text values (and the longest value of a number column, which never wraps), measured with
the font's own metrics (the document's font, else its metric twin such as Liberation Sans, else DejaVu Sans), plus
the cell's margins. The table's own weights share out the width that is left.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from digipuff.core import document as doc

TWIPS_PER_CM = 567
CELL_MARGINS = 2 * 108 + 30  # Word's default left and right cell margins (0,19 cm each) and a little slack
HEADING_POINTS = 8
MIN_POINTS = 6.0
# Fonts with the same metrics: a document in Arial is measured in Liberation Sans where Arial is not installed.
METRIC_TWINS = {
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
    "calibri": "Carlito",
    "cambria": "Caladea",
}
_WORDS = re.compile(r"\S+")


@lru_cache(maxsize=8)
def _font(family: str, bold: bool) -> Any:
    """The font file's metrics for a family, at 100 points (fractions of a point stay exact when scaled down)."""
    from matplotlib import font_manager
    from PIL import ImageFont

    families = [family, METRIC_TWINS.get(family.lower(), "Liberation Sans"), "DejaVu Sans"]
    properties = font_manager.FontProperties(family=families, weight="bold" if bold else "normal")
    return ImageFont.truetype(font_manager.findfont(properties, fallback_to_default=True), 100)


@lru_cache(maxsize=4096)
def text_twips(text: str, *, family: str = "Arial", points: float = HEADING_POINTS, bold: bool = False) -> int:
    """The width of a text on one line, in twips (1/20 point)."""
    if not text:
        return 0
    return round(_font(family, bold).getlength(text) * points / 100 * 20)


def longest_word_twips(text: str, *, family: str = "Arial", points: float = HEADING_POINTS, bold: bool = True) -> int:
    return max((text_twips(word, family=family, points=points, bold=bold) for word in _WORDS.findall(text)), default=0)


def column_twips(table: doc.Table, available: int, *, family: str = "Arial") -> tuple[list[int], float]:
    """The width of each column in twips and the table's font size in points.

    Each column is at least what its heading's longest word needs, and what its values need: a number's whole width,
    a text's longest word, the rest
    shared by the table's weights. When the least widths exceed the text width at 8 points the table's text gets
    smaller (down to 6 points) until they fit; a table too wide even then keeps its least widths at 6 points (it
    reaches into the margin rather than break a word)."""
    points = float(HEADING_POINTS)
    least = _least(table, family, points)
    columns = len(least)
    if sum(least) > available:
        text = sum(least) - CELL_MARGINS * columns
        room = available - CELL_MARGINS * columns
        points = max(MIN_POINTS, int(2 * HEADING_POINTS * room / text) / 2 if text > 0 else HEADING_POINTS)
        least = _least(table, family, points)
        while sum(least) > available and points > MIN_POINTS:  # rounding of the glyph widths
            points -= 0.5
            least = _least(table, family, points)
    weights = list(table.widths or [3] + [1] * (columns - 1))
    weights = (weights + [weights[-1] if weights else 1] * columns)[:columns]
    return _share(least, [max(0.0, float(w)) for w in weights], available), points


def _least(table: doc.Table, family: str, points: float) -> list[int]:
    columns = len(table.numeric)
    least = [0] * columns
    for header in table.header:
        column = 0
        for cell in header:
            need = (
                longest_word_twips(cell.text, family=family, points=points) + CELL_MARGINS if cell.text.strip() else 0
            )
            span = max(1, cell.span)
            for index in range(column, min(columns, column + span)):
                least[index] = max(least[index], -(-need // span))
            column += span
    for values in table.rows:
        for index, value in enumerate(values[:columns]):
            if not value:
                continue
            if index and table.numeric[index]:  # a number never wraps
                least[index] = max(least[index], text_twips(value, family=family, points=points) + CELL_MARGINS)
            else:  # a text wraps between its words (bold in a sum row)
                need = longest_word_twips(value, family=family, points=points) + CELL_MARGINS
                least[index] = max(least[index], need)
    return least


def _share(least: list[int], weights: list[float], available: int) -> list[int]:
    """Widths in proportion to the weights, none below its least width, summing to `available` when they fit."""
    if sum(least) >= available:
        return least
    fixed: set[int] = set()
    while True:
        free = available - sum(least[i] for i in fixed)
        total = sum(weights[i] for i in range(len(weights)) if i not in fixed) or 1.0
        widths = [least[i] if i in fixed else int(free * weights[i] / total) for i in range(len(weights))]
        short = {i for i in range(len(weights)) if i not in fixed and widths[i] < least[i]}
        if not short:
            break
        fixed |= short
    widths[-1] += available - sum(widths)  # rounding: the columns fill the text width exactly
    return widths
