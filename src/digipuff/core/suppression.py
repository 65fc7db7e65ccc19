"""Small counts in social statistics are not shown: "-" missing, "--" between zero and the threshold, "0" zero.

The threshold is the municipality's (seven in the seeds). Every channel a value leaves by (pages, reports, the
portal, the API, exports) formats counts through here, unless the reader has the right to see them.
"""

from __future__ import annotations

from django.conf import settings

from digipuff.core.formatting import MISSING, Number, format_number, to_decimal

SUPPRESSED = "--"


def default_threshold() -> int:
    """The installation's threshold (setting DIGIPUFF_SUPPRESSION_THRESHOLD) for a municipality that set none."""
    return int(settings.DIGIPUFF_SUPPRESSION_THRESHOLD)


def is_suppressed(count: Number | None, threshold: int) -> bool:
    return count is not None and 0 < to_decimal(count) < threshold


def format_count(count: Number | None, *, threshold: int, decimals: int = 0) -> str:
    """None -> "-", 0 -> "0", 0 < count < threshold -> "--", otherwise the Swedish-formatted number."""
    if count is None:
        return MISSING
    if is_suppressed(count, threshold):
        return SUPPRESSED
    return format_number(count, decimals)


def suppressed_value(value: Number | None, *, count: Number | None, threshold: int) -> Number | str | None:
    """For data leaving through the API: the value, or "--" when the count behind it is too small to show."""
    if value is not None and is_suppressed(count, threshold):
        return SUPPRESSED
    return value
