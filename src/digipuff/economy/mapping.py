"""From the ledger's accounts and dimension objects to cost lines and operation areas.

The default cost lines follow the operating statement of Swedish municipal reports, with account ranges from
Kommun-Bas (SKR's chart of accounts for municipalities). A committee changes them on the mapping page; the ranges
are compared with as many leading characters of an account or object as the bounds have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from digipuff.economy.choices import CostLineKind


@dataclass(frozen=True)
class DefaultCostLine:
    code: str
    name: str
    kind: str
    ranges: tuple[tuple[str, str], ...]


R, C = CostLineKind.REVENUE, CostLineKind.COST

#: Kommun-Bas: class 3 revenues, 4 purchases of operations and grants given, 5 staff, 6-7 premises, services and
#: other costs, 78 depreciation and 84 internal interest (together the kapitalkostnad).
KOMMUN_BAS: tuple[DefaultCostLine, ...] = (
    DefaultCostLine("TAXOR", "Taxor och avgifter", R, (("3100", "3199"),)),
    DefaultCostLine(
        "FORSALJNING", "Försäljning av verksamhet", R, (("3000", "3099"), ("3200", "3299"), ("3600", "3699"))
    ),
    DefaultCostLine("BIDRAG_INT", "Bidrag", R, (("3400", "3599"),)),
    DefaultCostLine("OVR_INT", "Övriga intäkter", R, (("3300", "3399"), ("3700", "3999"))),
    DefaultCostLine("PERSONAL", "Personal", C, (("5000", "5999"),)),
    DefaultCostLine("LOKALER", "Lokaler", C, (("6000", "6299"),)),
    DefaultCostLine("BIDRAG_KOST", "Bidrag kostnader", C, (("4500", "4599"),)),
    DefaultCostLine("KOP", "Köp av verksamhet", C, (("4600", "4799"),)),
    DefaultCostLine("KONSULTER", "Konsulter och inhyrd personal", C, (("6900", "6999"),)),
    DefaultCostLine("VAROR", "Varor och tjänster", C, (("4000", "4499"), ("4800", "4999"), ("6300", "6899"))),
    DefaultCostLine("OVR_KOST", "Övriga kostnader", C, (("7000", "7799"), ("7900", "7999"))),
    DefaultCostLine("KAPITAL", "Kapitalkostnad", C, (("7800", "7899"), ("8400", "8499"))),
)

#: Account classes of the balance sheet (tillgångar, eget kapital och skulder): not part of the operating statement.
BALANCE_CLASSES = frozenset("12")


def is_result_account(account: str) -> bool:
    """Every account outside the balance sheet is kept and mapped: classes 3-8 by the defaults, and class 9 (or any
    account the mapping does not cover) is stored and listed as unmapped with its amount, never dropped."""
    return bool(account) and account[0] not in BALANCE_CLASSES


def account_range_problems(ranges: list[tuple[str, str]]) -> list[str]:
    """Why account ranges cannot be saved: accounts are digits, both ends equally long, the first not greater."""
    problems = []
    for first, last in ranges:
        shown = f"{first}–{last}" if first != last else first
        if not (first.isdecimal() and last.isdecimal() and first.isascii() and last.isascii()):
            problems.append(_("{range}: an account is written with digits only.").format(range=shown))
        elif len(first) != len(last) or last < first:
            problems.append(
                _("{range}: both ends need the same number of digits and the first must not be greater.").format(
                    range=shown
                )
            )
    return problems


def in_range(value: str, first: str, last: str) -> bool:
    """True when the leading characters of `value` (as many as the bounds have) lie within first..last.

    Bounds of one range have the same length, so digit strings compare as numbers: 3100-3199 holds 3150 and 31050.
    """
    length = len(first)
    return len(value) >= length and first <= value[:length] <= last


class RangeMap:
    """Answers "which target holds this value?" for a list of (first, last, target) ranges, with a cache."""

    def __init__(self, ranges: Iterable[tuple[str, str, int]]) -> None:
        self.ranges = sorted(ranges)
        self.cache: dict[str, int | None] = {}

    def __call__(self, value: str) -> int | None:
        try:
            return self.cache[value]
        except KeyError:
            pass
        found = None
        if value:
            for first, last, target in self.ranges:
                if in_range(value, first, last):
                    found = target
                    break
        self.cache[value] = found
        return found


def parse_ranges(text: str) -> list[tuple[str, str]]:
    """Read "3100-3199, 3300" (one range or value per comma or line) into pairs; ValueError names the bad part."""
    pairs: list[tuple[str, str]] = []
    for part in text.replace("\n", ",").replace(";", ",").split(","):
        part = part.strip().replace("–", "-")
        if not part:
            continue
        first, _sep, last = (p.strip() for p in part.partition("-"))
        last = last or first
        if not first or " " in first or " " in last:
            raise ValueError(_("'{part}' is not an account or a range such as 3100-3199.").format(part=part))
        if len(first) != len(last) or last < first:
            raise ValueError(
                _("In '{part}' both ends need the same number of characters and the first must not be greater.").format(
                    part=part
                )
            )
        pairs.append((first, last))
    return pairs


def overlaps(ranges: list[tuple[str, str, str]]) -> list[str]:
    """Pairs of ranges (first, last, owner name) that overlap: a value must belong to one target only."""
    problems = []
    ordered = sorted(ranges)
    for i, (first, last, owner) in enumerate(ordered):
        for other_first, other_last, other_owner in ordered[i + 1 :]:
            length = max(len(first), len(other_first))
            if first[:length].ljust(length, "0") <= other_last[:length].ljust(length, "9") and other_first[
                :length
            ].ljust(length, "0") <= last[:length].ljust(length, "9"):
                problems.append(
                    _("{a} ({owner}) overlaps {b} ({other}).").format(
                        a=f"{first}–{last}", owner=owner, b=f"{other_first}–{other_last}", other=other_owner
                    )
                )
    return problems
