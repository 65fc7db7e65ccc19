"""The economy's panels of the start page: the forecast deviation per committee and operation area with a small
chart, the last ledger import and what it covers, budget keeping (controllers), and the economy at a glance
(politicians and readers). Every figure links to the page it comes from, at the same month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.core.dashboard import Item, Panel, Viewer, bars, dashboard_panels
from digipuff.core.formatting import format_millions, format_percent
from digipuff.economy import selectors
from digipuff.economy.choices import ImportSource
from digipuff.organisation.models import OrgUnit


def _ledgers(viewer: Viewer, *roles: str) -> list[tuple[OrgUnit, int, Any]]:
    """(committee, month, ledger) of the committees the viewer holds `roles` for and may view the economy of, that
    keep an economy for the year, at the month their pages open on (the last month with actuals)."""
    out = []
    for committee in viewer.committees(*roles):
        if not policy.allows(viewer.user, Action.VIEW, committee) or not selectors.has_economy(committee, viewer.year):
            continue

        def read(committee: OrgUnit = committee) -> tuple[int, Any]:
            month = selectors.default_month(committee, viewer.year)
            return month, selectors.ledger(committee, viewer.year, month)

        month, data = viewer.cached(f"economy:{committee.pk}", read)
        out.append((committee, month, data))
    return out


def _overview_url(committee: OrgUnit, year: int, month: int) -> str:
    return reverse("economy:overview", kwargs={"code": committee.code, "year": year}) + f"?month={month}"


def forecast_deviation(viewer: Viewer) -> list[Item]:
    """Per committee its forecast deviation for the year, then each operation area's (budget − forecast; positive
    is favourable), drawn as bars; the figures link to the forecasts of the month."""
    rows: list[tuple[str, str, Decimal, bool, str]] = []
    for committee, month, data in _ledgers(viewer, Role.CONTROLLER):
        keeping = selectors.budget_keeping(data)
        forecasts = reverse("economy:forecasts", kwargs={"code": committee.code, "year": viewer.year, "month": month})
        rows.append((committee.name, forecasts, keeping.deviation, False, _("per {month}").format(month=MONTHS[month])))
        for area, figures, has_forecast in selectors.forecast_status(data):
            deviation = figures.budget_year - figures.forecast_or_budget
            rows.append((area.name, forecasts, deviation, True, "" if has_forecast else _("no forecast entered")))
    shown = bars([row[2] for row in rows])
    return [
        Item(label=label, url=url, figure=format_millions(value, 1) + " mnkr", detail=detail, bar=bar, sub=sub)
        for (label, url, value, sub, detail), bar in zip(rows, shown, strict=True)
    ]


def last_import(viewer: Viewer) -> list[Item]:
    """Per committee: the latest ledger import of the year (else the latest budget file), what months it covers and
    when it came in."""
    items = []
    for committee in viewer.committees(Role.CONTROLLER):
        if not policy.allows(viewer.user, Action.VIEW, committee):
            continue
        # The ledger (actuals) is what the figures run up to; a budget file is only the latest when no ledger came.
        imports = selectors.ledger_imports(committee, viewer.year)
        latest = imports.filter(source=ImportSource.SIE).first() or imports.first()
        url = reverse("economy:import", kwargs={"code": committee.code, "year": viewer.year})
        if latest is None:
            items.append(Item(label=committee.name, url=url, figure=_("no import")))
            continue
        items.append(
            Item(
                label=committee.name,
                url=url,
                figure=_("{first}–{last} {year}").format(
                    first=MONTHS[latest.first_month][:3].lower(),
                    last=MONTHS[latest.last_month][:3].lower(),
                    year=latest.year,
                ),
                detail=_("{file} ({source}), imported {date}").format(
                    file=latest.filename,
                    source=latest.get_source_display(),
                    date=latest.imported_at.strftime("%Y-%m-%d"),
                ),
            )
        )
    return items


def _keeping_items(viewer: Viewer, *roles: str) -> list[Item]:
    items = []
    for committee, month, data in _ledgers(viewer, *roles):
        keeping = selectors.budget_keeping(data)
        if not keeping.budget:
            continue
        items.append(
            Item(
                label=committee.name,
                url=_overview_url(committee, viewer.year, month),
                figure=format_percent(keeping.percent, 1),
                detail=_(
                    "deviation {deviation} mnkr of a budget of {budget} mnkr · {used} of the budget used per "
                    "{month} (benchmark {benchmark})"
                ).format(
                    deviation=format_millions(keeping.deviation_after_measures, 1),
                    budget=format_millions(keeping.budget, 1),
                    used=format_percent(keeping.used_percent, 1),
                    month=MONTHS[month],
                    benchmark=format_percent(keeping.riktpunkt * 100, 0),
                ),
            )
        )
    return items


def budget_keeping(viewer: Viewer) -> list[Item]:
    return _keeping_items(viewer, Role.CONTROLLER)


def economy_at_a_glance(viewer: Viewer) -> list[Item]:
    return _keeping_items(viewer, Role.READER)


dashboard_panels.register(
    Panel(
        name="economy:forecast",
        title=gettext_lazy("Forecast deviation per committee and operation area"),
        description=gettext_lazy("Budget minus forecast for the year; positive is favourable."),
        roles=frozenset({Role.CONTROLLER}),
        items=forecast_deviation,
        chart=True,
        empty=gettext_lazy("No committee of yours keeps an economy for this year."),
        order=10,
    )
)
dashboard_panels.register(
    Panel(
        name="economy:last_import",
        title=gettext_lazy("Last ledger import"),
        roles=frozenset({Role.CONTROLLER}),
        items=last_import,
        order=20,
    )
)
dashboard_panels.register(
    Panel(
        name="economy:budget_keeping",
        title=gettext_lazy("Budget keeping"),
        description=gettext_lazy("Deviation after measures as a share of the budget."),
        roles=frozenset({Role.CONTROLLER}),
        items=budget_keeping,
        empty=gettext_lazy("No budget has been entered for this year."),
        order=30,
    )
)
dashboard_panels.register(
    Panel(
        name="economy:glance",
        title=gettext_lazy("The economy at a glance"),
        description=gettext_lazy("Budget keeping per committee: deviation after measures as a share of the budget."),
        roles=frozenset({Role.READER}),
        items=economy_at_a_glance,
        empty=gettext_lazy("No budget has been entered for this year."),
        order=30,
    )
)
