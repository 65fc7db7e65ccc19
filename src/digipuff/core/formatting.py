"""Swedish number formatting and parsing: "1 234,5", "5,7 %", "-2,6", with "-" for a missing value.

Figures are kept exact (kronor as Decimal) and rounded only here, when shown; rounding is half away from zero,
as in Swedish municipal reports. Years and ids are never formatted with separators: pass them as text.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MISSING = "-"
Number = Decimal | int | float

_THOUSANDS = " "


def to_decimal(value: Number | str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # repr() gives the shortest string that round-trips, so 0.1 stays 0.1 rather than 0.1000000000000000055...
        return Decimal(repr(value))
    return Decimal(value)


def round_half_up(value: Number, decimals: int = 0) -> Decimal:
    exponent = Decimal(1).scaleb(-decimals)
    return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def format_number(value: Number | None, decimals: int = 0) -> str:
    """1234.56 -> "1 234,6" (decimals=1); None -> "-"; -0.04 -> "0,0" (no negative zero)."""
    if value is None:
        return MISSING
    rounded = round_half_up(value, decimals)
    if rounded.is_zero():
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + _THOUSANDS.join(groups)
    return f"{result},{fraction}" if decimals > 0 else result


def format_percent(value: Number | None, decimals: int = 1) -> str:
    """5.66 -> "5,7 %" (the value is already in per cent)."""
    if value is None:
        return MISSING
    return f"{format_number(value, decimals)} %"


def format_share(numerator: Number | None, denominator: Number | None, decimals: int = 1) -> str:
    """A share as a per cent: 57 of 1000 -> "5,7 %"; an unknown or zero denominator is missing."""
    if numerator is None or denominator is None or to_decimal(denominator).is_zero():
        return MISSING
    return format_percent(to_decimal(numerator) * 100 / to_decimal(denominator), decimals)


def format_thousands(kronor: Number | None, decimals: int = 0) -> str:
    """Kronor shown in tkr: 1 234 567 kr -> "1 235"."""
    if kronor is None:
        return MISSING
    return format_number(to_decimal(kronor) / 1000, decimals)


def format_millions(kronor: Number | None, decimals: int = 1) -> str:
    """Kronor shown in mnkr: 418 000 000 kr -> "418,0"."""
    if kronor is None:
        return MISSING
    return format_number(to_decimal(kronor) / 1_000_000, decimals)


#: The units money is shown in, with their decimals: tkr without decimals, mnkr with one (as in the seeds).
MONEY_UNITS: dict[str, tuple[int, int]] = {"tkr": (1000, 0), "mnkr": (1_000_000, 1)}


def format_money(kronor: Number | None, unit: str = "mnkr") -> str:
    """Exact kronor shown in `unit` ("tkr": 1 234 567 kr -> "1 235"; "mnkr": 418 000 000 kr -> "418,0")."""
    if kronor is None:
        return MISSING
    divisor, decimals = MONEY_UNITS[unit]
    return format_number(to_decimal(kronor) / divisor, decimals)


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_number(text: str) -> Decimal | None:
    """Read a number as people write it in Swedish files: "1 234,5", "-2,6", "−3", "5,7 %", "1234.5".

    An empty cell or "-" is missing (None). Anything else that is not a number raises ValueError with the text.
    """
    cleaned = _SPACES.sub("", str(text)).replace("\u2212", "-").removesuffix("%")
    if cleaned in {"", "-", "--"}:
        return None
    if "," in cleaned and "." in cleaned:
        # "1.234,5": dots group thousands, the comma is the decimal sign.
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(f"'{text}' is not a number")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already guards this
        raise ValueError(f"'{text}' is not a number") from exc
