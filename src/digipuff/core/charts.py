"""Charts drawn once with matplotlib and embedded as SVG (web, PDF) or PNG (Word).

A chart is described as plain data (`LineChart`), drawn by `render_svg`/`render_png`; the renderers of pages and
reports never draw themselves, so one chart looks the same everywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import caches

from digipuff.core.formatting import format_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Colours that keep a 3:1 contrast against white and apart from each other (WCAG 1.4.11).
PALETTE = ["#0b4f8a", "#b3261e", "#2e7d32", "#6a1b9a", "#8d5a00"]
STYLES = ["-", "--", ":", "-.", "-"]


@dataclass(frozen=True)
class Line:
    label: str
    values: list[Decimal | None]


@dataclass(frozen=True)
class LineChart:
    """A line chart over categories (years or months), e.g. sickness absence r12 per month for women and men."""

    title: str
    categories: list[str]
    lines: list[Line]
    unit: str = ""
    decimals: int = 1
    # The y axis may start at zero (it does when that does not flatten the lines, see `_y_range`).
    y_from_zero: bool = True
    target: Decimal | None = None
    target_label: str = ""
    description: str = field(default="")


@lru_cache(maxsize=1)
def _matplotlib() -> ModuleType:
    """matplotlib, imported and set up on the first drawing, once per process.

    Importing it takes about half a second, which every process (each page worker, each `digipuff` command) would
    otherwise pay at start-up whether it draws or not; a chart found in the chart cache needs no import at all.
    pyplot is not used: its figure manager and backend switching are work a server never needs, and a figure drawn
    on its own Agg canvas is released with its last reference (no `pyplot.close`).
    """
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "digipuff"  # stable ids: the same chart gives the same bytes
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [*FONT_FAMILY, *matplotlib.rcParams["font.sans-serif"]]
    return matplotlib


# The chart's font: the Word files' (Arial, or its metric twin Liberation Sans), DejaVu Sans where neither is found.
FONT_FAMILY = ["Arial", "Liberation Sans", "DejaVu Sans"]
# Start the y axis at zero only when the values fill at least this share of the axis from zero up: a sickness
# absence between 5,1 % and 5,6 % drawn from 0 is a flat line.
FILL_FROM_ZERO = 0.5


def draw(chart: LineChart) -> Figure:
    """The chart drawn on a figure of its own (what `render_svg` and `render_png` save)."""
    return _figure(chart)


def _figure(chart: LineChart) -> Figure:
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import TightLayoutEngine
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(7.0, 3.2), dpi=100)
    FigureCanvasAgg(figure)  # no display on servers
    axes = figure.subplots()
    x = list(range(len(chart.categories)))
    values: list[float] = []
    for index, line in enumerate(chart.lines):
        points = [(i, float(v)) for i, v in zip(x, line.values, strict=True) if v is not None]
        if not points:
            continue
        values.extend(p[1] for p in points)
        axes.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            STYLES[index % len(STYLES)],
            color=PALETTE[index % len(PALETTE)],
            marker="o",
            markersize=3.5,
            linewidth=2,
            label=line.label,
        )
    if chart.target is not None:
        values.append(float(chart.target))
        axes.axhline(float(chart.target), color="#444444", linewidth=1, linestyle=(0, (4, 3)), label=chart.target_label)
    if values and min(values) < 0 < max(values):
        axes.axhline(0, color="#888888", linewidth=0.8)  # a deviation's zero: over and under budget
    suffix = f" {chart.unit}" if chart.unit else ""
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axes.yaxis.set_major_formatter(_honest_formatter()(suffix))
    _y_range(axes, chart, values)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_title(chart.title, fontsize=11, loc="left")
    if len(chart.lines) > 1 or chart.target is not None:
        axes.legend(frameon=False, fontsize=9, loc="best", ncols=4)
    axes.set_xlim(-0.5, max(len(x) - 0.5, 0.5))
    # `figure.tight_layout()` would leave a placeholder layout engine on the figure, and with any engine set
    # every `savefig` lays the whole figure out once more before drawing it; the engine run once gives the same
    # bytes.
    TightLayoutEngine().execute(figure)
    _thin_categories(figure, axes, chart.categories)
    TightLayoutEngine().execute(figure)
    return figure


def tick_label(value: float, ticks: Sequence[float], suffix: str = "") -> str:
    """A y tick's label in Swedish with as many decimals as the ticks need to be told apart exactly: ticks at 0,25
    steps get two ("0,25 %", never "0,3 %"), whole numbers none."""
    decimals = tick_decimals(ticks)
    rounded = round(float(value), decimals) or 0.0  # never "-0"
    return format_number(Decimal(repr(rounded)), decimals) + suffix


@lru_cache(maxsize=1)
def _honest_formatter() -> type:
    """The y axis' formatter (`tick_label`), a matplotlib class made on the first drawing (matplotlib loads lazily)."""
    from matplotlib.axis import Axis
    from matplotlib.ticker import Formatter

    class HonestFormatter(Formatter):
        def __init__(self, suffix: str) -> None:
            self.suffix = suffix

        def format_ticks(self, values: Sequence[float]) -> list[str]:
            return [tick_label(value, values, self.suffix) for value in values]

        def __call__(self, x: float, pos: int | None = None) -> str:
            axis = self.axis
            ticks = list(axis.get_majorticklocs()) if isinstance(axis, Axis) else [x]
            return tick_label(x, [*ticks, x], self.suffix)

    return HonestFormatter


