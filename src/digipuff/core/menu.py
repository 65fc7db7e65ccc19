"""The modules a unit's page links to ("Mål och resultat", "Ekonomi", ...), registered by each app.

An app registers its pages in its own `<app>/menu.py` (`unit_pages.register(UnitPage(...))`), found the first time
the pages are listed; the unit page and the navigation list them for the chosen year, so adding a module needs no
change to the shared templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
    # Where the link goes for this unit, year and user, or None for no link (a module whose page exists only once
    # something is set up, e.g. a committee's economy); without it, always url_name(code, year).
    link: Callable[[Any, int, Any], str | None] | None = None


unit_pages: Registry[UnitPage] = Registry(
    "menu", key=lambda page: page.url_name, order=lambda page: (page.order, str(page.url_name))
)


@dataclass(frozen=True)
class MenuLink:
    label: str | Promise
    url: str
    description: str | Promise


def links_for(*, code: str, kind: str, year: int, unit: Any = None, user: Any = None) -> list[MenuLink]:
    """The module links of a unit's page; a page with its own `link` is asked (given the unit and the user)."""
    links = []
    for page in unit_pages:
        if page.kinds and kind not in page.kinds:
            continue
        if page.link is not None and unit is not None:
            url = page.link(unit, year, user)
        else:
            url = reverse(page.url_name, kwargs={"code": code, "year": year})
        if url is not None:
            links.append(MenuLink(page.label, url, page.description))
    return links
