"""POST /api/v1/follow-ups/batch/: statuses and comments of activities and risk-reducing actions per report
occasion from another system; all or nothing, stale versions refused, audited as the token's user."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from digipuff.activities import services as activities
from digipuff.activities.models import ActivityFollowUp
from digipuff.internal_control import services as ic
from digipuff.internal_control.models import RiskActionFollowUp
from tests.factories import api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/follow-ups/batch/"


@pytest.fixture
def items(org):
    risk = ic.risk_create(
        actor=None, committee=org.sn, year=2019, title="Personalbrist", process="Bemanning", probability=3,
        consequence=4,
    )  # fmt: skip
    return {
        "activity": activities.activity_create(
            actor=None, committee=org.sn, year=2019, title="Införa digitala möten", owner_unit=org.sn_operation
        ),
        "action": ic.risk_action_create(actor=None, risk=risk, title="Rekrytera", owner_unit=org.sn),
        "von": activities.activity_create(
            actor=None, committee=org.von, year=2019, title="VON:s aktivitet", owner_unit=org.von
        ),
    }


def client_for(user, scopes=("write_statuses",)):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token(user, scopes=list(scopes))}")
    return client


def post(client, rows, **headers):
    return client.post(URL, {"rows": rows}, format="json", headers=headers)


def test_a_writer_sets_statuses_of_an_activity_and_a_risk_action(users, items):
    response = post(
        client_for(users["writer"]),
        [
            {"kind": "activity", "item": items["activity"].pk, "occasion": "interim1", "status": "blir-klart",
             "comment": "Upphandling pågår."},
            {"kind": "risk-action", "item": items["action"].pk, "occasion": "interim1", "status": "klart"},
        ],
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    follow_up = ActivityFollowUp.objects.get()
    assert (follow_up.status.code, follow_up.comment, follow_up.occasion.name) == (
        "blir-klart",
        "Upphandling pågår.",
        "Delår 1 2019",
    )
    assert RiskActionFollowUp.objects.get().status.code == "klart"
    entries = LogEntry.objects.filter(content_type__model__in=["activityfollowup", "riskactionfollowup"])
    assert entries.count() == 2
    assert {entry.actor for entry in entries} == {users["writer"]}


def test_a_stored_follow_up_is_replaced_only_with_its_version(users, items):
    client = client_for(users["writer"])
    row = {"kind": "activity", "item": items["activity"].pk, "occasion": "interim1", "status": "blir-klart"}
    assert post(client, [row]).status_code == 200
    assert post(client, [{**row, "status": "klart"}]).status_code == 409
    assert post(client, [{**row, "status": "klart", "version": 1}]).json()["rows"] == [
        {"row": 0, "id": ActivityFollowUp.objects.get().pk, "version": 2}
    ]
    stale = post(client, [{**row, "status": "ej-klart", "version": 1}])
    assert stale.status_code == 409
    assert stale.json()["problems"][0]["field"] == "version"
    assert ActivityFollowUp.objects.get().status.code == "klart"


def test_every_problem_is_named_and_nothing_is_saved(users, items):
    response = post(
        client_for(users["writer"]),
        [
            {"kind": "activity", "item": items["activity"].pk, "occasion": "interim1", "status": "klart"},
            {"kind": "activity", "item": items["activity"].pk, "occasion": "plan", "status": "klart"},
            {"kind": "risk-action", "item": items["action"].pk, "occasion": "Delår 9"},
            {"kind": "risk-action", "item": items["action"].pk, "occasion": "Delår 2 2019", "status": "nästan"},
            {"kind": "budget", "item": 1, "occasion": "interim1"},
        ],
    )
    assert response.status_code == 400
    problems = {(p["row"], p["field"]): p["message"] for p in response.json()["problems"]}
    assert problems[1, None].startswith("Uppföljning skrivs vid delår 1, delår 2 och verksamhetsberättelsen")
    assert problems[2, "occasion"] == "2019 har inget uppföljningstillfälle som heter eller är av slaget Delår 9."
    assert problems[3, "status"] == "Det finns ingen status i bruk med denna kod."
    assert (4, "kind") in problems
    assert not ActivityFollowUp.objects.exists() and not RiskActionFollowUp.objects.exists()


def test_another_committees_item_is_404_and_a_readers_own_403(users, items):
    row = {"kind": "activity", "occasion": "interim1", "status": "klart"}
    assert post(client_for(users["writer"]), [{**row, "item": items["von"].pk}]).status_code == 404
    assert post(client_for(users["reader"]), [{**row, "item": items["activity"].pk}]).status_code == 403
    assert post(client_for(users["controller"]), [{**row, "item": items["activity"].pk}]).status_code == 403
    assert not ActivityFollowUp.objects.exists()


def test_a_values_token_cannot_set_statuses(users, items):
    row = {"kind": "activity", "item": items["activity"].pk, "occasion": "interim1", "status": "klart"}
    response = post(client_for(users["writer"], scopes=["read", "write_values"]), [row])
    assert response.status_code == 403
    assert "Skriva status för aktiviteter och åtgärder" in response.json()["detail"]


def test_the_same_request_sent_again_is_answered_from_the_first(users, items):
    client = client_for(users["writer"])
    rows = [{"kind": "activity", "item": items["activity"].pk, "occasion": "interim1", "status": "klart"}]
    first = post(client, rows, **{"Idempotency-Key": "status-2019-d1"})
    second = post(client, rows, **{"Idempotency-Key": "status-2019-d1"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert ActivityFollowUp.objects.get().version == 1
