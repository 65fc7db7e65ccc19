"""Measure pages, their forms, the import and the indicators API in the shared permission suite
(tests/permissions.py). A measure is named by its id: one the user may not view is 404."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from digipuff.core.choices import Action
from digipuff.indicators import services
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
        _measure(period_year=lambda w: 2019, month=lambda w: 0),
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
    # For whoever may enter values somewhere (EDIT on some unit); each imported row is then checked against the
    # policy for its own measure (tests/indicators/test_import.py, tests/trust/test_hostile_imports.py).
    Endpoint(
        "indicators:import",
        Action.EDIT,
        {OWN: lambda w: Target()},
        methods=FORM,
        data=lambda w: {
            "file": SimpleUploadedFile("utfall.csv", b"M\xc3\xa5tt-id;\xc3\x85r;V\xc3\xa4rde\n"),
            "dry_run": "on",
        },
    ),
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
    Endpoint(
        "api:value-batch-list",
        Action.EDIT,
        {
            rel: (
                lambda w, rel=rel: Target(json={"rows": [{"measure": w.measure[rel].pk, "year": 2019, "value": "7"}]})
            )
            for rel in (OWN, SIBLING)
        },
        addressed_by=OBJECT,
        methods=("POST",),
        ok_post=frozenset({200}),
        rows_filtered=False,
    ),
]


def _with_target(rel):
    def target(w):
        services.target_set(
            actor=None, measure=w.measure[rel], year=2019, expected_version=None, kind="qualitative",
            qualitative="increase",
        )  # fmt: skip
        return Target({"pk": w.measure[rel].pk, "year": 2019})

    return target


NEW_MEASURE = {
    "name": "Nytt mått", "kind": "measure", "unit": "percent", "decimals": "0", "direction": "higher",
    "source": "manual", "periodicity": "year", "ratio_scale": "100", "breakdown": "none", "sort_order": "0",
}  # fmt: skip

ENDPOINTS += [
    Endpoint(
        "indicators:measure_create",
        Action.ADMINISTER,
        {rel: (lambda w, rel=rel: Target({"code": w.committee_of[rel].code, "year": 2019})) for rel in (OWN, SIBLING)},
        methods=FORM,
        data=lambda w: NEW_MEASURE,
    ),
    Endpoint(
        "indicators:measure_edit",
        Action.ADMINISTER,
        _measure(),
        addressed_by=OBJECT,
        methods=FORM,
        data=lambda w: {**NEW_MEASURE, "name": "Ändrat mått"},
    ),
    Endpoint(
        "indicators:target_remove",
        Action.EDIT,
        {rel: _with_target(rel) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
        methods=("POST",),
    ),
]

test_permission_matrix = declare("indicators", ENDPOINTS)
