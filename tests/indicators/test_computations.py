"""What is computed, never typed: ratios, totals, r12, trend, target fulfilment, rank, average, equality."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digipuff.indicators import computations as calc
from digipuff.indicators.choices import Comparator, Direction, Qualitative, TargetKind, Trend


def test_ratio_and_missing_parts():
    assert calc.ratio(D(57), D(1000)) == D("5.7")
    assert calc.ratio(None, D(10)) is None
    assert calc.ratio(D(1), D(0)) is None


def test_total_is_weighted_by_the_denominators_not_an_average_of_shares():
    women, men = calc.Parts(D(20), D(100)), calc.Parts(D(1), D(100))
    total = calc.total_of([women, men])
    assert calc.ratio(total.numerator, total.denominator) == D("10.5")
    big_women = calc.Parts(D(20), D(900))
    total = calc.total_of([big_women, men])
    assert calc.ratio(total.numerator, total.denominator) == D("2.1")
    assert calc.total_of([women, calc.Parts(None, D(5))]) == calc.Parts(None, None)


def _monthly(first_year: int, first_month: int, rows: list[tuple[int, int]]) -> dict:
    out = {}
    year, month = first_year, first_month
    for numerator, denominator in rows:
        out[(year, month)] = calc.Parts(D(numerator), D(denominator))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def test_r12_sums_twelve_months_across_the_year_boundary():
    series = _monthly(2018, 3, [(i, 100) for i in range(1, 13)])  # March 2018 - February 2019
    parts = calc.rolling_12(series, 2019, 2)
    assert parts == calc.Parts(D(78), D(1200))
    assert calc.ratio(parts.numerator, parts.denominator) == D("6.5")


def test_r12_needs_all_twelve_months():
    series = _monthly(2018, 4, [(1, 100)] * 11)
    assert calc.rolling_12(series, 2019, 2) == calc.Parts(None, None)


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 1000)), min_size=12, max_size=12))
def test_r12_equals_the_ratio_of_the_sums(rows):
    series = _monthly(2020, 1, rows)
    parts = calc.rolling_12(series, 2020, 12)
    assert parts.numerator == sum(r[0] for r in rows)
    assert parts.denominator == sum(r[1] for r in rows)


@pytest.mark.parametrize(
    ("current", "previous", "direction", "expected"),
    [
        (D("5.7"), D("5.3"), Direction.LOWER, Trend.NEGATIVE),
        (D("2.4"), D("2.5"), Direction.LOWER, Trend.POSITIVE),
        (D("84"), D("82"), Direction.HIGHER, Trend.POSITIVE),
        (D("82"), D("84"), Direction.HIGHER, Trend.NEGATIVE),
        (D("5.71"), D("5.69"), Direction.LOWER, Trend.UNCHANGED),  # the same when shown with one decimal
        (D("7"), D("3"), Direction.NONE, Trend.UNCHANGED),
        (None, D("3"), Direction.HIGHER, None),
    ],
)
def test_trend_is_judged_by_the_better_direction(current, previous, direction, expected):
    assert calc.trend(current, previous, direction, decimals=1) == expected


def numeric(comparator: str, value: str) -> calc.TargetSpec:
    return calc.TargetSpec(kind=TargetKind.NUMERIC, comparator=comparator, value=D(value))


@pytest.mark.parametrize(
    ("comparator", "target", "value", "met"),
    [
        (Comparator.GTE, "85", "85", True),
        (Comparator.GTE, "85", "84.9", False),
        (Comparator.GT, "85", "85", False),
        (Comparator.GT, "85", "85.1", True),
        (Comparator.LTE, "7", "7", True),
        (Comparator.LTE, "7", "7.1", False),
        (Comparator.LT, "7", "7", False),
        (Comparator.LT, "7", "6.9", True),
        (Comparator.EQ, "100", "100", True),
        (Comparator.EQ, "100", "99", False),
        (Comparator.GTE, "85", "84.96", True),  # judged as shown: 84,96 shows as 85,0
    ],
)
def test_every_numeric_comparator(comparator, target, value, met):
    assert calc.target_met(numeric(comparator, target), D(value), direction=Direction.HIGHER, decimals=1) is met


def qualitative(kind: str, reference: str | None = None) -> calc.TargetSpec:
    return calc.TargetSpec(kind=TargetKind.QUALITATIVE, qualitative=kind, reference=D(reference) if reference else None)


def test_qualitative_targets():
    keep = qualitative(Qualitative.KEEP, "5.3")
    assert calc.target_met(keep, D("5.7"), direction=Direction.LOWER) is False  # the seed: Behåll 5,3 %, 5,7 %
    assert calc.target_met(keep, D("5.2"), direction=Direction.LOWER) is True
    keep_81 = qualitative(Qualitative.KEEP, "81")
    assert calc.target_met(keep_81, D("80"), direction=Direction.HIGHER, previous=D("79")) is False  # ref wins
    assert calc.target_met(qualitative(Qualitative.KEEP), D("80"), direction=Direction.HIGHER, previous=D("80")) is True
    assert calc.target_met(qualitative(Qualitative.INCREASE), D("81"), direction=Direction.HIGHER, previous=D("80"))
    assert not calc.target_met(qualitative(Qualitative.INCREASE), D("80"), direction=Direction.HIGHER, previous=D("80"))
    assert calc.target_met(qualitative(Qualitative.DECREASE), D("4"), direction=Direction.LOWER, previous=D("5"))
    assert calc.target_met(qualitative(Qualitative.INCREASE), D("80"), direction=Direction.HIGHER) is None
    above = qualitative(Qualitative.ABOVE_AVERAGE)
    assert calc.target_met(above, D("82"), direction=Direction.HIGHER, group_average=D("79")) is True
    assert calc.target_met(above, D("78"), direction=Direction.HIGHER, group_average=D("79")) is False
    assert calc.target_met(above, D("78"), direction=Direction.HIGHER) is None
    below = qualitative(Qualitative.BELOW_AVERAGE)
    assert calc.target_met(below, D("5"), direction=Direction.LOWER, group_average=D("6")) is True


def test_no_target_or_no_value_cannot_be_judged():
    assert calc.target_met(None, D(1), direction=Direction.HIGHER) is None
    assert calc.target_met(calc.TargetSpec(kind=TargetKind.NONE), D(1), direction=Direction.HIGHER) is None
    assert calc.target_met(numeric(Comparator.GTE, "1"), None, direction=Direction.HIGHER) is None


def test_rank_with_ties_and_gaps():
    values = [D(90), D(82), D(82), D(79), None, None, D(70)]
    rank = calc.rank(D(82), values, Direction.HIGHER, group_size=7)
    assert (rank.position, rank.with_values, rank.group_size) == (2, 5, 7)
    assert str(rank) == "2/5"
    assert str(calc.rank(D(70), values, Direction.HIGHER)) == "5/5"
    assert str(calc.rank(D(70), values, Direction.LOWER)) == "1/5"
    assert str(calc.rank(D(82), values, Direction.LOWER)) == "3/5"
    assert calc.rank(None, values, Direction.HIGHER) is None
    assert calc.rank(D(1), values, Direction.NONE) is None


def test_average_is_unweighted_over_values_present():
    assert calc.average([D(80), None, D(78)]) == D(79)
    assert calc.average([None]) is None


def test_equality_flag():
    assert calc.equality_flag({"K": D("104"), "M": D("74")}, D(5))
    assert not calc.equality_flag({"K": D("5.7"), "M": D("5.2")}, D(5))
    assert not calc.equality_flag({"K": D("5.7"), "M": None}, D(0))
    assert calc.equality_flag({"area:A": D(1), "area:B": D(3), "area:C": D(2)}, D("1.5"))
