"""The activities and internal-control overviews of a committee with 200 activities and 100 risks (with two actions
each), followed up at Delår 1. Everything runs in a transaction that is rolled back, so other benchmarks start
from an empty database."""

from __future__ import annotations

from benchmarks.harness import Result, timed


def run() -> list[Result]:
    from django.db import connection, transaction
    from django.test import Client
    from tests.activities.goals import make_goals
    from tests.factories import UserFactory

    from digipuff.activities import services
    from digipuff.followup.models import FollowUpStatus
    from digipuff.internal_control import services as ic
    from digipuff.organisation import services as org
    from digipuff.organisation.choices import OrgUnitKind, Role
    from digipuff.organisation.models import ReportOccasion

    results: list[Result] = []
    with transaction.atomic():
        org.municipality_set(actor=None, name="Bänkkommun", kolada_id="0001")
        org.planning_year_create(actor=None, year=2019)
        council = org.org_unit_create(
            actor=None, parent=None, kind=OrgUnitKind.COUNCIL, name="KF", code="BENCH-KF", valid_from=2000
        )
        committee = org.org_unit_create(
            actor=None, parent=council, kind=OrgUnitKind.COMMITTEE, name="Nämnden", code="BENCH-SN", valid_from=2000
        )
        units = [
            org.org_unit_create(
                actor=None,
                parent=committee,
                kind=OrgUnitKind.OPERATION,
                name=f"Verksamhet {i}",
                code=f"BENCH-V{i}",
                valid_from=2000,
            )
            for i in range(10)
        ]
        goals = list(make_goals(committee, 2019).values())
        d1 = ReportOccasion.objects.get(year__year=2019, name="Delår 1 2019")
        statuses = list(FollowUpStatus.objects.all())
        commitments = [
            services.commitment_create(actor=None, owner=committee, year=2019, title=f"Åtagande {i}", goals=goals[:2])
            for i in range(5)
        ]
        for i in range(200):
            activity = services.activity_create(
                actor=None,
                committee=committee,
                year=2019,
                title=f"Aktivitet {i}",
                owner_unit=units[i % 10],
                commitment=commitments[i % 5],
                goals=[goals[i % len(goals)], goals[(i + 3) % len(goals)]],
                described_under=goals[i % len(goals)],
                sort_order=i,
            )
            services.follow_up_set(
                actor=None,
                item=activity,
                occasion=d1,
                status=statuses[i % 5],
                comment="Arbetet löper enligt plan." if i % 3 else "",
                expected_version=None,
            )
        for i in range(100):
            risk = ic.risk_create(
                actor=None,
                committee=committee,
                year=2019,
                title=f"Risk {i}",
                goal=goals[i % len(goals)],
                probability=1 + i % 4,
                consequence=1 + (i // 4) % 4,
            )
            for j in range(2):
                action = ic.risk_action_create(actor=None, risk=risk, title=f"Åtgärd {i}.{j}", owner_unit=units[j])
                ic.follow_up_set(
                    actor=None,
                    item=action,
                    occasion=d1,
                    status=statuses[(i + j) % 5],
                    comment="x",
                    expected_version=None,
                )
        writer = UserFactory(username="bench_act_writer")
        org.role_assign(actor=None, user=writer, unit=committee, role=Role.WRITER)

        client = Client()
        client.force_login(writer)
        pages = [
            ("activities overview", f"/activities/BENCH-SN/2019/?occasion={d1.pk}", "200 activities"),
            (
                "activities overview, filtered",
                f"/activities/BENCH-SN/2019/?occasion={d1.pk}&late=false&missing_comment=true",
                "200 activities",
            ),
            (
                "internal control overview",
                f"/internal-control/BENCH-SN/2019/?occasion={d1.pk}",
                "100 risks, 200 actions",
            ),
            (
                "internal control, risk value ≥ 9",
                f"/internal-control/BENCH-SN/2019/?occasion={d1.pk}&risk_value=9",
                "100 risks, 200 actions",
            ),
        ]
        for name, url, size in pages:

            def get(url: str = url) -> None:
                assert client.get(url).status_code == 200

            executed: list[str] = []

            def count(execute, sql, params, many, context, executed=executed):
                executed.append(sql)
                return execute(sql, params, many, context)

            # Counted with a wrapper: the test client's request_started signal resets Django's own query log.
            with connection.execute_wrapper(count):
                get()
            seconds = timed(get)
            results.append(
                Result(name, size, seconds, rate=f"{len(executed)} queries", goal="< 0.200 s", ok=seconds < 0.2)
            )
        transaction.set_rollback(True)
    return results
