"""Cases' and meetings' pages and API routes in the shared permission suite (tests/permissions.py): VIEW to read
(the public edition of the kallelse and handlingar), EDIT to register and edit cases, plan meetings and build the
agenda, and for the complete editions with the confidential items (meeting_selectors.may_see_confidential)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from digipuff.core.choices import Action
from digipuff.meetings import meeting_services, services
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


START = datetime(2019, 4, 9, 18, 0, tzinfo=timezone.get_default_timezone())
MEETING = {"version": 0, "starts_at": "2019-04-09T18:00", "place": "Sessionssalen"}


def _meeting(w: Any, relation: str) -> Any:
    return meeting_services.meeting_create(
        actor=None, committee=w.committee_of[relation], starts_at=START, place="Sessionssalen"
    )


def _at_meeting(relation: str) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        meeting = _meeting(w, relation)
        return Target({"code": meeting.committee.code, "year": 2019, "pk": meeting.pk})

    return target


def _with_statement(relation: str) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        from digipuff.meetings import statements

        case = _case(w, relation)
        statements.statement_create(actor=None, case=case, from_report=False)
        return Target({"code": case.committee.code, "year": 2019, "pk": case.pk})

    return target


def _at_item(relation: str, **extra: Any) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        meeting = _meeting(w, relation)
        meeting_services.meeting_create(
            actor=None, committee=meeting.committee, starts_at=START + timedelta(days=30), place="Sessionssalen"
        )
        item = meeting_services.agenda_item_add(actor=None, meeting=meeting, kind="standard", title="Punkt")
        meeting_services.agenda_item_add(actor=None, meeting=meeting, kind="standard", title="Punkt 2")
        return Target({"code": meeting.committee.code, "year": 2019, "pk": meeting.pk, "item_pk": item.pk, **extra})

    return target


def _fmt(relation: str, fmt: str) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        meeting = _meeting(w, relation)
        return Target({"code": meeting.committee.code, "year": 2019, "pk": meeting.pk, "fmt": fmt})

    return target


RELATIONS_ = (OWN, SIBLING)
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

ENDPOINTS += [
    Endpoint("meetings:meeting_list", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
    Endpoint(
        "meetings:meeting_create",
        Action.EDIT,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=FORM,
        data=lambda w: MEETING,
    ),
    Endpoint("meetings:meeting", Action.VIEW, {rel: _at_meeting(rel) for rel in RELATIONS_}),
    Endpoint(
        "meetings:meeting_edit",
        Action.EDIT,
        {rel: _at_meeting(rel) for rel in RELATIONS_},
        methods=FORM,
        data=lambda w: {**MEETING, "version": 1},
    ),
    Endpoint(
        "meetings:item_create",
        Action.EDIT,
        {rel: _at_meeting(rel) for rel in RELATIONS_},
        methods=FORM,
        data=lambda w: {"version": 0, "kind": "standard", "title": "Val av justerare"},
    ),
    Endpoint(
        "meetings:item_edit",
        Action.EDIT,
        {rel: _at_item(rel) for rel in RELATIONS_},
        methods=FORM,
        data=lambda w: {"version": 1, "title": "Ny rubrik"},
    ),
    Endpoint(
        "meetings:item_move",
        Action.EDIT,
        {rel: _at_item(rel) for rel in RELATIONS_},
        methods=("POST",),
        data=lambda w: {"version": 1, "direction": "down"},
    ),
    Endpoint(
        "meetings:item_withdraw",
        Action.EDIT,
        {rel: _at_item(rel) for rel in RELATIONS_},
        methods=("POST",),
        data=lambda w: {"version": 1},
    ),
    Endpoint(
        "meetings:item_confidential",
        Action.EDIT,
        {rel: _at_item(rel) for rel in RELATIONS_},
        methods=("POST",),
        data=lambda w: {"version": 1, "confidential": "1"},
    ),
    Endpoint(
        "meetings:item_postpone",
        Action.EDIT,
        {rel: _at_item(rel) for rel in RELATIONS_},
        methods=("GET",),
    ),
    *[
        Endpoint(name, action, {rel: _fmt(rel, fmt) for rel in RELATIONS_}, variant=fmt)
        for name, action in (("meetings:kallelse", Action.VIEW), ("meetings:kallelse_complete", Action.EDIT))
        for fmt in ("pdf", "docx")
    ],
    Endpoint("meetings:handlingar", Action.VIEW, {rel: _at_meeting(rel) for rel in RELATIONS_}),
    Endpoint("meetings:handlingar_complete", Action.EDIT, {rel: _at_meeting(rel) for rel in RELATIONS_}),
    Endpoint(
        "api:meeting-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=_meeting(w, rel).pk)) for rel in RELATIONS_},
    ),
    Endpoint(
        "api:meeting-detail",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": _meeting(w, rel).pk})) for rel in RELATIONS_},
        addressed_by=OBJECT,
    ),
    Endpoint(
        "api:agendaitem-list",
        Action.VIEW,
        {
            rel: (
                lambda w, rel=rel: Target(
                    listed=meeting_services.agenda_item_add(
                        actor=None, meeting=_meeting(w, rel), kind="standard", title="Punkt"
                    ).pk
                )
            )
            for rel in RELATIONS_
        },
    ),
    Endpoint(
        "api:agendaitem-detail",
        Action.VIEW,
        {
            rel: (
                lambda w, rel=rel: Target(
                    {
                        "pk": meeting_services.agenda_item_add(
                            actor=None, meeting=_meeting(w, rel), kind="standard", title="Punkt"
                        ).pk
                    }
                )
            )
            for rel in RELATIONS_
        },
        addressed_by=OBJECT,
    ),
]

test_permission_matrix = declare("meetings", ENDPOINTS)
