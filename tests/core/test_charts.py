"""Charts are drawn once per content and kept in the chart cache that every process of the installation shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digipuff.core import charts
from digipuff.core.charts import Line, LineChart, cached_png, cached_svg, cached_svg_and_png


def _chart(value: str = "5.5") -> LineChart:
    return LineChart(
        title="Sjukfrånvaro (total) (r12)",
        categories=["jan 19", "feb 19", "mar 19"],
        lines=[Line("Totalt", [Decimal("5.3"), Decimal(value), None])],
        unit="%",
        target=Decimal("5.3"),
        target_label="Etappmål",
    )


@pytest.fixture
def new_process(monkeypatch):
    """What another process sees: nothing in this process's memory, and a drawing now would be a failure."""

    def forget_and_forbid_drawing() -> None:
        monkeypatch.setattr(charts, "_drawn", {})
        monkeypatch.setattr(charts, "_figure", lambda chart: pytest.fail(f"{chart.title} drawn again"))

    return forget_and_forbid_drawing


def test_a_chart_drawn_in_one_process_is_read_by_the_next(new_process):
    charts.clear_cache()
    chart = _chart()
    svg, png = cached_svg(chart), cached_png(chart, dpi=150)
    new_process()
    assert cached_svg(chart) == svg and cached_png(chart, dpi=150) == png
    assert cached_svg_and_png(chart, dpi=150) == (svg, png)


def test_one_figure_for_both_formats_gives_the_bytes_of_two():
    charts.clear_cache()
    chart = _chart("6.1")
    svg, png = cached_svg_and_png(chart, dpi=150)
    assert svg == charts.render_svg(chart) and png == charts.render_png(chart, dpi=150)
    assert 'role="img" aria-label="Sjukfrånvaro (total) (r12)"' in svg and png.startswith(b"\x89PNG")


def test_other_values_are_another_drawing(new_process):
    charts.clear_cache()
    cached_svg(_chart())
    new_process()
    with pytest.raises(pytest.fail.Exception):
        cached_svg(_chart("7.0"))
