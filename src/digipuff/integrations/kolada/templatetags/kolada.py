"""`{% kolada_panel measure as panel %}`: the data of the measure page's Kolada panel."""

from __future__ import annotations

from typing import Any

from django import template

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def kolada_panel(context: template.Context, measure: Measure) -> dict[str, Any] | None:
    comparison = selectors.measure_comparison(measure=measure)
    if comparison is None:
        return None
    request = context.get("request")
    user = getattr(request, "user", None)
    latest = comparison.years[0] if comparison.years else None
    return {
        "comparison": comparison,
        "may_sync": user is not None and policy.allows(user, Action.EDIT, measure),
        "county": latest.county if latest else None,
        "areas": [g for g in (latest.groups if latest else ()) if not g.is_county],
    }
