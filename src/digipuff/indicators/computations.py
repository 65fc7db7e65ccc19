"""What is computed from stored values, never typed: ratios, totals, r12, trend, target fulfilment, rank,
average and the equality flag. Pure functions over plain numbers, so reports and pages agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from digipuff.core.formatting import round_half_up
from digipuff.indicators.choices import Comparator, Direction, Qualitative, TargetKind, Trend


def ratio(numerator: Decimal | None, denominator: Decimal | None, scale: Decimal = Decimal(100)) -> Decimal | None:
    """numerator / denominator × scale; missing when either is missing or the denominator is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator * scale / denominator


@dataclass(frozen=True, slots=True)
class Parts:
    """Numerator and denominator of one period and group."""

    numerator: Decimal | None
    denominator: Decimal | None


def total_of(parts: Iterable[Parts]) -> Parts:
    """The total of groups (women + men): numerators and denominators summed, so the total is weighted right."""
    items = list(parts)
    if not items or any(p.numerator is None or p.denominator is None for p in items):
        return Parts(None, None)
    numerator = sum((p.numerator for p in items if p.numerator is not None), Decimal(0))
    denominator = sum((p.denominator for p in items if p.denominator is not None), Decimal(0))
    return Parts(numerator, denominator)


def previous_month(year: int, month: int, back: int = 1) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def rolling_12(monthly: Mapping[tuple[int, int], Parts], year: int, month: int) -> Parts:
    """r12 at (year, month): the sums over the 12 months ending with it; missing unless all 12 months are there."""
    numerator = Decimal(0)
    denominator = Decimal(0)
    for back in range(12):
        parts = monthly.get(previous_month(year, month, back))
        if parts is None or parts.numerator is None or parts.denominator is None:
            return Parts(None, None)
        numerator += parts.numerator
        denominator += parts.denominator
    return Parts(numerator, denominator)


def trend(current: Decimal | None, previous: Decimal | None, direction: str, decimals: int = 1) -> str | None:
    """Positiv / negativ / oförändrad against the previous comparable period, judged by the better direction.

    Values are compared as shown (rounded to the measure's decimals), so a change nobody can see is oförändrad.
    """
    if current is None or previous is None:
        return None
    now, before = round_half_up(current, decimals), round_half_up(previous, decimals)
    if now == before or direction == Direction.NONE:
        return Trend.UNCHANGED
    better = now > before if direction == Direction.HIGHER else now < before
    return Trend.POSITIVE if better else Trend.NEGATIVE


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A target as plain data (see indicators.models.Target)."""

    kind: str
    comparator: str = ""
    value: Decimal | None = None
    qualitative: str = ""
    reference: Decimal | None = None


def target_met(
    target: TargetSpec | None,
    value: Decimal | None,
    *,
    direction: str,
    previous: Decimal | None = None,
    group_average: Decimal | None = None,
    decimals: int = 1,
) -> bool | None:
    """Whether the value meets the target; None when it cannot be judged (no target, no value, no reference)."""
    if target is None or value is None or target.kind == TargetKind.NONE:
        return None
    shown = round_half_up(value, decimals)
    if target.kind == TargetKind.NUMERIC:
        if target.value is None:
            return None
        goal = target.value
        return {
            Comparator.GTE: shown >= goal,
            Comparator.GT: shown > goal,
            Comparator.LTE: shown <= goal,
            Comparator.LT: shown < goal,
            Comparator.EQ: shown == goal,
        }[Comparator(target.comparator)]
    if target.qualitative in (Qualitative.ABOVE_AVERAGE, Qualitative.BELOW_AVERAGE):
        if group_average is None:
            return None
        average = round_half_up(group_average, decimals)
        return shown > average if target.qualitative == Qualitative.ABOVE_AVERAGE else shown < average
    reference = target.reference if target.reference is not None else previous
    if reference is None:
        return None
    reference = round_half_up(reference, decimals)
    if target.qualitative == Qualitative.INCREASE:
        return shown > reference
    if target.qualitative == Qualitative.DECREASE:
        return shown < reference
    # Behåll: keep the level, judged by the better direction (not worse than the reference).
    if direction == Direction.HIGHER:
        return shown >= reference
    if direction == Direction.LOWER:
        return shown <= reference
    return shown == reference


@dataclass(frozen=True, slots=True)
class Rank:
    """A rank in a group: position among those with values ("3/26"), and how many the group has in all."""

    position: int
    with_values: int
    group_size: int

    def __str__(self) -> str:
        return f"{self.position}/{self.with_values}"


def rank(
    own: Decimal | None, values: Iterable[Decimal | None], direction: str, *, group_size: int | None = None
) -> Rank | None:
    """Competition ranking ("1224"): 1 + the number of strictly better values; ties share a rank.

    `values` are the group's values including the own one; missing values are left out of "with values".
    """
    present = [v for v in values if v is not None]
    if own is None or not present or direction == Direction.NONE:
        return None
    better = sum(1 for v in present if (v > own if direction == Direction.HIGHER else v < own))
    return Rank(position=better + 1, with_values=len(present), group_size=group_size or len(present))


def average(values: Iterable[Decimal | None]) -> Decimal | None:
    """The unweighted mean of the values present (as Kolada's group averages)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) / len(present)


def equality_flag(groups: Mapping[str, Decimal | None], threshold: Decimal) -> bool:
    """True when the largest difference between the groups' values (women/men, areas, ages) exceeds the threshold."""
    present = [v for v in groups.values() if v is not None]
    if len(present) < 2:
        return False
    return max(present) - min(present) > threshold
