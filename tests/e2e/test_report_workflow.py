"""The demo delårsrapport from draft to approved in a real browser, in under 20 clicks: the administrator gives the
goal analyses to the writer in one go and marks three texts not applicable, the writer marks the last texts ready
and the report ready for review, the approver approves the report. Each page checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from digipuff.reports.choices import Status
from digipuff.reports.models import Report, ReportText
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "digipuff-demo"


class Clicks:
    """Every click, choice in a list and sign-in the people make, counted."""

    def __init__(self, page, live_server) -> None:
        self.page, self.live_server, self.count = page, live_server, 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def choose(self, locator, **option) -> None:
        self.count += 1
        locator.select_option(**option)

    def sign_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.count += 1  # the sign-in button
        sign_in(self.page, self.live_server, username, PASSWORD)


def _axe(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_demo_report_goes_from_draft_to_approved_in_under_20_clicks(page, live_server):
    call_command("demo", verbosity=0)
    report = Report.objects.get(committee__code="SN", report_type="delar1", occasion__year__year=2019)
    report_url = f"{live_server.url}/reports/report/{report.pk}/"
    empty = list(
        ReportText.objects.filter(report=report, body="", not_applicable=False).order_by("section__order", "order")
    )
    # The demo leaves three goal analyses undecided; the rest are written (most approved) or not applicable.
    assert len(empty) == 3, [t.title for t in empty]
    clicks = Clicks(page, live_server)

    # The administrator: the goal analyses to the writer with one deadline, the three empty texts not applicable.
    clicks.sign_in("admin")
    page.goto(report_url)
    assert page.get_by_role("button", name="Rapporten klar för granskning").count() == 0  # it cannot succeed yet
    warning = page.locator(".alert-warning", has_text="före granskning")
    assert all(warning.get_by_role("link", name=t.title).count() for t in empty)
    _axe(page)
    clicks.choose(
        page.get_by_label("Texter", exact=True),
        label=page.locator("#id_group option", has_text="Mål som ägs av").first.inner_text(),
    )
    clicks.choose(page.get_by_label("Skribent", exact=True), label="skribent")
    page.get_by_label("Sista dag", exact=True).fill("2019-04-15")
    clicks.click(page.get_by_role("button", name="Tilldela", exact=True))
    page.locator(".alert-success", has_text="texter gavs till Sara Skribent").wait_for()
    for text in empty:
        clicks.click(page.get_by_role("button", name=f"Markera {text.title} som ej aktuell"))
        page.locator(".alert-success", has_text=f"{text.title} är inte aktuell").wait_for()
    assert page.locator(".alert-warning", has_text="före granskning").count() == 0
    page.screenshot(path="/tmp/workflow-admin.png")
    _axe(page)

    # The writer: the texts still being written are marked ready, then the report.
    clicks.sign_in("skribent")
    for text in ReportText.objects.filter(report=report, not_applicable=False, status=Status.IN_PROGRESS):
        page.goto(f"{live_server.url}/reports/text/{text.pk}/")
        clicks.click(page.get_by_role("button", name="Markera klar för granskning"))
        page.locator(".alert-success", has_text="Texten har nu status: klar för granskning.").wait_for()
    page.goto(report_url)
    clicks.click(page.get_by_role("button", name="Rapporten klar för granskning"))
    page.locator(".alert-success", has_text="Rapporten har nu status: klar för granskning.").wait_for()
    assert page.get_by_role("button", name="Rapporten klar för granskning").count() == 0

    # The approver approves the report, and with it the texts waiting for review.
    clicks.sign_in("godkannare")
    page.goto(report_url)
    clicks.click(page.get_by_role("button", name="Godkänn rapporten"))
    page.locator(".alert-success", has_text="Rapporten har nu status: godkänd.").wait_for()
    _axe(page)

    report.refresh_from_db()
    assert report.status == Status.APPROVED
    texts = ReportText.objects.filter(report=report)
    assert texts.filter(pk__in=[t.pk for t in empty], not_applicable=True).count() == 3
    assert set(texts.filter(not_applicable=False).values_list("status", flat=True)) == {Status.APPROVED}
    assert texts.filter(key__startswith="goal:", writer__username="skribent", deadline="2019-04-15").exists()
    print(f"{clicks.count} clicks from draft to approved")
    assert clicks.count < 20, clicks.count
    page.screenshot(path="/tmp/workflow-approved.png", full_page=True)
