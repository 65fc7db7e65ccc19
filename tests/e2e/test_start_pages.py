"""Every demo role's start page in a real browser: axe-clean, the items and counts the demo data gives, and every
item's link opening the page it counts. The council's goals page and the board's compiled report too."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from digipuff.reports.choices import Status
from digipuff.reports.models import Report, ReportText
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "digipuff-demo"


def _no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def _items(page, panel: str) -> list[tuple[str, str]]:
    """(href, figure) of a panel's items."""
    rows = page.locator(f'[data-panel="{panel}"] [data-item]')
    out = []
    for index in range(rows.count()):
        row = rows.nth(index)
        figure = row.locator("[data-figure]")
        out.append(
            (row.locator("a").first.get_attribute("href"), figure.inner_text().strip() if figure.count() else "")
        )
    return out


def _follow(page, live_server, items) -> None:
    for href, _figure in items:
        address, _hash, anchor = href.partition("#")
        response = page.goto(f"{live_server.url}{address}")
        assert response is not None and response.status == 200, href
        if anchor:  # the link points at the very item on its page
            assert page.locator(f"#{anchor}").count() == 1, href


def _start(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/?year=2019")
    _no_violations(page)


def test_every_demo_role_finds_its_start_page_items_and_their_pages(page, live_server):
    call_command("demo", verbosity=0)

    # The writer: their texts of the year (eight shown, all counted), values due, follow-up waiting.
    _start(page, live_server, "skribent")
    mine = ReportText.objects.filter(writer__username="skribent", report__occasion__year__year=2019).count()
    texts = _items(page, "reports:my_texts")
    assert len(texts) == min(mine, 8) and f"Alla mina texter ({mine})" in page.content()
    due = _items(page, "indicators:values_due")
    assert due and all(re.fullmatch(r"/indicators/measures/\d+/values/", href) for href, _ in due)
    assert page.locator('[data-panel="activities:awaiting_status"]').count() == 1
    _follow(page, live_server, texts + due)

    # The approver: the texts ready for review in the demo report, and its progress.
    _start(page, live_server, "godkannare")
    report = Report.objects.get(committee__code="SN", report_type="delar1", occasion__year__year=2019)
    ready = report.texts.filter(status=Status.READY).count()
    approved = report.texts.filter(status=Status.APPROVED).count()
    review = _items(page, "reports:review")
    assert review == [(f"/reports/report/{report.pk}/", str(ready))]
    progress = _items(page, "reports:progress")
    share = round(100 * approved / report.texts.filter(not_applicable=False).count())
    assert (f"/reports/report/{report.pk}/progress/", f"{share} %") in progress
    _follow(page, live_server, review + progress)

    # The controller: forecast deviation per area with its chart, the last import, budget keeping.
    _start(page, live_server, "controller")
    forecast = _items(page, "economy:forecast")
    assert forecast[0][1].endswith("mnkr") and len(forecast) > 2
    assert page.locator('[data-panel="economy:forecast"] table .dash-bar').count() == len(forecast)
    imports = _items(page, "economy:last_import")
    assert imports and imports[0][0] == "/economy/SN/2019/import/"
    keeping = _items(page, "economy:budget_keeping")
    assert keeping and keeping[0][1].endswith("%")
    _follow(page, live_server, forecast[:2] + imports + keeping)

    # The politician: goal fulfilment per committee from the demo's assessments at Delår 2 2019 (SN 3 of 7
    # achieved, VON 2 of 4), the council's goals page, the economy and the decided reports.
    _start(page, live_server, "politiker")
    fulfilment = _items(page, "goals:fulfilment")
    assert [figure for _href, figure in fulfilment] == ["43 % uppnås", "50 % uppnås", ""]
    assert fulfilment[-1][0] == "/goals/KF/2019/"
    assert page.locator('[data-panel="economy:glance"] [data-item]').count() == 1
    assert page.locator('[data-panel="reports:decided"]').count() == 1
    _follow(page, live_server, fulfilment + _items(page, "goals:off_target") + _items(page, "economy:glance"))
    page.goto(f"{live_server.url}/goals/KF/2019/")
    assessed = page.locator('[data-committee="VON"] [data-assessment]:not([data-assessment="not_assessed"])')
    assert assessed.count() == 4
    _no_violations(page)
    board = Report.objects.get(committee__code="KS", occasion__year__year=2019)
    page.goto(f"{live_server.url}/reports/report/{board.pk}/")
    assert "Vård- och omsorgsnämnden: Bedömning av nämndens mål" in page.content()
    _no_violations(page)

    # The administrator: the year's occasions, the committees' goals and the reports set up.
    _start(page, live_server, "admin")
    occasions = _items(page, "organisation:occasions")
    assert len(occasions) == 4
    reports = dict(_items(page, "reports:year"))
    assert reports["/reports/SN/2019/"] == "2"  # Delårsrapport 1 and the plan decided in § 3
    _follow(page, live_server, occasions + list(reports.items()) + _items(page, "goals:setup"))

    # Vård- och omsorgsnämnden's writer sees VON's items, never SN's.
    _start(page, live_server, "von.skribent")
    due = _items(page, "indicators:values_due")
    assert due and "SN ·" not in page.locator('[data-panel="indicators:values_due"]').inner_text()
    _follow(page, live_server, due)
