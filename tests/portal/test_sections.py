"""The extension point: a module contributes a section of public items to the committee page and the search."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from digipuff.core.portal import PortalItem, PortalSection, portal_sections


def _items(*, committee, year):
    return [PortalItem("Kallelse 14 maj 2019", "/oppen/test/kallelse/", "Kallelse", date(2019, 5, 14))]


def _search(*, query, limit):
    return [PortalItem("Protokoll 14 maj 2019", "/oppen/test/protokoll/", "Protokoll")] if "protokoll" in query else []


@pytest.fixture
def meetings_section():
    section = portal_sections.register(
        PortalSection(name="test-meetings", label="Kallelser och protokoll", items=_items, search=_search)
    )
    yield section
    portal_sections._entries.pop(section.name)


def test_a_registered_section_is_shown_and_searched(public, meetings_section):
    citizen = Client()
    page = citizen.get(reverse("portal:committee", args=["SN", 2019])).content.decode()
    assert "Kallelser och protokoll" in page and 'href="/oppen/test/kallelse/"' in page and "2019-05-14" in page
    found = citizen.get(reverse("portal:search"), {"q": "protokoll"}).content.decode()
    assert 'href="/oppen/test/protokoll/"' in found and "1 träff" in found
