"""The economy's pages and API routes in the shared permission suite (tests/permissions.py): reading needs VIEW
on the committee, importing, forecasting and the mapping need ECONOMY (controllers and admins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digipuff.core.choices import Action
from tests.permissions import OBJECT, OWN, SIBLING, Endpoint, Target, declare

FORM = ("GET", "POST")
BOTH = (OWN, SIBLING)


def _in(**extra: Callable[[Any, str], Any]) -> dict[str, Callable[[Any], Target]]:
    """SN's (own) and VON's (sibling) economy pages, with further URL kwargs per relation."""
    return {
        rel: (
            lambda w, rel=rel: Target(
                {"code": w.committee_of[rel].code, "year": 2019, **{k: f(w, rel) for k, f in extra.items()}}
            )
        )
        for rel in BOTH
    }


def _forecast(w: Any, rel: str) -> str:
    """An operation area with a forecast at Delår 1, made inside the case's rolled-back savepoint."""
    from decimal import Decimal

    from digipuff.economy.services import forecast_set

    forecast_set(
        actor=None, committee=w.committee_of[rel], year=2019, month=3, area=w.area[rel],
        amounts={w.cost_line[rel].pk: Decimal(1000)},
    )  # fmt: skip
    return w.area[rel].code


def _const(value: Any) -> Callable[[Any, str], Any]:
    return lambda w, rel: value


MEASURE = {"description": "Vakanshållning", "effect": "1"}


def _forecast_rows(rel):
    """A forecast of the committee's area VB at Delår 1 (month 3), as another system would send it."""
    row = {"year": 2019, "month": 3, "area": "VB", "amount": "1000"}
    return lambda w: Target(
        json={"rows": [{**row, "committee": w.committee_of[rel].code, "cost_line": w.cost_line[rel].code}]}
    )


ENDPOINTS = [
    Endpoint("economy:overview", Action.VIEW, _in()),
    Endpoint("economy:export", Action.VIEW, _in(table=_const("by_area"))),
    Endpoint("economy:import", Action.ECONOMY, _in(), methods=FORM, data=lambda w: {"kind": "sie"}),
    Endpoint("economy:budget_template", Action.ECONOMY, _in()),
    Endpoint("economy:forecasts", Action.VIEW, _in(month=_const(3))),
    Endpoint(
        "economy:forecast_edit",
        Action.ECONOMY,
        _in(month=_const(3), area=_const("VB")),
        methods=FORM,
        data=lambda w: {f"f_{w.cost_line[OWN].pk}": "1", f"v_{w.cost_line[OWN].pk}": 0},
    ),
    Endpoint("economy:records", Action.VIEW, _in(month=_const(3), kind=_const("measures"))),
    Endpoint(
        "economy:record_new",
        Action.ECONOMY,
        _in(month=_const(3), kind=_const("measures")),
        methods=FORM,
        data=lambda w: MEASURE,
    ),
    Endpoint(
        "economy:record_edit",
        Action.ECONOMY,
        _in(month=_const(3), kind=_const("measures"), pk=lambda w, rel: w.balance[rel].pk),
        methods=FORM,
        data=lambda w: {**MEASURE, "version": 1},
    ),
    Endpoint(
        "economy:record_delete",
        Action.ECONOMY,
        _in(month=_const(3), kind=_const("measures"), pk=lambda w, rel: w.balance[rel].pk),
        methods=FORM,
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "economy:forecast_delete",
        Action.ECONOMY,
        _in(month=_const(3), area=lambda w, rel: _forecast(w, rel)),
        methods=FORM,
        data=lambda w: {},
    ),
    Endpoint("economy:mapping", Action.VIEW, _in()),
    Endpoint("economy:settings", Action.ECONOMY, _in(), methods=FORM, data=lambda w: {}),
    Endpoint(
        "economy:cost_line_new",
        Action.ECONOMY,
        _in(),
        methods=FORM,
        data=lambda w: {"code": "NY", "name": "Ny", "kind": "cost", "sort_order": 1, "ranges": "8800-8899"},
    ),
    Endpoint(
        "economy:cost_line_edit",
        Action.ECONOMY,
        _in(pk=lambda w, rel: w.cost_line[rel].pk),
        methods=FORM,
        data=lambda w: {},
    ),
    Endpoint(
        "economy:cost_line_delete",
        Action.ECONOMY,
        _in(pk=lambda w, rel: w.cost_line[rel].pk),
        methods=FORM,
        data=lambda w: {},
    ),
    Endpoint("economy:area_new", Action.ECONOMY, _in(), methods=FORM, data=lambda w: {}),
    Endpoint(
        "economy:area_delete", Action.ECONOMY, _in(pk=lambda w, rel: w.area[rel].pk), methods=FORM, data=lambda w: {}
    ),
    Endpoint(
        "economy:area_edit", Action.ECONOMY, _in(pk=lambda w, rel: w.area[rel].pk), methods=FORM, data=lambda w: {}
    ),
    Endpoint(
        "api:forecast-batch-list",
        Action.ECONOMY,
        {rel: _forecast_rows(rel) for rel in BOTH},
        methods=("POST",),
        ok_post=frozenset({200}),
        rows_filtered=False,
    ),
    Endpoint(
        "api:economy-import-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=w.ledger[rel].pk)) for rel in BOTH},
    ),
    Endpoint(
        "api:economy-import-detail",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": w.ledger[rel].pk})) for rel in BOTH},
        addressed_by=OBJECT,
    ),
    # One committee's tables, named by its code: 403 for a committee the user may not view.
    Endpoint(
        "api:economy-table-list",
        Action.VIEW,
        {
            rel: (lambda w, rel=rel: Target(query={"committee": w.committee_of[rel].code, "year": 2019, "month": 3}))
            for rel in BOTH
        },
        rows_filtered=False,
    ),
]

test_permission_matrix = declare("economy", ENDPOINTS)
