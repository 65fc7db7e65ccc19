"""Cases' and meetings' pages and API routes in the shared permission suite (tests/permissions.py): VIEW to read
(the public edition of the kallelse and handlingar, a justerat protokoll), EDIT to register and edit cases, plan
meetings, build the agenda, write the protokoll and report delegation decisions, and for the complete editions with the
confidential items and the archive package (meeting_selectors.may_see_confidential); ADMINISTER to justera the
protokoll (which may fastställa reports); the public editions (signed kallelse, justerat protokoll) for anyone."""

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


# -- the protokoll, delegation decisions, decisions not executed, the archive package, the public editions ----------


def _protokoll(w: Any, relation: str, *, adjusted: bool) -> Any:
    from datetime import date

    from digipuff.meetings import protokoll

    meeting = meeting_services.meeting_create(
        actor=None,
        committee=w.committee_of[relation],
        starts_at=START,
        place="Sessionssalen",
        signed_place="Huddinge",
        signed_on=date(2019, 3, 22),
    )
    item = meeting_services.agenda_item_add(
        actor=None, meeting=meeting, kind="standard", title="Godkännande av föredragningslistan"
    )
    protokoll.protokoll_save(
        actor=None,
        meeting=meeting,
        expected_version=None,
        adjusters="Jan-Olof Bodén",
        adjusted_on=date(2019, 4, 15),
        posted_on=date(2019, 4, 16),
    )
    item.refresh_from_db()
    decision = protokoll.decision_save(
        actor=None, item=item, expected_version=None, outcome="approved", decision="Listan godkänns."
    )
    if adjusted:
        protokoll.protokoll_adjust(actor=None, meeting=meeting, expected_version=None)
    return meeting, item, decision


def _at_protokoll(relation: str, *, adjusted: bool, with_item: bool = False) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        meeting, item, _decision = _protokoll(w, relation, adjusted=adjusted)
        kwargs = {"code": meeting.committee.code, "year": 2019, "pk": meeting.pk}
        if with_item:
            kwargs["item_pk"] = item.pk
        return Target(kwargs)

    return target


def _public_target(*, adjusted: bool) -> Callable[[Any], Target]:
    def target(w: Any) -> Target:
        meeting, _item, _decision = _protokoll(w, OWN, adjusted=adjusted)
        return Target({"pk": meeting.pk})

    return target


DECISION = {"version": 1, "outcome": "noted", "decision": "Noteras."}
DELEGATION = {"decided_on": "2019-03-04", "delegate": "Enhetschef", "subject": "Föreningsbidrag"}

ENDPOINTS += [
    Endpoint("meetings:protokoll", Action.VIEW, {rel: _at_protokoll(rel, adjusted=True) for rel in RELATIONS_}),
    Endpoint(
        "meetings:protokoll_edit",
        Action.EDIT,
        {rel: _at_protokoll(rel, adjusted=False) for rel in RELATIONS_},
        methods=FORM,
        data=lambda w: {"version": 1, "adjusters": "Arne Tärnblom"},
    ),
    Endpoint(
        "meetings:decision_edit",
        Action.EDIT,
        {rel: _at_protokoll(rel, adjusted=False, with_item=True) for rel in RELATIONS_},
        methods=FORM,
        data=lambda w: DECISION,
    ),
    Endpoint(
        "meetings:protokoll_adjust",
        Action.ADMINISTER,
        {rel: _at_protokoll(rel, adjusted=False) for rel in RELATIONS_},
        methods=("POST",),
        data=lambda w: {"version": 1},
    ),
    Endpoint("meetings:protokoll_pdf", Action.VIEW, {rel: _at_protokoll(rel, adjusted=True) for rel in RELATIONS_}),
    Endpoint(
        "meetings:protokoll_complete", Action.EDIT, {rel: _at_protokoll(rel, adjusted=True) for rel in RELATIONS_}
    ),
    Endpoint("meetings:meeting_archive", Action.EDIT, {rel: _at_protokoll(rel, adjusted=True) for rel in RELATIONS_}),
    Endpoint("meetings:delegation_list", Action.VIEW, {rel: _at_meeting(rel) for rel in RELATIONS_}),
    Endpoint(
        "meetings:delegation_list",
        Action.EDIT,
        {rel: _at_meeting(rel) for rel in RELATIONS_},
        methods=("POST",),
        data=lambda w: DELEGATION,
        variant="add",
    ),
    Endpoint("meetings:non_executed", Action.VIEW, {OWN: code(OWN), SIBLING: code(SIBLING)}),
    Endpoint(
        "meetings:non_executed",
        Action.EDIT,
        {OWN: code(OWN), SIBLING: code(SIBLING)},
        methods=("POST",),
        data=lambda w: {"quarter": 1, "area": "Individ- och familjeomsorgen", "women": 3, "men": 9},
        variant="enter",
    ),
    Endpoint("meetings:public_kallelse", None, {OWN: _public_target(adjusted=False)}, public=True),
    Endpoint("meetings:public_protokoll", None, {OWN: _public_target(adjusted=True)}, public=True),
    Endpoint(
        "api:decision-list",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target(listed=_protokoll(w, rel, adjusted=True)[2].pk)) for rel in RELATIONS_},
    ),
    Endpoint(
        "api:decision-detail",
        Action.VIEW,
        {rel: (lambda w, rel=rel: Target({"pk": _protokoll(w, rel, adjusted=True)[2].pk})) for rel in RELATIONS_},
        addressed_by=OBJECT,
    ),
]

test_permission_matrix = declare("meetings", ENDPOINTS)
