"""Demo: Socialnämndens verksamhetsplan 2019, decided, so that the public portal has something to show.

The delårsrapport the reports demo writes stays undecided (its workflow is the point there), and so it is not in the
portal: the portal shows the plan with the goal tree, the measures and their figures up to the plan's period.
Runs after the reports demo and is idempotent.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.organisation.models import OrgUnit, PlanningYear
from digipuff.reports import services
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import Report


@demo_loaders.register
def load() -> list[str]:
    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None or not PlanningYear.objects.filter(year=2019).exists():
        return []
    report = Report.objects.filter(committee=committee, report_type=ReportType.PLAN, occasion__year__year=2019).first()
    if report is not None and report.status == Status.DECIDED:
        return []
    with transaction.atomic():
        if report is None:
            services.templates_ensure()
            report = services.report_create(actor=None, committee=committee, report_type=ReportType.PLAN, year=2019)
        services.report_freeze(actor=None, report=report, decided_on=date(2018, 12, 13), case_number="SN-2018/305")
    return ["Öppen portal: /oppen/ (Socialnämndens verksamhetsplan 2019 är fastställd)"]