def tick_decimals(ticks: Sequence[float]) -> int:
    """The fewest decimals (up to 6) that write every tick exactly."""
    for decimals in range(7):
        scale = 10**decimals
        if all(abs(t * scale - round(t * scale)) < 1e-6 * max(1.0, abs(t * scale)) for t in ticks):
            return decimals
    return 6


def _y_range(axes: Any, chart: LineChart, values: list[float]) -> None:
    """From zero when the values fill the axis from zero well enough (or nothing is drawn); else the values' own
    range with a margin, the ticks saying where the axis starts."""
    if not values:
        axes.set_ylim(bottom=0)
        return
    low, high = min(values), max(values)
    if chart.y_from_zero and low >= 0 and (high == 0 or (high - low) / high >= FILL_FROM_ZERO):
        axes.set_ylim(bottom=0, top=high * 1.08 if high else 1)
        return
    span = (high - low) or abs(high) or 1.0
    axes.set_ylim(low - span * 0.15, high + span * 0.15)


def _thin_categories(figure: Figure, axes: Any, categories: list[str]) -> None:
    """Label every category when the labels fit side by side, else every second, third, ...: never overlapping."""
    x = list(range(len(categories)))
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    gap = 4  # pixels between two labels
    for step in range(1, max(2, len(x) + 1)):
        axes.set_xticks(x[::step], categories[::step])
        boxes = [label.get_window_extent(renderer) for label in axes.get_xticklabels() if label.get_text()]
        if all(left.x1 + gap <= right.x0 for left, right in pairwise(boxes)):
            return


def render_svg(chart: LineChart) -> str:
    """The chart as an inline SVG element with a text alternative (role="img" and a <title>)."""
    return _svg(chart, _figure(chart))


def _svg(chart: LineChart, figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "DigiPUFF"})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    label = (chart.description or chart.title).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{label}" ', svg, count=1)
    return _without_css(svg)


# Bump when the drawing changes, so that charts cached by an earlier version are drawn anew.
DRAWING_VERSION = 2
CACHE_SECONDS = 7 * 24 * 3600


def content_key(chart: LineChart) -> str:
    """The chart's content as one string: equal for charts that draw the same."""
    return json.dumps(asdict(chart), default=str, sort_keys=True)


def cached_svg(chart: LineChart) -> str:
    """`render_svg`, drawn once per content and kept in Django's cache under a hash of the chart's data.

    A page that shows a chart (the measure page) or a report draws it on its first use only, in whichever process
    that is (a page worker, `digipuff report render`, a render worker); the same data gives the same bytes, so a
    cached drawing is never stale: new values make a new key.
    """
    return _cached(_svg_key(chart), lambda: render_svg(chart))


