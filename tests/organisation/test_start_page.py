"""The start page per role: the panels each role sees, their items and counts, and that every item's link opens
the page it counts (through the test client)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.goals import services as goal_services
from digipuff.goals.choices import Assessment
from digipuff.indicators import services as indicator_services
from digipuff.indicators.services import ValueInput
from digipuff.organisation.models import ReportOccasion
from digipuff.reports import services as report_services
from digipuff.reports.choices import ReportType, Status
from tests.factories import make_committee_goal, make_measure

START = reverse("core:start") + "?year=2019"


class _Panels(HTMLParser):
    """The start page's panels: name -> [(href, figure text)] of their items."""

    def __init__(self) -> None:
        super().__init__()
        self.panels: dict[str, list[list[str]]] = {}
        self._panel: str | None = None
        self._item: list[str] | None = None
        self._figure = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-panel" in a:
            self._panel = a["data-panel"]
            self.panels[self._panel] = []
        elif "data-item" in a and self._panel:
            self._item = ["", ""]
            self.panels[self._panel].append(self._item)
        elif tag == "a" and self._item is not None and not self._item[0]:
            self._item[0] = a.get("href") or ""
        if "data-figure" in a:
            self._figure = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "span"):
            self._figure = False

    def handle_data(self, data: str) -> None:
        if self._figure and self._item is not None:
            self._item[1] += data.strip()


def panels(client) -> dict[str, list[list[str]]]:
    response = client.get(START)
    assert response.status_code == 200
    parser = _Panels()
    parser.feed(response.content.decode())
    return parser.panels


def assert_links_open(client, items) -> None:
    for href, _figure in items:
        assert client.get(href).status_code == 200, href


@pytest.fixture
def report(org, users):
    report = report_services.report_create(actor=None, committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)
    texts = list(report.texts.order_by("pk")[:3])
    for text in texts:
        report_services.text_assign(actor=None, text=text, writer=users[Role.WRITER], deadline=date(2019, 4, 1))
    ready = report.texts.get(pk=texts[0].pk)
    report_services.text_set_status(actor=None, text=ready, status=Status.READY, expected_version=ready.version)
    return report


def test_the_writer_sees_their_texts_and_the_values_they_are_due_to_enter(client, org, users, report):
    goal = make_committee_goal(org.sn)
    due = make_measure(org.sn, goals=[goal], name="Brukarnöjdhet")
    entered = make_measure(org.sn, goals=[goal], name="Andel i egen försörjning")
    indicator_services.measure_values_set(
        actor=None, measure=entered, values=[ValueInput(year=2019, value=Decimal("40"))]
    )
    make_measure(org.von, name="VON:s mått")  # another committee's: not the SN writer's to enter
    client.force_login(users[Role.WRITER])
    seen = panels(client)
    assert {"reports:my_texts", "indicators:values_due", "activities:awaiting_status"} <= set(seen)
    assert "economy:forecast" not in seen and "goals:fulfilment" not in seen
    assert len(seen["reports:my_texts"]) == 3
    assert [href for href, _ in seen["indicators:values_due"]] == [reverse("indicators:values", args=[due.pk])]
    assert_links_open(client, seen["reports:my_texts"] + seen["indicators:values_due"])
    html = client.get(START).content.decode()
    assert "Mina texter" in html and "Alla mina texter (3)" in html and "sen" in html


def test_the_approver_sees_what_waits_for_review_and_the_reports_progress(client, org, users, report):
    client.force_login(users[Role.APPROVER])
    seen = panels(client)
    assert set(seen) == {"reports:review", "reports:progress"}
    assert seen["reports:review"] == [[reverse("reports:detail", args=[report.pk]), "1"]]
    assert seen["reports:progress"] == [[reverse("reports:progress", args=[report.pk]), "0 %"]]
    assert_links_open(client, seen["reports:review"] + seen["reports:progress"])


