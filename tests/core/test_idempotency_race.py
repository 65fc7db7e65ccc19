"""Two requests with the same Idempotency-Key at the same moment, on two database connections (PostgreSQL): the
second waits for the first and gets its answer; the values are written once. SQLite serialises writers, so the race
needs PostgreSQL (`DATABASE_URL=postgres://...`); the sequential replay is in tests/indicators/test_write_api.py."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from digipuff.indicators.api.views import ValueBatchViewSet
from digipuff.indicators.models import MeasureValue
from tests.factories import api_token, make_measure

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race between two connections needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

HOLD = 0.6  # how long the first request stays inside its transaction after writing its key


def test_the_same_key_at_the_same_moment_writes_once_and_both_get_the_answer(org, users, monkeypatch):
    measure = make_measure(org.sn)
    secret = api_token(users["writer"], scopes=["write_values"])
    body = {"rows": [{"measure": measure.pk, "year": 2019, "value": "12"}]}
    entered = threading.Event()
    check = ValueBatchViewSet.check

    def slow_check(self, rows, problems, user):
        if not entered.is_set():
            entered.set()
            time.sleep(HOLD)  # the second request is now waiting on the key's row
        return check(self, rows, problems, user)

    monkeypatch.setattr(ValueBatchViewSet, "check", slow_check)
    answers: dict[str, object] = {}

    def send(name: str) -> None:
        if name == "second":
            entered.wait(5)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        try:
            answers[name] = client.post(
                "/api/v1/values/batch/", body, format="json", headers={"Idempotency-Key": "same-moment"}
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    first, second = answers["first"], answers["second"]
    assert (first.status_code, second.status_code) == (200, 200), (first.content, second.content)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert MeasureValue.objects.get().version == 1
