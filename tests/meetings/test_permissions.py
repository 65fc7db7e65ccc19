"""Cases' pages and API routes in the shared permission suite (tests/permissions.py): VIEW to read, EDIT to
register, edit and move a case on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digipuff.core.choices import Action
from digipuff.meetings import services
from tests.permissions import OBJECT, OWN, SIBLING, Endpoint, Target, code, declare

FORM = ("GET", "POST")
CASE = {"version": 0, "title": "Nytt ärende"}


def _case(w: Any, relation: str) -> Any:
    # Made inside the matrix's savepoint, so every check starts from the same series and leaves nothing behind.
    return services.case_register(actor=None, committee=w.committee_of[relation], year=2019, title="Ärende")


def _at(relation: str) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        case = _case(w, relation)
        return Target({"code": case.committee.code, "year": 2019, "pk": case.pk})

    return target


def _with_statement(relation: str) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        from digipuff.meetings import statements

        case = _case(w, relation)
        statements.statement_create(actor=None, case=case, from_report=False)
        return Target({"code": case.committee.code, "year": 2019, "pk": case.pk})

    return target


STATEMENT = {rel: _with_statement(rel) for rel in (OWN, SIBLING)}
STATEMENT_FORM = {
    "version": 1,
    "administration": "Socialförvaltningen",
    "dated": "2019-03-20",
    "proposal": "<p>Förslag</p>",
    "recipients": "Kommunstyrelsen",
}

ENDPOINTS = [
    Endpoint("meetings:case_list", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
    Endpoint(
        "meetings:case_create",
        Action.EDIT,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=FORM,
        data=lambda w: CASE,
    ),
    Endpoint("meetings:case", Action.VIEW, {OWN: _at(OWN), SIBLING: _at(SIBLING)}),
    Endpoint(
        "meetings:case_edit",
        Action.EDIT,
        {OWN: _at(OWN), SIBLING: _at(SIBLING)},
        methods=FORM,
        data=lambda w: {**CASE, "version": 1},
    ),
    Endpoint(
        "meetings:case_status",
        Action.EDIT,
        {OWN: _at(OWN), SIBLING: _at(SIBLING)},
        methods=FORM,
        data=lambda w: {"version": 1, "status": "preparing"},
    ),
    Endpoint("meetings:statement", Action.VIEW, STATEMENT),
    Endpoint("meetings:statement", Action.VIEW, {OWN: _at(OWN), SIBLING: _at(SIBLING)}, variant="none yet"),
    Endpoint(
        "meetings:statement_create",
        Action.EDIT,
        {OWN: _at(OWN), SIBLING: _at(SIBLING)},
        methods=("POST",),
        data=lambda w: {"from_report": "1"},
    ),
    Endpoint("meetings:statement_edit", Action.EDIT, STATEMENT, methods=FORM, data=lambda w: STATEMENT_FORM),
    Endpoint(
        "meetings:statement_status",
        Action.APPROVE,
        STATEMENT,
        methods=("POST",),
        data=lambda w: {"version": 1, "status": "approved"},
    ),
    Endpoint(
        "meetings:statement_status",
        Action.EDIT,
        STATEMENT,
        methods=("POST",),
        data=lambda w: {"version": 1, "status": "ready"},
        variant="ready",
    ),
    Endpoint("meetings:statement_pdf", Action.VIEW, STATEMENT),
    Endpoint("meetings:statement_docx", Action.VIEW, STATEMENT),
    Endpoint(
        "api:case-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=_case(w, rel).pk)) for rel in (OWN, SIBLING)},
    ),
    Endpoint(
        "api:case-detail",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": _case(w, rel).pk})) for rel in (OWN, SIBLING)},
        addressed_by=OBJECT,
    ),
]

test_permission_matrix = declare("meetings", ENDPOINTS)
