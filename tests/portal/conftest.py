"""A municipality with one decided report and everything that must stay out of the portal.

Socialnämnden's Delårsrapport 1 2019 is decided (fastställd). Beside it: Socialnämnden's Delårsrapport 2 2019 and
Vård- och omsorgsnämnden's Delårsrapport 1 2019 are drafts with texts; a goal has an assessment at Delår 2 that is
not decided; a measure has a count below the threshold (women 3 of 12); a confidential case is registered; a
measure has a 2019 year value that no decided report covers yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from digipuff.goals import services as goal_services
from digipuff.goals.choices import Assessment
from digipuff.indicators import services as indicator_services
from digipuff.indicators.choices import Breakdown, ValueUnit
from digipuff.indicators.services import ValueInput
from digipuff.meetings import services as meeting_services
from digipuff.organisation.models import ReportOccasion
from digipuff.reports import services as report_services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report
from tests.factories import make_committee_goal, make_measure

DRAFT_TEXT = "Utkasttext som ingen utanför får läsa"
VON_DRAFT_TEXT = "Omsorgsnämndens hemliga utkast"
UNDECIDED_ANALYSIS = "Bedömning som ännu inte är beslutad"
CONFIDENTIAL = "Sekretessärende om placering av ett enskilt barn"
NOT_YET_REPORTED = Decimal("83.7")


@dataclass
class Public:
    decided: Report
    draft: Report
    von_draft: Report
    goal: Any
    satisfaction: Any  # a share, values 2017-2019 (2019 not yet reported)
    placed: Any  # a count by sex with a small group
    von_measure: Any


def _write(report: Report, text: str, actor: Any) -> None:
    summary = report.texts.get(section__title="Sammanfattning", key="section")
    report_services.text_save(actor=actor, text=summary, body=f"<p>{text}</p>", expected_version=summary.version)


@pytest.fixture
def public(org, users) -> Public:
    goal = make_committee_goal(org.sn)
    satisfaction = make_measure(org.sn, goals=[goal], name="Brukarnöjdhet IFO", unit=ValueUnit.PERCENT, decimals=1)
    indicator_services.measure_values_set(
        actor=None,
        measure=satisfaction,
        values=[
            ValueInput(year=2017, value=Decimal("74")),
            ValueInput(year=2018, value=Decimal("79.2")),
        ],
    )
    placed = make_measure(
        org.sn, goals=[goal], name="Placerade barn", unit=ValueUnit.COUNT, is_count=True, breakdown=Breakdown.GENDER
    )
    indicator_services.measure_values_set(
        actor=None,
        measure=placed,
        values=[
            ValueInput(year=2017, group="T", value=Decimal(40)),
            ValueInput(year=2017, group="K", value=Decimal(18)),
            ValueInput(year=2017, group="M", value=Decimal(22)),
            ValueInput(year=2018, group="T", value=Decimal(12)),
            ValueInput(year=2018, group="K", value=Decimal(3)),
            ValueInput(year=2018, group="M", value=Decimal(9)),
        ],
    )
    von_goal = make_committee_goal(org.von, "Fler äldre känner sig trygga")
    von_measure = make_measure(org.von, goals=[von_goal], name="Trygghet i äldreboende")
    indicator_services.measure_values_set(
        actor=None, measure=von_measure, values=[ValueInput(year=2018, value=Decimal(61))]
    )
    d1 = ReportOccasion.objects.get(year__year=2019, kind="interim1")
    d2 = ReportOccasion.objects.get(year__year=2019, kind="interim2")
    goal_services.goal_assessment_set(
        actor=None, committee_goal=goal, occasion=d1, expected_version=None,
        assessment=Assessment.PARTLY, analysis="Delvis.", reason="Bedömt av nämnden.",
    )  # fmt: skip
    goal_services.goal_assessment_set(
        actor=None, committee_goal=goal, occasion=d2, expected_version=None,
        assessment=Assessment.NOT_ACHIEVED, analysis=UNDECIDED_ANALYSIS, reason="Utkast.",
    )  # fmt: skip
    admin = users["admin"]
    decided = report_services.report_create(actor=admin, committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)
    _write(decided, "Nämnden har fastställt delåret.", admin)
    report_services.report_freeze(actor=admin, report=decided, decided_on=date(2019, 5, 14), case_number="SN-2019/2")
    # Entered after Delår 1 was decided: no decided report covers the year's value yet.
    indicator_services.measure_values_set(
        actor=None, measure=satisfaction, values=[ValueInput(year=2019, value=NOT_YET_REPORTED)]
    )
    draft = report_services.report_create(actor=admin, committee=org.sn, report_type=ReportType.INTERIM_2, year=2019)
    _write(draft, DRAFT_TEXT, admin)
    von_draft = report_services.report_create(
        actor=None, committee=org.von, report_type=ReportType.INTERIM_1, year=2019
    )
    _write(von_draft, VON_DRAFT_TEXT, None)
    meeting_services.case_register(actor=None, committee=org.sn, year=2019, title=CONFIDENTIAL)
    return Public(Report.objects.get(pk=decided.pk), draft, von_draft, goal, satisfaction, placed, von_measure)
