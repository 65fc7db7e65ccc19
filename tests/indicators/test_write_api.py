"""POST /api/v1/values/batch/: measure values from another system, all or nothing, every problem named, stale
versions refused, idempotent with a client key, audited as the token's user."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from digipuff.indicators.choices import Breakdown
from digipuff.indicators.models import MeasureValue
from tests.factories import api_token, make_measure

pytestmark = pytest.mark.django_db

URL = "/api/v1/values/batch/"
RATIO = {"year": 2019, "month": 3}


@pytest.fixture
def measures(org):
    return {
        "plain": make_measure(org.sn, name="Antal placeringar"),
        "ratio": make_measure(org.sn, name="Andel nöjda", is_ratio=True, breakdown=Breakdown.GENDER),
        "von": make_measure(org.von, name="VON:s mått"),
    }


def client_for(user, scopes=("write_values",)):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token(user, scopes=list(scopes))}")
    return client


def post(client, rows, **headers):
    return client.post(URL, {"rows": rows}, format="json", headers=headers)


def test_a_writer_stores_values_and_ratios_audited_as_themselves(users, measures):
    response = post(
        client_for(users["writer"]),
        [
            {"measure": measures["plain"].pk, "year": 2019, "month": 0, "value": "42"},
            {**RATIO, "measure": measures["ratio"].pk, "group": "K", "numerator": "3", "denominator": "4"},
            {**RATIO, "measure": measures["ratio"].pk, "group": "M", "numerator": "1", "denominator": "2"},
        ],
    )
    assert response.status_code == 200, response.json()
    stored = {(v.measure_id, v.group): v for v in MeasureValue.objects.all()}
    assert stored[measures["plain"].pk, "T"].value == Decimal(42)
    assert stored[measures["ratio"].pk, "K"].numerator == Decimal(3)
    assert [row["row"] for row in response.json()["rows"]] == [0, 1, 2]
    assert all(row["version"] == 1 for row in response.json()["rows"])
    entries = LogEntry.objects.filter(content_type__model="measurevalue")
    assert entries.count() == 3
    assert {entry.actor for entry in entries} == {users["writer"]}


def test_a_stored_value_is_replaced_only_with_its_version(users, measures):
    client = client_for(users["writer"])
    row = {"measure": measures["plain"].pk, "year": 2019, "value": "1"}
    assert post(client, [row]).status_code == 200
    again = post(client, [{**row, "value": "2"}])
    assert again.status_code == 409
    assert again.json()["problems"] == [
        {
            "row": 0,
            "field": "version",
            "message": "Posten finns redan (version 1): skicka dess version för att ersätta den.",
            "kind": "conflict",
        }
    ]
    assert post(client, [{**row, "value": "2", "version": 1}]).json()["rows"][0]["version"] == 2
    stale = post(client, [{**row, "value": "3", "version": 1}])
    assert stale.status_code == 409
    assert "version 2, inte 1" in stale.json()["problems"][0]["message"]
    assert MeasureValue.objects.get().value == Decimal(2)


def test_every_problem_is_named_and_nothing_is_saved(users, measures):
    response = post(
        client_for(users["writer"]),
        [
            {"measure": measures["plain"].pk, "year": 2019, "value": "5"},  # fine, but not saved
            {"measure": measures["plain"].pk, "year": 2019, "month": 13, "value": "5"},
            {"measure": measures["ratio"].pk, "year": 2019, "group": "K", "value": "5"},
            {"measure": measures["ratio"].pk, "year": 2019, "group": "M", "numerator": "1"},
            {"measure": measures["plain"].pk, "year": 2019, "value": "6"},  # the same period as row 0
            "not a row",
            {"measure": measures["plain"].pk, "year": 2020, "valeu": "6"},
        ],
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Inget sparades: 6 problem."
    problems = {(p["row"], p["field"]): p["message"] for p in body["problems"]}
    assert "12" in problems[1, "month"]
    assert problems[2, None].startswith("Måttet räknas fram ur täljare och nämnare")
    assert problems[3, None] == "Ange både täljare och nämnare."
    assert problems[4, None] == "Rad 0 anger samma mått, period och grupp."
    assert problems[5, None] == "Varje rad är ett objekt med radens fält."
    assert problems[6, "valeu"] == "Okänt fält."
    assert not MeasureValue.objects.exists()


def test_a_row_naming_what_the_user_may_not_see_is_404_and_one_they_may_only_read_403(users, measures):
    writer = client_for(users["writer"])
    unseen = post(writer, [{"measure": measures["von"].pk, "year": 2019, "value": "1"}])
    missing = post(writer, [{"measure": 999999, "year": 2019, "value": "1"}])
    assert unseen.status_code == missing.status_code == 404
    assert unseen.json()["problems"] == missing.json()["problems"]
    reader = post(client_for(users["reader"]), [{"measure": measures["plain"].pk, "year": 2019, "value": "1"}])
    assert reader.status_code == 403
    assert reader.json()["problems"][0]["field"] == "measure"
    assert not MeasureValue.objects.exists()
    assert not LogEntry.objects.filter(content_type__model="measurevalue").exists()


def test_the_same_request_sent_again_with_its_key_is_answered_from_the_first(users, measures):
    client = client_for(users["writer"])
    rows = [{"measure": measures["plain"].pk, "year": 2019, "value": "7"}]
    first = post(client, rows, **{"Idempotency-Key": "a3f0c2d4-1"})
    second = post(client, rows, **{"Idempotency-Key": "a3f0c2d4-1"})
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert MeasureValue.objects.get().version == 1
    assert LogEntry.objects.filter(content_type__model="measurevalue").count() == 1
    other = post(client, [{**rows[0], "value": "8"}], **{"Idempotency-Key": "a3f0c2d4-1"})
    assert other.status_code == 422
    assert other.json()["detail"].startswith("Denna Idempotency-Key har använts för en annan begäran.")
    assert MeasureValue.objects.get().value == Decimal(7)


def test_a_refused_request_is_not_kept_under_its_key(users, measures):
    client = client_for(users["writer"])
    bad = post(client, [{"measure": measures["plain"].pk, "year": 2019, "month": 13}], **{"Idempotency-Key": "k1"})
    assert bad.status_code == 400
    good = post(client, [{"measure": measures["plain"].pk, "year": 2019, "value": "1"}], **{"Idempotency-Key": "k1"})
    assert good.status_code == 200


def test_another_user_with_the_same_key_is_a_request_of_their_own(users, measures):
    rows = [{"measure": measures["plain"].pk, "year": 2019, "value": "7"}]
    assert post(client_for(users["writer"]), rows, **{"Idempotency-Key": "shared"}).status_code == 200
    # The approver's request is not the writer's replayed: it is refused as replacing the writer's value.
    assert post(client_for(users["approver"]), rows, **{"Idempotency-Key": "shared"}).status_code == 409


@pytest.mark.parametrize("body", [{}, {"rows": []}, {"rows": {}}, [], {"rows": "x"}])
def test_a_body_without_rows_is_refused(users, measures, body):
    response = client_for(users["writer"]).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "rows"


def test_a_bad_key_is_refused(users, measures):
    rows = [{"measure": measures["plain"].pk, "year": 2019, "value": "7"}]
    response = post(client_for(users["writer"]), rows, **{"Idempotency-Key": "x" * 201})
    assert response.status_code == 400
    assert not MeasureValue.objects.exists()


def test_the_session_may_write_too(client, users, measures):
    client.force_login(users["writer"])
    rows = [{"measure": measures["plain"].pk, "year": 2019, "value": "7"}]
    assert client.post(URL, {"rows": rows}, content_type="application/json").status_code == 200
