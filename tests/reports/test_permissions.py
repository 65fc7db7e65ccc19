"""The reports' pages and API routes in the shared permission suite (tests/permissions.py). A report or text is
named by its id (404 when the user may not view it); templates belong to the municipality (ADMINISTER on the
council, 403 otherwise)."""

from __future__ import annotations

from digipuff.core.choices import Action
from tests.permissions import ABOVE, OBJECT, OWN, PUBLIC, SIBLING, Endpoint, Target, code, declare

BOTH = (OWN, SIBLING)


def _report(**extra):
    return {
        rel: (lambda w, rel=rel: Target({"pk": w.report[rel].pk, **{k: f(w) for k, f in extra.items()}}))
        for rel in BOTH
    }


def _text():
    return {rel: (lambda w, rel=rel: Target({"pk": w.text[rel].pk})) for rel in BOTH}


ENDPOINTS = [
    Endpoint("reports:list", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
    Endpoint(
        "reports:list",
        Action.ADMINISTER,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=("POST",),
        data=lambda w: {"report_type": "interim2"},
        variant="create",
    ),
    Endpoint("reports:mine", PUBLIC, {OWN: lambda w: Target()}),
    Endpoint("reports:detail", Action.VIEW, _report(), addressed_by=OBJECT),
    Endpoint("reports:progress", Action.VIEW, _report(), addressed_by=OBJECT),
    Endpoint("reports:download", Action.VIEW, _report(fmt=lambda w: "html"), addressed_by=OBJECT),
    # The view lets every viewer through; the service decides per status (tests/reports/test_services.py). An empty
    # form changes nothing and answers with a redirect.
    Endpoint("reports:report_status", Action.VIEW, _report(), addressed_by=OBJECT, methods=("POST",)),
    Endpoint(
        "reports:freeze",
        Action.ADMINISTER,
        _report(),
        addressed_by=OBJECT,
        methods=("GET", "POST"),
        data=lambda w: {"decided_on": "2019-05-20", "case_number": "SN 2019/1"},
    ),
    Endpoint(
        "reports:delete",
        Action.ADMINISTER,
        _report(),
        addressed_by=OBJECT,
        methods=("GET", "POST"),
        data=lambda w: {"version": 1},
    ),
    Endpoint("reports:text", Action.VIEW, _text(), addressed_by=OBJECT),
    Endpoint(
        "reports:text",
        Action.EDIT,
        _text(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"body": "<p>Text</p>", "version": 1},
        variant="write",
    ),
    # "Föreslå text ur data": only for those who may write the text (it is a proposal for the editor).
    Endpoint("reports:text_draft", Action.EDIT, _text(), addressed_by=OBJECT),
    Endpoint("reports:text_status", Action.VIEW, _text(), addressed_by=OBJECT, methods=("POST",)),
    Endpoint(
        "reports:text_assign",
        Action.ADMINISTER,
        _text(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"version": 1, "writer": w.users["writer"].pk},
    ),
    Endpoint(
        "reports:text_applicable",
        Action.ADMINISTER,
        _text(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "reports:assign",
        Action.ADMINISTER,
        _report(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"group": "all", "writer": w.users["writer"].pk},
    ),
    Endpoint(
        "reports:apply_template",
        Action.ADMINISTER,
        _report(),
        addressed_by=OBJECT,
        methods=("POST",),
        data=lambda w: {"version": 1},
    ),
    Endpoint("reports:templates", Action.ADMINISTER, {ABOVE: lambda w: Target()}),
    Endpoint(
        "reports:template",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target({"pk": w.template.pk})},
        methods=("GET", "POST"),
        data=lambda w: {"action": "copy", "copy-year": 2020, "copy-name": "Kopia"},
    ),
    Endpoint(
        "reports:template_section",
        Action.ADMINISTER,
        {ABOVE: lambda w: Target({"pk": w.section.pk})},
        methods=("POST",),
        data=lambda w: {"action": "down"},
    ),
    Endpoint(
        "api:report-list", Action.VIEW, {rel: (lambda w, rel=rel: Target(listed=w.report[rel].pk)) for rel in BOTH}
    ),
    Endpoint("api:report-detail", Action.VIEW, _report(), addressed_by=OBJECT),
]

test_permission_matrix = declare("reports", ENDPOINTS)
