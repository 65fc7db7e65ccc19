"""The suppression rule (`core.suppression.suppress`): primary, secondary and derived suppression, and an attacker
who knows the rule and still cannot tell a suppressed cell's value."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digipuff.core.suppression import Cell, Decision, any_suppressed, suppress, suppress_breakdowns

T = 7  # the seeds' threshold


def gendered(total: int | None, women: int | None, men: int | None, threshold: int = T) -> Decision:
    return suppress(
        total=None if total is None else Cell("T", total),
        parts=[Cell("K", women), Cell("M", men)],
        threshold=threshold,
    )


def test_every_small_count_is_suppressed():
    decision = gendered(5, 2, 3)
    assert decision.primary == {"T", "K", "M"}
    assert not decision.secondary


def test_a_lone_suppressed_group_takes_its_sibling_with_it():
    # "Total 12, kvinnor --, män 8" would tell kvinnor = 4.
    decision = gendered(12, 4, 8)
    assert decision.primary == {"K"}
    assert decision.secondary == {"M"}
    assert "T" not in decision


def test_nothing_is_suppressed_above_the_threshold_and_zero_is_shown():
    assert gendered(20, 10, 10).hidden == set()
    assert gendered(9, 0, 9).hidden == set()
    assert "K" not in gendered(12, 0, 12)


def test_the_next_smallest_sibling_is_chosen_and_zeros_never():
    decision = suppress(
        total=Cell("T", 45),
        parts=[Cell("a", 3), Cell("b", 0), Cell("c", 30), Cell("d", 12)],
        threshold=T,
    )
    assert decision.primary == {"a"}
    assert decision.secondary == {"d"}


def test_two_small_groups_that_add_up_to_a_small_count_take_a_third():
    # 1 + 1 = 2 is itself a small count (and "--" is at least 1): both would be known.
    decision = suppress(total=Cell("T", 22), parts=[Cell("a", 1), Cell("b", 1), Cell("c", 20)], threshold=T)
    assert decision.hidden == {"a", "b", "c"}


def test_with_no_sibling_left_the_total_is_suppressed():
    decision = suppress(total=Cell("T", 10), parts=[Cell("K", 3), Cell("M", None)], threshold=T)
    assert decision.hidden == {"K", "T"}


def test_each_breakdown_protects_its_own_groups():
    total = Cell("T", 30)
    sex = [Cell("K", 3), Cell("M", 27)]
    areas = [Cell("area:A", 15), Cell("area:B", 15)]
    # Not an area: 30 - 27 would still tell the women's 3.
    assert suppress_breakdowns(total=total, breakdowns=[sex, areas], threshold=T).hidden == {"K", "M"}
    # A total suppressed for one breakdown is not left to the sum of another.
    lone = [Cell("area:A", 3)]
    decision = suppress_breakdowns(total=Cell("T", 10), breakdowns=[lone, [Cell("K", 10), Cell("M", 0)]], threshold=T)
    assert decision.hidden == {"area:A", "T", "K"}


def test_figures_without_a_base_are_never_suppressed():
    assert gendered(None, None, None).hidden == set()
    assert suppress(total=Cell("T", None), parts=[Cell("K", None)], threshold=T).hidden == set()


def test_a_figure_computed_from_a_suppressed_one_is_suppressed():
    decision = suppress(total=None, parts=[Cell("actual", 5), Cell("previous_year", 12)], threshold=T)
    assert any_suppressed(["actual", "previous_year"], decision)
    assert not any_suppressed(["previous_year"], decision)


def test_a_share_is_suppressed_by_its_base_not_its_value():
    # 50 % of 4 people: the base is 4.
    assert "K" in gendered(16, 4, 12)
    assert suppress(total=None, parts=[Cell("share", 40)], threshold=T).hidden == set()


# -- the attacker ------------------------------------------------------------------------------------------------------


def publish(values: list[int], threshold: int) -> tuple[int | None, tuple[int | None, ...]]:
    """What a channel shows of a total (the sum) and its groups: the numbers, None for "--"."""
    keys = [f"g{i}" for i in range(len(values))]
    total = sum(values)
    decision = suppress(
        total=Cell("T", total), parts=[Cell(k, v) for k, v in zip(keys, values, strict=True)], threshold=threshold
    )
    shown = tuple(None if k in decision else v for k, v in zip(keys, values, strict=True))
    return (None if "T" in decision else total), shown


def _fillings(count: int, total: int | None, bound: int) -> Iterator[tuple[int, ...]]:
    """Every way to fill `count` hidden cells: adding up to `total` when it is known, else each up to `bound`."""
    if count == 0:
        if not total:
            yield ()
        return
    top = bound if total is None else total
    for first in range(top + 1):
        for rest in _fillings(count - 1, None if total is None else total - first, bound):
            yield (first, *rest)


def possible_values(values: list[int], threshold: int) -> dict[int, set[int]]:
    """For each suppressed group, every value it could have: the attacker knows the published figures, that the
    groups add up to the total and the rule itself, and tries every breakdown that publishes the same."""
    published = publish(values, threshold)
    total, shown = published
    hidden = [i for i, v in enumerate(shown) if v is None]
    visible = sum(v for v in shown if v is not None)
    possible: dict[int, set[int]] = {i: set() for i in hidden}
    remainder = None if total is None else total - visible
    for filling in _fillings(len(hidden), remainder, 3 * threshold):
        guess = list(shown)
        for index, value in zip(hidden, filling, strict=True):
            guess[index] = value
        if publish([int(v) for v in guess if v is not None], threshold) == published:
            for index, value in zip(hidden, filling, strict=True):
                possible[index].add(value)
    return possible


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    threshold=st.integers(min_value=3, max_value=7),
    values=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=4),
)
def test_no_suppressed_group_can_be_derived(threshold, values):
    for index, options in possible_values(values, threshold).items():
        assert len(options) > 1, f"group {index} of {values} is {options} (threshold {threshold})"


@settings(max_examples=500, deadline=None)
@given(
    threshold=st.integers(min_value=2, max_value=10),
    values=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6),
)
def test_a_shown_total_never_stands_beside_a_single_hidden_group(threshold, values):
    total, shown = publish(values, threshold)
    hidden = [v for v, s in zip(values, shown, strict=True) if s is None]
    if total is not None and hidden:
        # total minus the visible groups is the sum of at least two hidden groups, itself no small count.
        assert len(hidden) >= 2
        assert sum(hidden) >= threshold
    if total is None and sum(values) >= threshold:
        # a total is only suppressed for its own sake or when nothing else can protect its groups
        assert all(s is None for v, s in zip(values, shown, strict=True) if v)


@pytest.mark.parametrize("values", [[7, 7, 5], [1, 1, 1], [6, 6, 7], [3, 3, 3, 20], [4, 8]])
def test_known_hard_cases(values):
    for options in possible_values(values, T).values():
        assert len(options) > 1
