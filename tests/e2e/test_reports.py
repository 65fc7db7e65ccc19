"""The demo delårsrapport in a real browser: the report list, the report page, progress, a text editor and
"Mina texter", each checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from digipuff.reports.models import Report, ReportText
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _check(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_writer_reads_the_report_and_opens_a_text(page, live_server):
    call_command("demo", verbosity=0)
    report = Report.objects.get(committee__code="SN", report_type="delar1", occasion__year__year=2019)
    sign_in(page, live_server, "skribent", "digipuff-demo")
    page.goto(f"{live_server.url}/reports/SN/2019/")
    _check(page, "reports-list")
    page.goto(f"{live_server.url}/reports/report/{report.pk}/")
    assert "Delårsrapport 1 2019" in page.locator("h1").inner_text()
    _check(page, "report")
    page.goto(f"{live_server.url}/reports/report/{report.pk}/progress/")
    _check(page, "report-progress")
    text = ReportText.objects.filter(report=report).order_by("pk").first()
    page.goto(f"{live_server.url}/reports/text/{text.pk}/")
    _check(page, "report-text")
    page.goto(f"{live_server.url}/reports/mine/")
    _check(page, "report-mine")


def test_writer_proposes_a_text_from_the_data_and_sets_notices(page, live_server):
    """ "Föreslå text ur data" puts the sickness-absence goal's draft into the editor, unsaved; the notice settings
    page; both checked with axe."""
    call_command("demo", verbosity=0)
    report = Report.objects.get(committee__code="SN", report_type="delar1", occasion__year__year=2019)
    text = ReportText.objects.get(report=report, title="Goda förutsättningar")
    sign_in(page, live_server, "skribent", "digipuff-demo")
    page.goto(f"{live_server.url}/reports/text/{text.pk}/")
    page.get_by_role("link", name="Föreslå text ur data").click()
    page.locator("#draft-status", has_text="inte").wait_for()
    editor = page.locator("#editor")
    assert "Sjukfrånvaro (total), r12, var 5,7 % i februari 2019." in editor.inner_text()
    assert editor.locator("sup.fn").count() >= 10
    _check(page, "report-text-draft")
    text.refresh_from_db()
    assert "5,7 %" not in text.body  # not saved until the writer saves
    page.get_by_role("button", name="Spara", exact=True).click()
    page.locator("#save-status[data-state=saved]").wait_for()
    text.refresh_from_db()
    assert "Sjukfrånvaro (total), r12, var 5,7 % i februari 2019." in text.body and 'class="fn"' in text.body
    page.goto(f"{live_server.url}/reports/text/{text.pk}/draft/")  # without JavaScript: the proposal to copy
    _check(page, "report-text-draft-page")
    page.goto(f"{live_server.url}/account/notices/")
    page.get_by_label("En tidsfrist närmar sig").uncheck()
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_label("En tidsfrist närmar sig").is_checked() is False
    _check(page, "notices")
