"""Demo data from the seed (kallelse to Socialnämnden, 9 April 2019): the cases of the agenda whose numbers the seed
shows or the brief names — SN-2019/121 underlag inför mål och budget and SN-2019/149 the revised verksamhetsplan
2019 (handläggare Linn Byström) — and the revised upphandlingsplan (handläggare Maria Jonsson), whose number the
seed does not show legibly, so the series gives it the next one."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.meetings import (
    demo_agenda,
    protokoll_demo,  # noqa: F401  (registers the demo's protokoll)
    services,
    statement_demo,  # noqa: F401  (registers the demo's tjänsteutlåtande)
)
from digipuff.meetings.choices import CaseStatus
from digipuff.meetings.models import Case
from digipuff.organisation.models import OrgUnit
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report

CASES = [
    (121, "Underlag inför Mål och budget socialnämnden", "", CaseStatus.PREPARING),
    (149, "Reviderad verksamhetsplan 2019 för socialnämnden", "Linn Byström", CaseStatus.PREPARING),
    (None, "Reviderad upphandlingsplan för socialnämnden 2019", "Maria Jonsson", CaseStatus.PREPARING),
]


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None:
        return []
    if not Case.objects.filter(committee=committee, year=2019).exists():
        _load_cases(committee)
    demo_agenda.load_meeting(committee)
    return []


def _load_cases(committee: OrgUnit) -> None:
    plan = Report.objects.filter(committee=committee, report_type=ReportType.PLAN, occasion__year__year=2019).first()
    for number, title, officer, status in CASES:
        case = services.case_register(
            actor=None,
            committee=committee,
            year=2019,
            number=number,
            title=title,
            officer_name=officer,
            report=plan if number == 149 else None,
            registered_on=date(2019, 3, 1),
        )
        services.case_status_change(actor=None, case=case, status=status, expected_version=None)
