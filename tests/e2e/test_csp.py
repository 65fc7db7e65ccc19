"""The Content-Security-Policy in a real browser: the main pages break none of its rules, and htmx still works."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from digipuff.indicators.models import Measure
from digipuff.reports.models import Report, ReportText
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Recorded in the page before any of its scripts run, so that a violation during loading is caught too.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = (e.sourceFile || "") + ":" + e.lineNumber;
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""


def _visit(page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), url
    page.wait_for_load_state("networkidle")
    problems.extend(f"{url}: {violation}" for violation in page.evaluate("window.__csp"))


def test_the_main_pages_keep_the_content_security_policy(page, live_server):
    call_command("demo", verbosity=0)
    problems: list[str] = []
    page.add_init_script(LISTEN)
    # Console errors other than a missing /favicon.ico (the browser asks for it by itself; DigiPUFF has none).
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", "")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    sign_in(page, live_server, "admin", "digipuff-demo")
    report = Report.objects.get(committee__code="SN", report_type="delar1", occasion__year__year=2019)
    text = ReportText.objects.filter(report=report).order_by("pk").first()
    measure = Measure.objects.get(name="Sjukfrånvaro (total)")
    for path in (
        "/",
        "/org/",
        "/org/SN/",
        "/goals/SN/2019/",
        f"/indicators/measures/{measure.pk}/",
        f"/reports/report/{report.pk}/",
        f"/reports/text/{text.pk}/",
        "/activities/SN/2019/",
        "/internal-control/SN/2019/",
        "/economy/SN/2019/?month=3&unit=mnkr",
        "/economy/SN/2019/forecast/3/",
    ):
        _visit(page, f"{live_server.url}{path}", problems)
    # The measure page draws its chart inline, in the colours matplotlib chose (not blocked, so not black).
    page.goto(f"{live_server.url}/indicators/measures/{measure.pk}/")
    assert page.locator("svg[role=img] path[fill='#ffffff']").count() >= 1

    # htmx still works under the policy: a role added on the unit page appears in place without a reload.
    page.goto(f"{live_server.url}/org/SN/")
    page.evaluate("window.__marker = 'same page'")
    page.fill("#id_username", "politiker")
    page.select_option("#id_role", "writer")
    page.click("text=Lägg till roll")
    page.wait_for_selector("#roles-panel >> text=politiker")
    assert page.evaluate("window.__marker") == "same page"
    # The year menu submits itself (data-submit-on-change instead of an inline onchange).
    page.select_option("#nav-year", "2020")
    page.wait_for_url("**year=2020**")
    problems.extend(page.evaluate("window.__csp"))
    assert problems == []


def test_the_api_documentation_works_under_the_policy(page, live_server, org, users):
    problems: list[str] = []
    page.add_init_script(LISTEN)
    sign_in(page, live_server, users["reader"].username)
    # Swagger UI: its start script comes from docs/?script, so the page needs no exception.
    _visit(page, f"{live_server.url}/api/v1/docs/", problems)
    page.wait_for_selector(".swagger-ui .title >> text=DigiPUFF API")
    assert problems == []
    # Redoc may style itself inline (its one exception); the only thing refused is its vendor's logo from a CDN.
    page.goto(f"{live_server.url}/api/v1/redoc/")
    page.wait_for_selector("h1 >> text=DigiPUFF API")
    page.wait_for_load_state("networkidle")
    refused = page.evaluate("window.__csp")
    assert all(violation.startswith("img-src https://cdn.redoc.ly/") for violation in refused), refused
