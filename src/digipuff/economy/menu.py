"""The unit page's link to economy: the overview where the committee keeps an economy for the year; else, for those
who keep it, the import page where it is set up; else no link (never a link to a page that does not exist)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.menu import UnitPage, unit_pages
from digipuff.organisation.choices import OrgUnitKind


def _link(unit: Any, year: int, user: Any) -> str | None:
    from digipuff.economy.selectors import has_economy

    # The unit page's year is a planning year (the year bar offers no other), where the import page exists.
    kwargs = {"code": unit.code, "year": year}
    if has_economy(unit, year):
        return reverse("economy:overview", kwargs=kwargs)
    if user is not None and policy.allows(user, Action.ECONOMY, unit):
        return reverse("economy:import", kwargs=kwargs)
    return None


unit_pages.register(
    UnitPage(
        label=_("Economy"),
        url_name="economy:overview",
        order=60,
        kinds=frozenset({OrgUnitKind.COMMITTEE}),
        description=_("Budget, actuals, forecast, investments and the economy tables of the reports."),
        link=_link,
    )
)
