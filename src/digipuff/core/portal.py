"""What the other modules add to the public portal (`digipuff.portal`): sections of public items per committee and
year, and their share of the portal's search.

The portal itself shows the decided reports, the goal tree and the measures. A module that has more to publish (the
meetings module: public kallelser and protokoll) registers a `PortalSection` in its own `<app>/portal.py`; the
committee page lists the section's items for the year and the portal's search asks the section too. The section
alone decides what of its own is public: only what is decided and open (never a draft, never a confidential agenda
item, small counts suppressed as everywhere).

    # digipuff/meetings/portal.py
    portal_sections.register(PortalSection(
        name="meetings", label=gettext_lazy("Notices and minutes"), order=30,
        items=public_meeting_items,      # (*, committee, year) -> list[PortalItem]
        search=search_public_meetings,   # (*, query, limit) -> list[PortalItem]
    ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise

from digipuff.core.registry import Registry


@dataclass(frozen=True)
class PortalItem:
    """One public thing in the portal: a title, where it is read (a URL anyone may open), what kind it is."""

    title: str
    url: str
    kind: str | Promise
    date: date | None = None
    summary: str = ""


@dataclass(frozen=True)
class PortalSection:
    """A module's share of the public portal. `items(committee=, year=)` lists the committee's public items of a
    year; `search(query=, limit=)` finds public items whose text contains the query (None: not searchable)."""

    name: str
    label: str | Promise
    items: Callable[..., list[PortalItem]]
    search: Callable[..., list[PortalItem]] | None = None
    order: int = 100


portal_sections: Registry[PortalSection] = Registry(
    "portal", key=lambda section: section.name, order=lambda section: (section.order, section.name)
)


def section_items(*, committee: Any, year: int) -> list[tuple[PortalSection, list[PortalItem]]]:
    """The registered sections with their items for a committee and year, leaving out sections with none."""
    found = [(section, section.items(committee=committee, year=year)) for section in portal_sections]
    return [(section, items) for section, items in found if items]


def search_sections(*, query: str, limit: int) -> list[PortalItem]:
    """What the registered sections find for a query."""
    found: list[PortalItem] = []
    for section in portal_sections:
        if section.search is not None:
            found.extend(section.search(query=query, limit=limit))
    return found
