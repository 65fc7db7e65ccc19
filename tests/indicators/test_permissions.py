"""Measure pages, their forms, the import and the indicators API in the shared permission suite
(tests/permissions.py). A measure is named by its id: one the user may not view is 404."""

from __future__ import annotations

from digipuff.core.choices import Action
from tests.permissions import OBJECT, OWN, PUBLIC, SIBLING, Endpoint, Target, declare

FORM = ("GET", "POST")


def _measure(**extra):
    return {
        rel: (lambda w, rel=rel: Target({"pk": w.measure[rel].pk, **{k: f(w) for k, f in extra.items()}}))
        for rel in (OWN, SIBLING)
    }


ENDPOINTS = [
    Endpoint("indicators:measure", Action.VIEW, _measure(), addressed_by=OBJECT),
    Endpoint("indicators:values_history", Action.EDIT, _measure(), addressed_by=OBJECT),
    Endpoint(
        "indicators:measure_delete",
        Action.ADMINISTER,
        _measure(),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "indicators:values",
        Action.EDIT,
        _measure(),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"year": 2019, "value_total": "5"},
    ),
    Endpoint(
        "indicators:target",
        Action.EDIT,
        _measure(year=lambda w: 2019),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"kind": "value", "comparator": ">=", "value": "5"},
    ),
    Endpoint(
        "indicators:judgement",
        Action.EDIT,
        _measure(year=lambda w: 2019, month=lambda w: 0),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"judgement": "none", "text": "Ingen skillnad"},
    ),
    Endpoint(
        "indicators:analysis",
        Action.EDIT,
        _measure(occasion_pk=lambda w: w.d1.pk),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {"text": "Analys"},
    ),
    # Open to every signed-in user: each imported row is checked against the policy (tests/indicators/test_import.py).
    Endpoint("indicators:import", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("indicators:import_template", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint(
        "api:measure-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=w.measure[rel].pk)) for rel in (OWN, SIBLING)},
    ),
    Endpoint("api:measure-detail", Action.VIEW, _measure(), addressed_by=OBJECT),
    Endpoint(
        "api:measure-value-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=w.value[rel].pk)) for rel in (OWN, SIBLING)},
    ),
    Endpoint(
        "api:measure-value-detail",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": w.value[rel].pk})) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
    ),
]

test_permission_matrix = declare("indicators", ENDPOINTS)
