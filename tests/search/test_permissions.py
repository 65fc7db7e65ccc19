"""The search page in the shared permission suite (tests/permissions.py): open to every signed-in user, whose hits
are restricted by the policy (tests/search/test_search.py checks what each user finds)."""

from __future__ import annotations

from tests.permissions import OWN, PUBLIC, Endpoint, Target, declare

ENDPOINTS = [
    Endpoint("search:search", PUBLIC, {OWN: lambda w: Target(query={"q": "boende"})}),
    Endpoint("search:search", PUBLIC, {OWN: lambda w: Target()}, variant="empty"),
]

test_permission_matrix = declare("search", ENDPOINTS)
