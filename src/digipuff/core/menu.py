"""The modules a unit's page links to ("Mål och resultat", "Ekonomi", ...), registered by each app.

An app registers its pages in its AppConfig.ready(); the unit page and the navigation list them for the chosen
year, so adding a module needs no change to the shared templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class UnitPage:
    """A page about one unit and one year, reversed as url_name(code=..., year=...)."""

    label: str | Promise
    url_name: str
    order: int = 100
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind of unit
    description: str | Promise = ""


_pages: list[UnitPage] = []


def register(page: UnitPage) -> None:
    if all(existing.url_name != page.url_name for existing in _pages):
        _pages.append(page)
        _pages.sort(key=lambda p: (p.order, str(p.url_name)))


@dataclass(frozen=True)
class MenuLink:
    label: str | Promise
    url: str
    description: str | Promise


def links_for(*, code: str, kind: str, year: int) -> list[MenuLink]:
    return [
        MenuLink(page.label, reverse(page.url_name, kwargs={"code": code, "year": year}), page.description)
        for page in _pages
        if not page.kinds or kind in page.kinds
    ]
