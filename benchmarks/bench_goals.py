"""The golden-thread page of a committee with 50 goals and 300 measures (values over three years)."""

from __future__ import annotations

from decimal import Decimal

from benchmarks.harness import Result, timed


def run() -> list[Result]:
    from django.db import transaction
    from django.test import Client
    from tests.factories import UserFactory, make_committee_goal, make_measure, make_unit

    from digipuff.core.choices import Role
    from digipuff.indicators.choices import Breakdown
    from digipuff.indicators.models import MeasureValue
    from digipuff.organisation import services as org_services

    with transaction.atomic():
        org_services.municipality_set(actor=None, name="Bänkby kommun", kolada_id="0999")
        org_services.planning_year_create(actor=None, year=2024)
        council = make_unit("Kommunfullmäktige", code="BKF", valid_from=2000)
        committee = make_unit("Bänknämnden", parent=council, code="BN", valid_from=2000)
        goals = [make_committee_goal(committee, f"Delmål {i}", year=2024) for i in range(50)]
        measures = [
            make_measure(committee, name=f"Mått {i}", goals=[goals[i % 50]], breakdown=Breakdown.GENDER)
            for i in range(300)
        ]
        MeasureValue.objects.bulk_create(
            MeasureValue(measure=m, year=year, month=0, group=group, value=Decimal(50 + (i + year) % 40))
            for i, m in enumerate(measures)
            for year in (2022, 2023, 2024)
            for group in ("T", "K", "M")
        )
        reader = UserFactory(username="bench_goals_reader")
        org_services.role_assign(actor=None, user=reader, unit=committee, role=Role.READER)
    client = Client()
    client.force_login(reader)

    def page() -> None:
        assert client.get("/goals/BN/2024/").status_code == 200

    seconds = timed(page)
    return [Result("golden thread page", "50 goals, 300 measures", seconds, goal="< 0.200 s", ok=seconds < 0.2)]
