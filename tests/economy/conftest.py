"""Fixtures of the economy tests: the demo municipality with Socialnämnden's economy 2019 from the seed."""

from __future__ import annotations

import pytest

from digipuff.organisation.models import OrgUnit


@pytest.fixture
def demo_org(db) -> OrgUnit:
    """The demo org tree and users (organisation.demo); returns Socialnämnden."""
    from digipuff.organisation import demo

    demo.load()
    return OrgUnit.objects.get(code="SN")


@pytest.fixture
def demo_economy(demo_org) -> OrgUnit:
    """Socialnämnden with the seed's ledger, budget and Delår 1 entries loaded through the real import paths."""
    from digipuff.economy import demo

    demo.load_committee(demo_org)
    return demo_org
