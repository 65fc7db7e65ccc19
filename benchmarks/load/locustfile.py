"""Load: signed-in users reading DigiPUFF's pages and API the way a planning season does (`make load`).

Each simulated user signs in as one of the demo users (organisation/demo.py) and then, with a think time of one to
three seconds, reads the start page, the org tree and a committee's pages (goals, activities, internal control,
economy, reports), a measure, and the API. Not part of the test suite: benchmarks/load/run.sh starts the server.
"""

from __future__ import annotations

import itertools
import re

from locust import HttpUser, between, task

DEMO_PASSWORD = "digipuff-demo"
# Demo users and the committee each reads (the admin and the politician read the whole municipality).
READERS = [
    ("admin", "SN"),
    ("godkannare", "SN"),
    ("skribent", "SN"),
    ("controller", "SN"),
    ("politiker", "VON"),
    ("von.skribent", "VON"),
]
YEAR = 2019  # the demo year with the most data (the seeds)
_next_reader = itertools.cycle(READERS)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_MEASURE = re.compile(r'href="/indicators/measures/(\d+)/"')
_REPORT = re.compile(r'href="/reports/report/(\d+)/"')


class PlanningUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username, self.committee = next(_next_reader)
        page = self.client.get("/login/", name="/login/")
        token = _CSRF.search(page.text)
        response = self.client.post(
            "/login/",
            {
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ (POST)",
        )
        if "sessionid" not in self.client.cookies:
            response.failure(f"{self.username} was not signed in ({response.status_code})")
        goals = self.client.get(f"/goals/{self.committee}/{YEAR}/", name="/goals/[code]/[year]/")
        self.measures = _MEASURE.findall(goals.text)[:20]

    @task(3)
    def start_page(self) -> None:
        self.client.get("/", name="/")

    @task(1)
    def org_tree(self) -> None:
        self.client.get("/org/", name="/org/")

    @task(2)
    def unit(self) -> None:
        self.client.get(f"/org/{self.committee}/", name="/org/[code]/")

    @task(3)
    def goals(self) -> None:
        self.client.get(f"/goals/{self.committee}/{YEAR}/", name="/goals/[code]/[year]/")

    @task(3)
    def activities(self) -> None:
        self.client.get(f"/activities/{self.committee}/{YEAR}/", name="/activities/[code]/[year]/")

    @task(2)
    def internal_control(self) -> None:
        self.client.get(f"/internal-control/{self.committee}/{YEAR}/", name="/internal-control/[code]/[year]/")

    @task(2)
    def economy(self) -> None:
        # Only SN keeps an economy in the demo (the seeds); VON's economy pages are rightly a 404, so VON's readers
        # read their goals instead.
        if self.committee != "SN":
            self.goals()
            return
        self.client.get(f"/economy/{self.committee}/{YEAR}/", name="/economy/[code]/[year]/")

    @task(2)
    def reports(self) -> None:
        listed = self.client.get(f"/reports/{self.committee}/{YEAR}/", name="/reports/[code]/[year]/")
        self.reports = _REPORT.findall(listed.text)[:5]

    @task(1)
    def report(self) -> None:
        if getattr(self, "reports", None):
            pk = self.reports[hash(self) % len(self.reports)]
            self.client.get(f"/reports/report/{pk}/", name="/reports/report/[pk]/")

    @task(3)
    def measure(self) -> None:
        if self.measures:
            pk = self.measures[hash(self) % len(self.measures)]
            self.client.get(f"/indicators/measures/{pk}/", name="/indicators/measures/[pk]/")

    @task(2)
    def api(self) -> None:
        self.client.get("/api/v1/measures/?limit=50", name="/api/v1/measures/")
        self.client.get("/api/v1/activities/?limit=50", name="/api/v1/activities/")
