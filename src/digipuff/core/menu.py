"""The modules a unit's page links to ("Mål och resultat", "Ekonomi", ...), registered by each app.

An app registers its pages in its own `<app>/menu.py` (`unit_pages.register(UnitPage(...))`), found the first time
the pages are listed; the unit page and the navigation list them for the chosen year, so adding a module needs no
change to the shared templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise

from digipuff.core.registry import Registry


@dataclass(frozen=True)
class UnitPage:
    """A page about one unit and one year, reversed as url_name(code=..., year=...)."""

    label: str | Promise
    url_name: str
    order: int = 100
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind of unit
    description: str | Promise = ""


unit_pages: Registry[UnitPage] = Registry(
    "menu", key=lambda page: page.url_name, order=lambda page: (page.order, str(page.url_name))
)


@dataclass(frozen=True)
class MenuLink:
    label: str | Promise
    url: str
    description: str | Promise


def links_for(*, code: str, kind: str, year: int) -> list[MenuLink]:
    return [
        MenuLink(page.label, reverse(page.url_name, kwargs={"code": code, "year": year}), page.description)
        for page in unit_pages
        if not page.kinds or kind in page.kinds
    ]
