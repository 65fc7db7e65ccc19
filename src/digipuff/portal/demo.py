"""Demo: the public portal shows Socialnämndens verksamhetsplan 2019, decided by the justerat protokoll of the
meeting of 9 April 2019 (§ 3, SN-2019/149: the meetings demo, `meetings/protokoll_demo.py`); nothing is frozen here.

The delårsrapport the reports demo writes stays undecided (its workflow is the point there), and so it is not in the
portal: the portal shows the plan with the goal tree, the measures and their figures up to the plan's period.
"""

from __future__ import annotations

from digipuff.core.demo import demo_loaders
from digipuff.organisation.models import OrgUnit
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import Report


@demo_loaders.register
def load() -> list[str]:
    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None:
        return []
    decided = Report.objects.filter(
        committee=committee, report_type=ReportType.PLAN, occasion__year__year=2019, status=Status.DECIDED
    ).exists()
    if not decided:
        return []
    return ["Öppen portal: /oppen/ (Socialnämndens verksamhetsplan 2019 är fastställd, § 3 SN-2019/149)"]
