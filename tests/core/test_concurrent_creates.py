"""Two people creating the same record at the same moment, on two database connections (PostgreSQL): the first
create is kept, the second is refused as a conflict naming who saved first, never a silent second winner.

The first person's transaction has inserted its row and not committed yet when the second person's save starts;
the second save finds no row to lock, its insert waits on the unique constraint until the first commits, and then
fails; the service turns that into the conflict. SQLite serialises writers, so this race needs PostgreSQL
(`DATABASE_URL=postgres://...`); the same refusals for two sequential saves are in test_no_silent_overwrite.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction

from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race between two connections needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

HOLD = 0.6  # how long the first keeps its transaction open after inserting


def race(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any, float]:
    """Run `first` in a transaction that stays open until `second` (another connection) has started; returns what
    each gave (or raised) and how long the second waited."""
    inserted, started = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def one() -> None:
        try:
            with transaction.atomic():
                results["first"] = first()
                inserted.set()
                started.wait(5)
                time.sleep(HOLD)  # the second is now waiting on our row
        except Exception as exc:
            results["first"] = exc
        finally:
            inserted.set()
            connection.close()

    def two() -> None:
        inserted.wait(5)
        started.set()
        began = time.monotonic()
        try:
            results["second"] = second()
        except Exception as exc:
            results["second"] = exc
        finally:
            results["waited"] = time.monotonic() - began
            connection.close()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results["first"], results["second"], results["waited"]


def cases(org: Any, users: Any) -> list[tuple[str, Callable[[Any, int], Any], Callable[[], Any]]]:
    """(name, create(actor, n) -> service call, stored() -> what is stored)."""
    from digipuff.activities import services as activities
    from digipuff.economy.models import CostLine, Forecast, OperationArea
    from digipuff.economy.services import forecast_set
    from digipuff.goals import services as goals
    from digipuff.goals.models import GoalAssessment, GoalLevel
    from digipuff.indicators import services as indicators
    from digipuff.indicators.models import EqualityJudgement, MeasureAnalysis, MeasureValue, Target
    from digipuff.indicators.services import ValueInput
    from digipuff.organisation import services as organisation
    from digipuff.organisation.models import OrgUnit, ReportOccasion
    from digipuff.reports import services as reports
    from digipuff.reports.models import Report
    from tests.economy.helpers import areas
    from tests.factories import make_committee_goal, make_measure

    measure = make_measure(org.sn)
    committee_goal = make_committee_goal(org.sn)
    d1 = ReportOccasion.objects.get(year__year=2019, kind="interim1")
    activity = activities.activity_create(actor=None, committee=org.sn, year=2019, title="A", owner_unit=org.sn)
    areas(org.sn)
    area = OperationArea.objects.filter(committee=org.sn).order_by("pk").first()
    line = CostLine.objects.filter(committee=org.sn).order_by("pk").first()
    return [
        ("target", lambda actor, n: indicators.target_set(actor=actor, measure=measure, year=2019, expected_version=0,
                                                           kind="numeric", comparator="gte", value=Decimal(n)),
         lambda: list(Target.objects.filter(measure=measure).values_list("value", flat=True))),
        ("equality judgement", lambda actor, n: indicators.equality_judgement_set(
            actor=actor, measure=measure, year=2019, month=0, expected_version=0, judgement="justified", text=f"T{n}"),
         lambda: list(EqualityJudgement.objects.filter(measure=measure).values_list("text", flat=True))),
        ("measure analysis", lambda actor, n: indicators.measure_analysis_set(
            actor=actor, measure=measure, occasion=d1, expected_version=0, text=f"T{n}"),
         lambda: list(MeasureAnalysis.objects.filter(measure=measure).values_list("text", flat=True))),
        ("value for a new period", lambda actor, n: indicators.measure_values_set(
            actor=actor, measure=measure, values=[ValueInput(year=2019, value=Decimal(n), expected_version=0)]),
         lambda: list(MeasureValue.objects.filter(measure=measure, year=2019).values_list("value", flat=True))),
        ("goal assessment", lambda actor, n: goals.goal_assessment_set(
            actor=actor, committee_goal=committee_goal, occasion=d1, expected_version=0, assessment="not_assessed",
            analysis=f"T{n}"),
         lambda: list(GoalAssessment.objects.values_list("analysis", flat=True))),
        ("follow-up", lambda actor, n: activities.follow_up_set(
            actor=actor, item=activity, occasion=d1, status=None, comment=f"T{n}", expected_version=0),
         lambda: list(activity.follow_ups.values_list("comment", flat=True))),
        ("forecast", lambda actor, n: forecast_set(
            actor=actor, committee=org.sn, year=2019, month=3, area=area, amounts={line.pk: Decimal(n)},
            versions={line.pk: 0}),
         lambda: list(Forecast.objects.filter(area=area).values_list("amount", flat=True))),
        ("report", lambda actor, n: reports.report_create(
            actor=actor, committee=org.sn, report_type="delar1", year=2019, title=f"T{n}"),
         lambda: list(Report.objects.values_list("title", flat=True))),
        ("goal level", lambda actor, n: goals.goal_level_set(
            actor=actor, year=2020, depth=0, name=f"T{n}", owner="council", expected_version=0),
         lambda: list(GoalLevel.objects.filter(year=2020).values_list("name", flat=True))),
        ("org unit", lambda actor, n: organisation.org_unit_create(
            actor=actor, parent=org.sn, kind="unit", name=f"T{n}", code="NY-ENHET", valid_from=2019),
         lambda: list(OrgUnit.objects.filter(code="NY-ENHET").values_list("name", flat=True))),
    ]  # fmt: skip


def test_two_simultaneous_creates_keep_the_first_and_refuse_the_second(org, users):
    from tests.factories import UserFactory, grant

    first_user, second_user = users["council_admin"], UserFactory(username="kf_admin_2")
    grant(second_user, org.council, Role.ADMIN)
    name = first_user.get_full_name() or first_user.get_username()
    problems = []
    for label, create, stored in cases(org, users):
        first, second, waited = race(lambda c=create: c(first_user, 1), lambda c=create: c(second_user, 2))
        values = [str(v) for v in stored()]
        if isinstance(first, Exception):
            problems.append(f"{label}: the first create failed: {first!r}")
        elif not isinstance(second, ConflictError) or name not in second.message:
            problems.append(f"{label}: the second create was not refused naming {name}: {second!r}")
        elif len(values) != 1 or not values[0].startswith(("1", "T1")):
            problems.append(f"{label}: stored {values}, expected the first's only")
        elif waited < HOLD / 2:
            problems.append(f"{label}: the second did not wait for the first ({waited:.2f} s): no race was tried")
    assert not problems, "\n".join(problems)
