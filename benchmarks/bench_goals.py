"""The goals page (the golden thread) of a committee at the demo's size and at four times that size.

The demo is loaded to learn its size (Socialnämnden 2019: goals taken on, measures, values per measure); two
committees are then built with factories, one that size and one four times it, and their goals pages timed (median of
five requests after one, as a reader). The goal is that the page grows at most half as fast as the committee.
"""

from __future__ import annotations

from decimal import Decimal

from benchmarks.harness import Row, number, seconds, timed

RATIO_GOAL = 2.0


def run() -> list[Row]:
    from django.core.management import call_command
    from django.test import Client
    from tests.factories import UserFactory, make_committee_goal, make_measure, make_unit

    from digipuff.core.choices import Role
    from digipuff.goals.models import CommitteeGoal
    from digipuff.indicators.choices import Breakdown
    from digipuff.indicators.models import Measure, MeasureValue
    from digipuff.organisation import services as org_services
    from digipuff.organisation.models import OrgUnit

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the demo's chatter is not the benchmark
    sn = OrgUnit.objects.get(code="SN")
    goals = CommitteeGoal.objects.filter(committee=sn, goal__year=2019).count()
    measures = Measure.objects.filter(owner=sn).count()
    values = MeasureValue.objects.filter(measure__owner=sn).count() // max(measures, 1)
    council = OrgUnit.objects.filter(parent=None).first()
    reader = UserFactory(username="bench_goals_reader")
    client = Client()
    client.force_login(reader)
    years = (2017, 2018, 2019)
    groups = ("T", "K", "M")
    per_measure = max(1, min(values, len(years) * len(groups)))

    def page_seconds(scale: int) -> float:
        code = f"BG{scale}"
        committee = make_unit(f"Bänknämnd {scale}", parent=council, code=code, valid_from=2000)
        made = [make_committee_goal(committee, f"Delmål {scale}.{i}", year=2019) for i in range(goals * scale)]
        created = [
            make_measure(committee, name=f"Mått {scale}.{i}", goals=[made[i % len(made)]], breakdown=Breakdown.GENDER)
            for i in range(measures * scale)
        ]
        cells = [(y, g) for y in years for g in groups][:per_measure]
        MeasureValue.objects.bulk_create(
            MeasureValue(measure=m, year=y, month=0, group=g, value=Decimal(50 + (i + y) % 40))
            for i, m in enumerate(created)
            for y, g in cells
        )
        org_services.role_assign(actor=None, user=reader, unit=committee, role=Role.READER)

        def page() -> None:
            response = client.get(f"/goals/{code}/2019/")
            assert response.status_code == 200, response.status_code

        return timed(page)

    one, four = page_seconds(1), page_seconds(4)
    return [
        Row(
            f"goals page at 4× the demo ({goals * 4} goals, {measures * 4} measures) vs 1× ({goals}, {measures})",
            f"≤ {RATIO_GOAL:.0f}× the time at 1×",
            f"{seconds(four)} (1×: {seconds(one)})",
            f"{number(four / one)}×",
            four <= RATIO_GOAL * one,
        )
    ]
