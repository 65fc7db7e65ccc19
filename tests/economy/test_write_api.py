"""POST /api/v1/forecasts/batch/: full-year forecasts per operation area and cost line from another system;
controllers and administrators (ECONOMY) only, all or nothing, stale versions refused, audited as the token's user."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from digipuff.economy.models import CostLine, Forecast
from tests.economy.helpers import areas
from tests.factories import api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/forecasts/batch/"


@pytest.fixture
def lines(org):
    areas(org.sn, org.sn_operation)
    areas(org.von)
    return list(CostLine.objects.filter(committee=org.sn, year=2019).order_by("pk")[:2])


def client_for(user, scopes=("write_forecasts",)):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token(user, scopes=list(scopes))}")
    return client


def row(line, amount="1000", **extra):
    return {
        "committee": "SN",
        "year": 2019,
        "month": 8,
        "area": "VB",
        "cost_line": line.code,
        "amount": amount,
        **extra,
    }


def post(client, rows, **headers):
    return client.post(URL, {"rows": rows}, format="json", headers=headers)


def test_a_controller_stores_forecasts_audited_as_themselves(users, lines):
    response = post(client_for(users["controller"]), [row(lines[0], "125000.50"), row(lines[1], "-3000")])
    assert response.status_code == 200, response.json()
    stored = {f.cost_line_id: f.amount for f in Forecast.objects.all()}
    assert stored == {lines[0].pk: Decimal("125000.50"), lines[1].pk: Decimal(-3000)}
    entries = LogEntry.objects.filter(content_type__model="forecast")
    assert {entry.actor for entry in entries} == {users["controller"]} and entries.count() == 2


def test_a_forecast_is_changed_and_removed_only_with_its_version(users, lines):
    client = client_for(users["controller"])
    assert post(client, [row(lines[0])]).status_code == 200
    assert post(client, [row(lines[0], "2000")]).status_code == 409
    assert post(client, [row(lines[0], "2000", version=1)]).json()["rows"][0]["version"] == 2
    stale = post(client, [row(lines[0], None, version=1)])
    assert stale.status_code == 409
    assert Forecast.objects.get().amount == Decimal(2000)
    removed = post(client, [row(lines[0], None, version=2)])
    assert removed.json()["rows"] == [{"row": 0, "id": None, "version": 0}]
    assert not Forecast.objects.exists()


def test_every_problem_is_named_and_nothing_is_saved(users, lines):
    response = post(
        client_for(users["controller"]),
        [
            row(lines[0]),
            row(lines[1], area="XX"),
            row(lines[1], cost_line="ZZZ"),
            row(lines[0], "5"),
            row(lines[1], month=13),
            row(lines[1], "12.345"),
        ],
    )
    assert response.status_code == 400
    problems = {(p["row"], p["field"]): p["message"] for p in response.json()["problems"]}
    assert problems[1, "area"] == "SN har inget verksamhetsområde XX 2019."
    assert problems[2, "cost_line"] == "SN har inget kostnadsslag ZZZ 2019."
    assert problems[3, None] == "Rad 0 anger samma prognos."
    assert (4, "month") in problems and (5, "amount") in problems
    assert not Forecast.objects.exists()


def test_writers_and_readers_may_not_and_other_committees_are_refused(users, lines):
    assert post(client_for(users["writer"]), [row(lines[0])]).status_code == 403
    assert post(client_for(users["nobody"]), [row(lines[0])]).status_code == 403
    von_line = CostLine.objects.filter(committee__code="VON", year=2019).first()
    assert post(client_for(users["controller"]), [row(von_line, committee="VON")]).status_code == 403
    assert post(client_for(users["controller"]), [row(lines[0], committee="NOPE")]).status_code == 404
    assert post(client_for(users["council_admin"]), [row(von_line, committee="VON")]).status_code == 200
    assert Forecast.objects.get().committee.code == "VON"


def test_the_same_request_sent_again_is_answered_from_the_first(users, lines):
    client = client_for(users["controller"])
    first = post(client, [row(lines[0])], **{"Idempotency-Key": "prognos-aug"})
    second = post(client, [row(lines[0])], **{"Idempotency-Key": "prognos-aug"})
    assert (first.status_code, second.status_code, second["Idempotent-Replayed"]) == (200, 200, "true")
    assert Forecast.objects.get().version == 1
    assert post(client, [row(lines[1])], **{"Idempotency-Key": "prognos-aug"}).status_code == 422
