"""Two people save the same thing: the second, working from a stale copy, sees at once and in Swedish who saved last,
keeps what they wrote, and nothing is overwritten (a report text, a measure value, an activity's follow-up status);
a refused role form shows its error in place."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from digipuff.activities.models import ActivityFollowUp
from digipuff.core.choices import Role
from digipuff.indicators.models import MeasureValue
from digipuff.reports.models import ReportText
from tests.activities.conftest import goals, occasion, plan  # noqa: F401
from tests.e2e.conftest import sign_in
from tests.factories import make_measure
from tests.reports.conftest import report, summary_text  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _writer_page(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, user.username)
    return page


def test_a_stale_report_text_is_not_saved_and_the_writer_sees_why(browser, live_server, users, summary_text):  # noqa: F811
    first, second = users[Role.ADMIN], users[Role.WRITER]
    url = f"{live_server.url}{reverse('reports:text', kwargs={'pk': summary_text.pk})}"
    page_a = _writer_page(browser, live_server, first)
    page_b = _writer_page(browser, live_server, second)
    page_a.goto(url)
    page_b.goto(url)
    status_a, status_b = page_a.locator("#save-status"), page_b.locator("#save-status")

    # A save that never reaches the server says "Inte sparat" until a save succeeds.
    def drop_posts(route):
        if route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    page_a.route(re.compile(r".*/reports/text/\d+/$"), drop_posts)
    page_a.locator("#editor").fill("Förstas text.")
    page_a.click("#text-form button[type=submit]")
    page_a.wait_for_selector("#save-status >> text=Inte sparat.")
    assert "Det gick inte att nå servern" in status_a.inner_text()
    page_a.unroute(re.compile(r".*/reports/text/\d+/$"))
    page_a.click("#text-form button[type=submit]")
    page_a.wait_for_selector("#save-status >> text=Sparad (version 2).")

    # B opened the text before A saved: B's save is refused, shown without reloading, and B's text stays.
    page_b.locator("#editor").fill("Andras text.")
    page_b.click("#text-form button[type=submit]")
    page_b.wait_for_selector("#save-status >> text=Inte sparat.")
    message = status_b.inner_text()
    assert _name(first) in message and "sparade en nyare version" in message
    assert page_b.locator("#editor").inner_text() == "Andras text."
    assert "Sparas automatiskt" not in message and "Sparad" not in message

    # B keeps writing: every autosave is refused again and the status never claims the text is saved.
    page_b.locator("#editor").press("End")
    page_b.keyboard.type(" Mer.")
    with page_b.expect_response(lambda response: response.request.method == "POST" and response.status == 409):
        pass
    page_b.wait_for_timeout(300)
    assert status_b.inner_text().startswith("Inte sparat.")
    assert page_b.locator("#editor").inner_text() == "Andras text. Mer."
    stored = ReportText.objects.get(pk=summary_text.pk)
    assert "Förstas text." in stored.body and "Andras" not in stored.body and stored.version == 2
    page_a.context.close()
    page_b.context.close()


def test_a_stale_measure_value_is_not_saved_and_the_input_is_kept(browser, live_server, org, users):
    measure = make_measure(org.sn, name="Brukarnöjdhet")
    first, second = users[Role.ADMIN], users[Role.WRITER]
    url = f"{live_server.url}{reverse('indicators:values', args=[measure.pk])}?year=2019"
    page_a = _writer_page(browser, live_server, first)
    page_a.goto(url)
    page_a.fill("#id_value_T", "70")
    page_a.click("main form button[type=submit]")
    page_a.wait_for_url(re.compile(r".*/indicators/measures/\d+/$"))
    page_b = _writer_page(browser, live_server, second)
    page_a.goto(url)
    page_b.goto(url)  # both start from version 1
    page_a.fill("#id_value_T", "71")
    page_a.click("main form button[type=submit]")
    page_a.wait_for_url(re.compile(r".*/indicators/measures/\d+/$"))
    page_b.fill("#id_value_T", "99,5")
    with page_b.expect_response(lambda response: response.request.method == "POST") as answer:
        page_b.click("main form button[type=submit]")
    assert answer.value.status == 409
    alert = page_b.locator("main .alert-danger").inner_text()
    assert _name(first) in alert and "sparade en nyare version" in alert
    assert page_b.input_value("#id_value_T") == "99,5"
    assert MeasureValue.objects.get(measure=measure, year=2019).value == 71
    page_a.context.close()
    page_b.context.close()


def test_a_stale_follow_up_status_is_not_saved_and_the_comment_is_kept(browser, live_server, users, plan):  # noqa: F811
    d1 = occasion(2019, "Delår 1")
    first, second = users[Role.ADMIN], users[Role.WRITER]
    url = f"{live_server.url}{reverse('activities:overview', args=['SN', 2019])}?occasion={d1.pk}"
    cell = f"#fu-activity-{plan.activity.pk}"
    page_a = _writer_page(browser, live_server, first)
    page_b = _writer_page(browser, live_server, second)
    for page in (page_a, page_b):
        page.goto(url)
        page.click(f"{cell} >> text=Skriv uppföljning")
        page.wait_for_selector(f"{cell} form")
    page_a.select_option(f"{cell} select", label="Troligen klart i år")
    page_a.fill(f"{cell} textarea", "Förstas kommentar.")
    page_a.click(f"{cell} >> button:text('Spara')")
    page_a.wait_for_selector(f"{cell} >> text=Förstas kommentar.")

    page_b.select_option(f"{cell} select", label="Klart")
    page_b.fill(f"{cell} textarea", "Andras kommentar.")
    page_b.click(f"{cell} >> button:text('Spara')")
    page_b.wait_for_selector(f"{cell} .alert-danger")
    message = page_b.locator(f"{cell} .alert-danger").inner_text()
    assert _name(first) in message and "sparade en nyare version" in message
    assert page_b.input_value(f"{cell} textarea") == "Andras kommentar."
    follow_up = ActivityFollowUp.objects.get(item=plan.activity, occasion=d1)
    assert follow_up.comment == "Förstas kommentar." and follow_up.status.name == "Troligen klart i år"
    page_a.context.close()
    page_b.context.close()


def test_a_refused_role_shows_its_error_in_place(page, live_server, org, users):
    sign_in(page, live_server, users[Role.ADMIN].username)
    page.goto(f"{live_server.url}{reverse('organisation:unit', args=['SN'])}")
    page.fill("#id_username", "ingen")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click("#roles-panel >> button:text('Lägg till roll')")
    assert answer.value.status == 422
    page.wait_for_selector("#roles-panel .invalid-feedback")
    assert "Det finns ingen aktiv användare som heter ingen." in page.locator("#roles-panel").inner_text()
    assert page.input_value("#id_username") == "ingen"
