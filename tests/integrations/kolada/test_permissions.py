"""Kolada's pages and API routes in the shared permission suite (tests/permissions.py)."""

from __future__ import annotations

from digipuff.core.choices import Action
from tests.permissions import OBJECT, OWN, PUBLIC, SIBLING, Endpoint, Target, declare

ENDPOINTS = [
    # The KPI catalogue is public knowledge, open to every signed-in user.
    Endpoint("kolada:kpi_search", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("kolada:kpi", PUBLIC, {OWN: lambda w: Target({"kpi_id": "N00001"})}),
    Endpoint(
        "kolada:sync_measure",
        Action.EDIT,
        {rel: (lambda w, rel=rel: Target({"pk": w.measure[rel].pk})) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
        methods=("POST",),
        post_as_allowed=False,  # an allowed sync would call Kolada; tests/integrations/kolada/test_sync.py does
    ),
    Endpoint("api:kolada-kpi-list", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("api:kolada-kpi-detail", PUBLIC, {OWN: lambda w: Target({"pk": "N00001"})}),
]

test_permission_matrix = declare("kolada", ENDPOINTS)
