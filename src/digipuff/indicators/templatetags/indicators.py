"""`{{ summaries|source_line }}`: the source and "data per" date printed beside a measure table."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from digipuff.indicators import selectors

register = template.Library()


@register.filter
def source_line(summaries: Iterable[selectors.MeasureSummary]) -> str:
    return selectors.source_line(summaries)
