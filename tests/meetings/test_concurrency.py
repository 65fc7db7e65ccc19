"""Two registrations at the same moment on two database connections (PostgreSQL) never get the same number: the
second waits for the first's lock on the series row and takes the next number — also for the very first case of a
year, when the series row does not exist yet."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from digipuff.meetings import services
from digipuff.meetings.models import Case

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race between two connections needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _race(committee) -> tuple[object, object]:
    """The first registers and holds its transaction open until the second has started its own."""
    registered, started = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def one() -> None:
        try:
            with transaction.atomic():
                results["first"] = services.case_register(actor=None, committee=committee, year=2019, title="A")
                registered.set()
                started.wait(5)
                time.sleep(0.5)
        except Exception as exc:
            results["first"] = exc
        finally:
            registered.set()
            connection.close()

    def two() -> None:
        registered.wait(5)
        started.set()
        try:
            results["second"] = services.case_register(actor=None, committee=committee, year=2019, title="B")
        except Exception as exc:
            results["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results["first"], results["second"]


@pytest.mark.parametrize("existing", [0, 1], ids=["first of the year", "series under way"])
def test_concurrent_registrations_get_different_numbers(org, existing):
    for _ in range(existing):
        services.case_register(actor=None, committee=org.sn, year=2019, title="Tidigare")
    first, second = _race(org.sn)
    assert isinstance(first, Case), first
    assert isinstance(second, Case), second
    numbers = sorted(Case.objects.filter(committee=org.sn, year=2019).values_list("number", flat=True))
    assert numbers == list(range(1, existing + 3))
    assert {first.number, second.number} == {existing + 1, existing + 2}
