"""Charts that read well: honest Swedish tick labels, no overlapping category labels, an axis that does not flatten
the lines (checked on the drawn figure)."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from digipuff.core.charts import Line, LineChart, draw
from digipuff.core.formatting import parse_number

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _chart(values: list[str], categories: list[str] | None = None, **options) -> LineChart:
    categories = categories or [str(2015 + i) for i in range(len(values))]
    return LineChart(
        title="Sjukfrånvaro (total) (r12)",
        categories=categories,
        lines=[Line("Totalt", [Decimal(v) for v in values])],
        unit="%",
        **options,
    )


def _y_labels(chart: LineChart) -> list[tuple[float, str]]:
    figure = draw(chart)
    figure.canvas.draw()
    axes = figure.axes[0]
    low, high = axes.get_ylim()
    return [
        (tick, label.get_text())
        for tick, label in zip(axes.get_yticks(), axes.get_yticklabels(), strict=True)
        if low <= tick <= high
    ]


def test_quarter_percent_ticks_are_printed_as_they_are():
    labels = _y_labels(_chart(["5.0", "5.25", "5.5", "5.75", "6.0", "5.5"]))
    texts = [text for _tick, text in labels]
    assert "5,25 %" in texts or "5,75 %" in texts, texts
    assert "5,3 %" not in texts
    for tick, text in labels:  # every label says exactly where its tick is
        number = parse_number(text)
        assert number is not None and abs(float(number) - tick) < 1e-9, (tick, text)
    assert len(set(texts)) == len(texts)


def test_whole_ticks_have_no_decimals():
    texts = [text for _tick, text in _y_labels(_chart(["10", "20", "30", "40"]))]
    assert "20 %" in texts and not any("," in text for text in texts)


def test_a_small_change_is_not_drawn_flat_from_zero():
    chart = _chart(["5.1", "5.3", "5.6", "5.4"])
    axes = draw(chart).axes[0]
    low, high = axes.get_ylim()
    assert 4.5 < low < 5.1 and 5.6 < high < 6.2  # the values' own range, with a margin
    ticks = [tick for tick, _text in _y_labels(chart)]
    assert min(ticks) > 4 and len(ticks) >= 3  # the labels tell where the axis starts


def test_values_that_fill_the_axis_start_at_zero():
    axes = draw(_chart(["10", "25", "40"])).axes[0]
    assert axes.get_ylim()[0] == 0


def test_category_labels_never_overlap():
    categories = [f"{MONTHS[m % 12]} {19 + m // 12}" for m in range(36)]
    chart = _chart([str(5 + (i % 5) / 10) for i in range(36)], categories)
    figure = draw(chart)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    labels = [label for label in figure.axes[0].get_xticklabels() if label.get_text()]
    boxes = sorted((label.get_window_extent(renderer) for label in labels), key=lambda box: box.x0)
    assert len(boxes) >= 6  # thinned, not emptied
    for left, right in pairwise(boxes):
        assert left.x1 <= right.x0, (left, right)
    # A short series keeps every label.
    short = draw(_chart(["5.1", "5.3", "5.6"]))
    assert [label.get_text() for label in short.axes[0].get_xticklabels()] == ["2015", "2016", "2017"]


def test_a_deviation_around_zero_is_drawn_with_its_zero_line():
    chart = LineChart(
        title="Avvikelse mot budget 2019, mnkr",
        categories=MONTHS[:4],
        lines=[Line("Avvikelse", [Decimal("1.2"), Decimal("-0.4"), Decimal("-2.1"), Decimal("-3.5")])],
        y_from_zero=False,
    )
    axes = draw(chart).axes[0]
    low, high = axes.get_ylim()
    assert low < -3.5 and high > 1.2
    assert any(list(line.get_ydata()) == [0, 0] for line in axes.get_lines())
    texts = [text for _tick, text in _y_labels(chart)]
    assert any(text.startswith("-") or text.startswith("−") for text in texts)
