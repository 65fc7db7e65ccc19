"""Template filters for Swedish numbers: {{ value|num:1 }}, {{ value|pct }}, {{ kronor|tkr }}, {{ n|count }}."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import template

from digipuff.core import audit, formatting, suppression

if TYPE_CHECKING:
    from auditlog.models import LogEntry

register = template.Library()


@register.filter
def num(value: formatting.Number | None, decimals: int = 0) -> str:
    return formatting.format_number(value, int(decimals))


@register.filter
def pct(value: formatting.Number | None, decimals: int = 1) -> str:
    return formatting.format_percent(value, int(decimals))


@register.filter
def tkr(kronor: formatting.Number | None, decimals: int = 0) -> str:
    return formatting.format_thousands(kronor, int(decimals))


@register.filter
def mnkr(kronor: formatting.Number | None, decimals: int = 1) -> str:
    return formatting.format_millions(kronor, int(decimals))


@register.filter
def count(value: formatting.Number | None, threshold: int | None = None) -> str:
    """A count with small counts suppressed; the threshold is the installation's setting unless one is given."""
    chosen = suppression.default_threshold() if threshold is None else int(threshold)
    return suppression.format_count(value, threshold=chosen)


@register.filter
def readable_history(entries: Iterable[LogEntry]) -> list[audit.HistoryRow]:
    """Audit entries in words (fields by their Swedish names, choices by their labels), see core.audit.readable."""
    return audit.readable(entries)
