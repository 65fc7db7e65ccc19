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