def cached_svg_and_png(chart: LineChart, *, dpi: int = 200) -> tuple[str, bytes]:
    """`cached_svg` and `cached_png` together: what is not cached yet is drawn from one figure (a batch that renders
    a report to PDF and Word lays each chart out once; saving one figure twice gives the same bytes as two)."""
    svg_key, png_key = _svg_key(chart), _png_key(chart, dpi)
    svg, png = _cached_only(svg_key), _cached_only(png_key)
    if not isinstance(svg, str) or not isinstance(png, bytes):
        figure = _figure(chart)
        if not isinstance(svg, str):
            svg = _cached(svg_key, lambda: _svg(chart, figure))
        if not isinstance(png, bytes):
            png = _cached(png_key, lambda: _png(figure, dpi))
    return svg, png


def _svg_key(chart: LineChart) -> str:
    return f"digipuff:chart-svg:{DRAWING_VERSION}:{_digest(chart)}"


def _png_key(chart: LineChart, dpi: int) -> str:
    return f"digipuff:chart-png:{DRAWING_VERSION}:{dpi}:{_digest(chart)}"


def _digest(chart: LineChart) -> str:
    return hashlib.sha256(content_key(chart).encode()).hexdigest()


_Drawing = TypeVar("_Drawing", str, bytes)


def _cached(key: str, draw: Callable[[], _Drawing]) -> _Drawing:
    """A drawing from the process's own memory, else from the chart cache (`CACHES["charts"]`, files shared by
    every process of the installation), else drawn now and kept in both."""
    found = _cached_only(key)
    if found is None:
        found = draw()
        caches["charts"].set(key, found, CACHE_SECONDS)
        _remember(key, found)
    return found  # type: ignore[return-value]


def _cached_only(key: str) -> str | bytes | None:
    found = _drawn.get(key)
    if found is None:
        found = caches["charts"].get(key)
        if found is not None:
            _remember(key, found)
    return found


def _remember(key: str, drawing: str | bytes) -> None:
    if len(_drawn) >= 256:
        _drawn.clear()
    _drawn[key] = drawing


_drawn: dict[str, str | bytes] = {}


def clear_cache() -> None:
    """Forget every drawing: the chart cache's files and this process's memory."""
    caches["charts"].clear()
    _drawn.clear()


_STYLE_ELEMENT = re.compile(r"<style[^>]*>\*\{([^}]*)\}</style>\s*")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_PROPERTY = re.compile(r"^[a-z-]+$")


def _without_css(svg: str) -> str:
    """The SVG with matplotlib's CSS turned into SVG presentation attributes.

    The pages' Content-Security-Policy allows no inline style (`style-src 'self'`), which blocks the `<style>`
    element and `style` attributes of an inline SVG; presentation attributes (`fill="#fff"`) draw the same and are
    not style. matplotlib writes only SVG properties there (text is drawn as paths), and its one rule for every
    element (`*{stroke-linejoin: round; ...}`) becomes attributes of the root element, which the others inherit
    unless they set their own.
    """

    def attributes(declarations: str) -> str:
        pairs = []
        for declaration in declarations.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name and _PROPERTY.match(name) and value:
                pairs.append(f' {name}="{value}"')
        return "".join(pairs)

    root_rules = ""
    match = _STYLE_ELEMENT.search(svg)
    if match:
        root_rules = attributes(match.group(1))
        svg = svg[: match.start()] + svg[match.end() :]
    svg = _STYLE_ATTRIBUTE.sub(lambda m: attributes(m.group(1)), svg)
    return svg.replace("<svg ", f"<svg{root_rules} ", 1)


def render_png(chart: LineChart, *, dpi: int = 200) -> bytes:
    """The chart as PNG, for Word documents."""
    return _png(_figure(chart), dpi)


def _png(figure: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": "DigiPUFF"})
    return buffer.getvalue()


def cached_png(chart: LineChart, *, dpi: int = 200) -> bytes:
    """`render_png`, rasterised once per content and resolution and kept in the chart cache (see `cached_svg`)."""
    return _cached(_png_key(chart, dpi), lambda: render_png(chart, dpi=dpi))
