"""The golden thread and a measure page in a real browser, checked with axe."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from digipuff.indicators.models import Measure
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_writer_reads_the_thread_and_opens_a_measure(page, live_server):
    call_command("demo", verbosity=0)
    sign_in(page, live_server, "skribent", "digipuff-demo")
    page.goto(f"{live_server.url}/goals/SN/2019/")
    assert page.locator("h1").inner_text().startswith("Mål och resultat 2019")
    assert axe_violations(page) == []
    page.click("a:text('Sjukfrånvaro (total)')")
    page.wait_for_url("**/indicators/measures/*/")
    assert page.locator("h1").inner_text() == "Sjukfrånvaro (total)"
    assert page.locator("svg[role=img]").count() == 1
    assert axe_violations(page) == []
    measure = Measure.objects.get(name="Sjukfrånvaro (total)")
    page.goto(f"{live_server.url}/indicators/measures/{measure.pk}/values/?year=2019&month=2")
    assert axe_violations(page) == []
