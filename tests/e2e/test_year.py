"""The kvalitetsenhet creates 2022 from 2021 in the browser: the dry run, the confirmation, the new year's report
occasions edited, and the year bar opening the same page for another year; checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from digipuff.goals.models import CommitteeGoal, Goal
from digipuff.organisation.models import ReportOccasion
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_administrator_creates_2022_from_2021(page, live_server):
    call_command("demo", verbosity=0)
    sign_in(page, live_server, "admin", "digipuff-demo")
    page.click("nav a:text('Planeringsår')")
    page.wait_for_url("**/org/years/")
    assert axe_violations(page) == []
    page.fill("#id_year", "2022")
    page.select_option("#id_from_year", "2021")
    page.click("button:text('Visa vad som skulle skapas')")
    preview = page.locator(".year-preview")
    assert preview.locator("h3").inner_text() == "Att skapa 2022 från 2021 skulle skapa"
    assert preview.locator("tr:has-text('Målnivåer') td").inner_text() != "0"
    assert axe_violations(page) == []
    assert not Goal.objects.filter(year=2022).exists()
    page.click("button:text('Skapa 2022')")
    page.wait_for_url("**/org/years/2022/occasions/")
    assert "Året 2022 skapades från 2021" in page.locator(".alert-success").inner_text()
    assert Goal.objects.filter(year=2022).count() == Goal.objects.filter(year=2021).count()
    assert (
        CommitteeGoal.objects.filter(goal__year=2022).count() == CommitteeGoal.objects.filter(goal__year=2021).count()
    )
    assert axe_violations(page) == []

    d1 = ReportOccasion.objects.get(year__year=2022, kind="interim1")
    card = page.locator(f"section[aria-labelledby='occasion-{d1.pk}']")
    card.locator("input[type=date][name$='-deadline']").fill("2022-04-22")
    card.locator("button:text('Spara')").click()
    page.wait_for_url("**/org/years/2022/occasions/")
    assert "Tillfället Delår 1 2022 sparades." in page.locator(".alert-success").inner_text()
    d1.refresh_from_db()
    assert d1.deadline.isoformat() == "2022-04-22"

    # The year bar opens the same page for the year chosen.
    page.goto(f"{live_server.url}/goals/SN/2022/")
    assert page.locator("h1").inner_text().startswith("Mål och resultat 2022")
    page.select_option("#nav-year", "2021")
    page.wait_for_url(re.compile(r".*/goals/SN/2021/$"))
    assert page.locator("h1").inner_text().startswith("Mål och resultat 2021")
    assert axe_violations(page) == []
