"""Small counts in social statistics are not shown: "-" missing, "--" suppressed, "0" zero. One mechanism for every
channel a figure leaves by (pages, charts, reports in HTML/PDF/Word, the API, Excel and CSV exports).

The rule, applied to each published combination of a total and its breakdown (women/men, areas, ages) for one
period, by `suppress`:

1. **Primary**: a cell whose *base* (the number of people behind it) is above zero and below the threshold (the
   municipality's, seven in the seeds) is suppressed. A count's base is the count itself; a share's (a percentage's)
   base is its denominator or the number of people it was computed from, so a share is suppressed by the size of
   what it is a share of, never by its own value. A cell without a base (sick hours, an index, kronor) does not
   count people and is never primarily suppressed.
2. **Secondary**: while the total is shown and breakdown cells are suppressed (each breakdown on its own when a
   total has several: `suppress_breakdowns`), the total minus the visible cells
   must not reveal them. So more breakdown cells are suppressed, the smallest non-zero one first (ties: the first in
   order), until the suppressed cells are at least two, together at least the threshold, and not all pinned by the
   bounds of "--" (all primary and all 1, or all threshold − 1). When no cell is left to suppress, the total is
   suppressed instead. A zero is never suppressed: "0" discloses nobody.
3. **Derived**: a figure computed from suppressed cells (a deviation, a change from last year) is suppressed too
   (`any_suppressed`).

`tests/core/test_suppression.py` checks with an attacker who knows this rule and enumerates every breakdown that
would publish the same figures that no suppressed cell has a single possible value.

Who sees raw figures: only those who may edit the values (`core.policy`, action EDIT on the measure's committee,
ECONOMY for the economy's volumes) and only where values are entered (the value forms, the history of values, and
the API's numerator, denominator and count fields). Pages, charts, reports and exports are what is published and
are the same for everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from digipuff.core.formatting import MISSING, Number, format_number, to_decimal

SUPPRESSED = "--"


def default_threshold() -> int:
    """The installation's threshold (setting DIGIPUFF_SUPPRESSION_THRESHOLD) for a municipality that set none."""
    return int(settings.DIGIPUFF_SUPPRESSION_THRESHOLD)


def is_suppressed(count: Number | None, threshold: int) -> bool:
    """Whether a base (a number of people) is a small count: above zero and below the threshold."""
    return count is not None and 0 < to_decimal(count) < threshold


@dataclass(frozen=True, slots=True)
class Cell:
    """One published figure of a combination: its key (e.g. "T", "K", "M") and its base, the number of people behind
    it (None: it does not count people, or it is missing)."""

    key: str
    base: Number | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """Which cells of a combination are suppressed: primarily (small base) and secondarily (to protect those)."""

    primary: frozenset[str] = frozenset()
    secondary: frozenset[str] = frozenset()

    @property
    def hidden(self) -> frozenset[str]:
        return self.primary | self.secondary

    def __contains__(self, key: object) -> bool:
        return key in self.primary or key in self.secondary


NOTHING = Decision()


def _base(cell: Cell) -> Decimal:
    return to_decimal(cell.base) if cell.base is not None else Decimal(0)


def _protected(hidden: Sequence[Cell], primary: frozenset[str], threshold: int) -> bool:
    """Whether the suppressed breakdown cells are safe from "total minus the visible cells"."""
    if len(hidden) < 2:
        return False
    together = sum((_base(c) for c in hidden), Decimal(0))
    if together < threshold:
        return False
    # Each primary cell lies in 1..threshold-1; at either end of that range their sum pins every one of them.
    pinned = together in (len(hidden), len(hidden) * (threshold - 1))
    return not (pinned and all(c.key in primary for c in hidden))


def suppress(*, total: Cell | None, parts: Sequence[Cell], threshold: int) -> Decision:
    """Primary and secondary suppression of a total and its breakdown cells (see the module's rule).

    `total` is None when no total is published. The breakdown cells are taken to add up to the total (women and
    men make the total); where they do not, the rule is only more careful than it needs to be.
    """
    cells = ([total] if total is not None else []) + list(parts)
    primary = frozenset(c.key for c in cells if is_suppressed(c.base, threshold))
    if total is None or total.key in primary:
        return Decision(primary=primary)
    hidden = [c for c in parts if c.key in primary]
    if not hidden:
        return Decision(primary=primary)
    candidates = sorted(
        (
            (index, c)
            for index, c in enumerate(parts)
            if c.key not in primary and c.base is not None and to_decimal(c.base) > 0
        ),
        key=lambda pair: (_base(pair[1]), pair[0]),
    )
    secondary: set[str] = set()
    while not _protected(hidden, primary, threshold):
        if not candidates:
            secondary.add(total.key)
            break
        _index, chosen = candidates.pop(0)
        hidden.append(chosen)
        secondary.add(chosen.key)
        # Cells as small as the chosen one go with it: which of equals was chosen would tell the chosen one's value.
        while candidates and _base(candidates[0][1]) == _base(chosen):
            _index, tied = candidates.pop(0)
            hidden.append(tied)
            secondary.add(tied.key)
    return Decision(primary=primary, secondary=frozenset(secondary))


def suppress_breakdowns(*, total: Cell | None, breakdowns: Sequence[Sequence[Cell]], threshold: int) -> Decision:
    """`suppress` for a total with several breakdowns (women/men, areas, ages), each adding up to the total on its
    own: each protects its own groups, and a total suppressed for one is not given away by another whole one."""
    decisions = [suppress(total=total, parts=parts, threshold=threshold) for parts in breakdowns if parts]
    if not decisions:
        decisions = [suppress(total=total, parts=[], threshold=threshold)]
    hidden = frozenset().union(*(d.hidden for d in decisions))
    if total is not None and total.key in hidden:
        for parts in breakdowns:
            if parts and all(p.key not in hidden for p in parts):
                hidden |= {p.key for p in parts if _base(p) > 0}
    primary = frozenset().union(*(d.primary for d in decisions))
    return Decision(primary=primary, secondary=hidden - primary)


def any_suppressed(keys: Iterable[str], decision: Decision) -> bool:
    """Whether a figure computed from these cells (a deviation, a change) must be suppressed with them."""
    return any(key in decision for key in keys)


def format_count(count: Number | None, *, threshold: int, decimals: int = 0) -> str:
    """None -> "-", 0 -> "0", 0 < count < threshold -> "--", otherwise the Swedish-formatted number."""
    if count is None:
        return MISSING
    if is_suppressed(count, threshold):
        return SUPPRESSED
    return format_number(count, decimals)
