"""A report of Socialnämnden, Delårsrapport 1 2019, with a goal, a measure with values and a text with a footnote."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digipuff.indicators import services as indicator_services
from digipuff.indicators.services import ValueInput
from digipuff.reports import services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report
from tests.factories import make_committee_goal, make_measure

FOOTNOTE_TEXT = "Källa: SCB yrkesregistret 2017."
BODY = (
    '<p>Nämnden har <strong>438</strong> anställda.<sup class="fn" data-note="' + FOOTNOTE_TEXT + '"></sup></p>'
    "<ul><li>Första punkten</li><li>Andra punkten</li></ul>"
)


@pytest.fixture
def report(org, users) -> Report:
    goal = make_committee_goal(org.sn)
    measure = make_measure(org.sn, goals=[goal], name="Brukarnöjdhet IFO", unit="percent")
    indicator_services.measure_values_set(
        actor=None,
        measure=measure,
        values=[ValueInput(year=2017, value=Decimal("74")), ValueInput(year=2018, value=Decimal("79"))],
    )
    return services.report_create(actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)


@pytest.fixture
def summary_text(report):
    return report.texts.get(section__title="Sammanfattning", key="section")