def test_the_politician_sees_goal_fulfilment_per_committee_and_measures_off_target(client, org, users):
    occasion = ReportOccasion.objects.get(year__year=2019, kind="interim2")
    values = [Assessment.ACHIEVED, Assessment.ACHIEVED, Assessment.PARTLY, Assessment.NOT_ACHIEVED]
    for number, value in enumerate(values):
        goal = make_committee_goal(org.sn, f"Delmål {number}")
        goal_services.goal_assessment_set(
            actor=None,
            committee_goal=goal,
            occasion=occasion,
            expected_version=None,
            assessment=value,
            analysis="",
            reason="Skäl.",
        )
    client.force_login(users["council_reader"])
    seen = panels(client)
    assert {"goals:fulfilment", "goals:off_target", "economy:glance", "reports:decided"} <= set(seen)
    thread = reverse("goals:thread", args=["SN", 2019]) + f"?occasion={occasion.pk}"
    council = reverse("goals:thread", args=["KF", 2019])
    assert seen["goals:fulfilment"] == [[thread, "50 % uppnås"], [council, ""]]
    assert_links_open(client, seen["goals:fulfilment"])
    html = client.get(START).content.decode()
    assert "uppnås 2, delvis 1, uppnås ej 1 av 4 bedömda mål" in html


def test_the_controller_sees_the_economy_panels(client, org, users):
    client.force_login(users[Role.CONTROLLER])
    seen = panels(client)
    assert {"economy:forecast", "economy:last_import", "economy:budget_keeping"} <= set(seen)
    # No ledger imported yet: the import page is where the figure comes from.
    assert seen["economy:last_import"] == [[reverse("economy:import", args=["SN", 2019]), "ingen import"]]
    assert_links_open(client, seen["economy:last_import"])


def test_the_administrator_sees_the_years_set_up(client, org, users, report):
    client.force_login(users["council_admin"])
    seen = panels(client)
    assert {"organisation:occasions", "goals:setup", "reports:year"} <= set(seen)
    assert len(seen["organisation:occasions"]) == ReportOccasion.objects.filter(year__year=2019).count()
    reports = dict(seen["reports:year"])
    assert reports[reverse("reports:list", args=["SN", 2019])] == "1"
    assert reports[reverse("reports:list", args=["VON", 2019])] == "0"
    assert_links_open(client, seen["organisation:occasions"] + seen["reports:year"] + seen["goals:setup"])


def test_the_start_page_reads_a_bounded_number_of_queries(client, org, users, report, django_assert_max_num_queries):
    for number in range(6):
        make_measure(org.sn, goals=[make_committee_goal(org.sn, f"Mål {number}")])
    for user in (users[Role.WRITER], users["council_reader"], users["council_admin"], users[Role.CONTROLLER]):
        client.force_login(user)
        client.get(START)
        with django_assert_max_num_queries(45):
            assert client.get(START).status_code == 200


def test_the_writer_s_activities_waiting_for_status_count_what_the_linked_overview_lists(client, org, users):
    from digipuff.activities import services as activity_services
    from digipuff.followup.demo_support import status
    from digipuff.followup.models import FollowUpStatus
    from digipuff.followup.services import follow_up_set
    from digipuff.organisation.selectors import default_occasion, occasion_list

    occasion = default_occasion(occasion_list(2019))
    waiting = [
        activity_services.activity_create(actor=None, committee=org.sn, year=2019, title=f"Väntar {n}")
        for n in range(2)
    ]
    done = activity_services.activity_create(actor=None, committee=org.sn, year=2019, title="Har status")
    follow_up_set(
        actor=None,
        item=done,
        occasion=occasion,
        status=status(FollowUpStatus.objects.order_by("sort_order").first().code),
        comment="Klart.",
        expected_version=None,
    )
    activity_services.activity_create(actor=None, committee=org.von, year=2019, title="VON:s aktivitet")
    client.force_login(users[Role.WRITER])
    seen = panels(client)
    assert seen["activities:awaiting_status"] == [
        [reverse("activities:overview", args=["SN", 2019]) + f"?occasion={occasion.pk}&status=none", "2"]
    ]
    listed = client.get(seen["activities:awaiting_status"][0][0]).content.decode()
    assert all(activity.title in listed for activity in waiting) and "Har status" not in listed
