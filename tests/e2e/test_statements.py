"""A handläggare writes the tjänsteutlåtande of a case from its report in the browser, marks it ready, and the
approver approves it; axe on the case page, the statement page and its editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from digipuff.core.choices import Role
from digipuff.meetings import services
from digipuff.meetings.models import Statement
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp")


def _check(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"utlatande-{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_writer_writes_the_statement_from_the_report_and_the_approver_approves_it(page, live_server, org, users):
    from digipuff.economy import demo

    demo.load_committee(org.sn)
    plan = reports.report_create(actor=None, committee=org.sn, report_type=ReportType.PLAN, year=2019)
    case = services.case_register(
        actor=None,
        committee=org.sn,
        year=2019,
        number=149,
        title="Reviderad verksamhetsplan 2019 för socialnämnden",
        officer_name="Linn Byström",
        report=plan,
    )
    sign_in(page, live_server, users[Role.WRITER].username)
    page.goto(f"{live_server.url}/meetings/SN/2019/cases/{case.pk}/")
    _check(page, "case")
    page.click("text=Skriv tjänsteutlåtandet")
    _check(page, "statement-none")
    page.click("button:text('Skriv det utifrån Verksamhetsplan 2019')")
    page.wait_for_selector("text=Tjänsteutlåtandet påbörjades.")
    assert "Socialnämndens budgetram för 2019 är 418,0" in page.locator("article").inner_text()
    assert page.locator("article a[href='/economy/SN/2019/']").count() >= 1
    _check(page, "statement")
    page.click("text=Redigera tjänsteutlåtandet")
    _check(page, "statement-form")
    page.click("#editor-views")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Förvaltningen tillstyrker förslaget.")
    page.fill("textarea[name=signatories]", "Annmarie Sandberg, Social- och äldreomsorgsdirektör")
    page.click("button:text('Spara')")
    page.wait_for_selector("text=Tjänsteutlåtandet sparades (version 2).")
    assert "Förvaltningen tillstyrker förslaget." in page.locator("article").inner_text()
    page.click("button:text('Markera klar för granskning')")
    page.wait_for_selector("text=Tjänsteutlåtandet är nu: klar för granskning.")
    page.context.clear_cookies()
    sign_in(page, live_server, users[Role.APPROVER].username)
    page.goto(f"{live_server.url}/meetings/SN/2019/cases/{case.pk}/statement/")
    page.click("button:text('Godkänn')")
    page.wait_for_selector("text=Tjänsteutlåtandet är nu: godkänd.")
    _check(page, "statement-approved")
    statement = Statement.objects.get(case=case)
    assert statement.status == "approved" and "tillstyrker" in statement.views
    assert statement.signatories == [{"name": "Annmarie Sandberg", "title": "Social- och äldreomsorgsdirektör"}]
