"""Template filters of the economy pages: {{ value|money:"tkr" }} and table cells by column kind."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from digipuff.core import formatting
from digipuff.core.suppression import SUPPRESSED

register = template.Library()


@register.filter
def money(kronor: Any, unit: str = "tkr") -> str:
    """Kronor shown in tkr (no decimals), mnkr (one decimal) or kr (whole kronor), Swedish style."""
    if unit == "kr":
        return formatting.format_number(kronor, 0)
    if unit == "mnkr":
        return formatting.format_millions(kronor, 1)
    return formatting.format_thousands(kronor, 0)


@register.simple_tag
def cell(row: Any, column: Any, unit: str = "tkr") -> str:
    """One table cell formatted by its column's kind (money, number, percent, bool, text)."""
    value = row.values.get(column.key)
    if value == SUPPRESSED:
        return SUPPRESSED
    if column.kind == "money":
        return "" if value is None and row.style == "section" else money(value, unit)
    if column.kind == "number":
        return formatting.format_number(value, 1)
    if column.kind == "percent":
        return formatting.format_percent(value)
    if column.kind == "bool":
        return "" if value is None else (_("Yes") if value else _("No"))
    return "" if value is None else str(value)


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return mapping.get(key)


@register.filter
def sub(value: Any, other: Any) -> Any:
    """value − other, for a deviation computed in the template from two exact amounts."""
    if value is None or other is None:
        return None
    return value - other
