"""Generator of valid, balanced SIE 4 files for tests and benchmarks.

``generate_sie4(n)`` gives a municipal-looking ledger with ``n`` transaction rows: chart of accounts with Swedish
names, dimensions and objects, two fiscal years, opening balances, period balances consistent with the vouchers, and
vouchers whose rows carry object lists. ``render_sie4`` turns explicit voucher data into a file, which property tests
use to check that what was written is what the parser reads back.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

__all__ = [
    "ACCOUNTS",
    "DIMENSIONS",
    "OBJECTS",
    "GenRow",
    "GenVoucher",
    "generate_sie4",
    "generate_sie4_with_totals",
    "quote",
    "render_sie4",
]

#: A small Kommun-Bas-like chart of accounts: number -> (name, SIE account type).
ACCOUNTS: dict[str, tuple[str, str]] = {
    "1510": ("Kundfordringar", "T"),
    "1930": ("Bank, företagskonto", "T"),
    "2440": ("Leverantörsskulder", "S"),
    "2641": ("Ingående moms", "T"),
    "2710": ("Personalens källskatt", "S"),
    "3010": ("Taxor och avgifter, äldreomsorg", "I"),
    "3510": ("Försäljning av verksamhet", "I"),
    "4010": ("Inköp av material och varor", "K"),
    "5010": ("Löner månadsavlönade", "K"),
    "5410": ("Förbrukningsinventarier", "K"),
    "6110": ("Kontorsmaterial och trycksaker", "K"),
    "7010": ("Lokalhyror, Ödeshög", "K"),
}
#: Dimension number -> name (1 = ansvar/cost centre, 6 = project, 20+ free for municipal "verksamhet").
DIMENSIONS: dict[int, str] = {1: "Ansvar", 6: "Projekt", 20: "Verksamhet"}
#: (dimension, object id) -> name.
OBJECTS: dict[tuple[int, str], str] = {
    (1, "100"): "Förskola Ängen",
    (1, "200"): "Äldreomsorg Östra",
    (1, "300"): "Grundskola Åsen",
    (6, "P1"): "Gång- och cykelväg",
    (6, "P2"): 'Ombyggnad kök "Solgläntan"',
    (20, "407"): "Grundskola",
    (20, "510"): "Särskilt boende",
}
_BALANCE_ACCOUNTS = [a for a in ACCOUNTS if a[0] in "12"]
_RESULT_ACCOUNTS = [a for a in ACCOUNTS if a[0] not in "12"]


@dataclass
class GenRow:
    """One voucher row to write; kind RTRANS also writes the identical #TRANS copy the specification demands."""

    account: str
    amount: Decimal
    objects: tuple[tuple[int, str], ...] = ()
    text: str = ""
    kind: str = "TRANS"


@dataclass
class GenVoucher:
    """A voucher to write."""

    series: str
    number: str
    date: date
    text: str
    rows: list[GenRow] = field(default_factory=list)


def quote(text: str) -> str:
    """Write a text as a quoted SIE field, escaping quotes and backslashes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _objects(objects: Iterable[tuple[int, str]]) -> str:
    return "{" + " ".join(f"{dim} {quote(obj)}" for dim, obj in objects) + "}"


def _header(
    lines: list[str],
    year: int,
    accounts: Mapping[str, tuple[str, str]],
    dimensions: Mapping[int, str],
    objects: Mapping[tuple[int, str], str],
) -> None:
    lines += [
        "#FLAGGA 0",
        '#PROGRAM "DigiPUFF testgenerator" 1.0',
        "#FORMAT PC8",
        f"#GEN {year + 1}0115 digipuff",
        "#SIETYP 4",
        '#FNAMN "Ödeshögs kommun (test)"',
        "#ORGNR 212000-0563",
        '#ADRESS "Åsa Öberg" "Box 1" "599 80 ÖDESHÖG" "0144-350 00"',
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
        "#KPTYP EUBAS97",
        "#VALUTA SEK",
    ]
    for number, (name, kind) in accounts.items():
        lines.append(f"#KONTO {number} {quote(name)}")
        lines.append(f"#KTYP {number} {kind}")
    for dim, name in dimensions.items():
        lines.append(f"#DIM {dim} {quote(name)}")
    for (dim, obj), name in objects.items():
        lines.append(f"#OBJEKT {dim} {quote(obj)} {quote(name)}")


def render_sie4(
    vouchers: Sequence[GenVoucher],
    *,
    year: int = 2024,
    encoding: str = "cp437",
    newline: str = "\n",
    accounts: Mapping[str, tuple[str, str]] = ACCOUNTS,
    dimensions: Mapping[int, str] = DIMENSIONS,
    objects: Mapping[tuple[int, str], str] = OBJECTS,
    opening_balances: Mapping[str, Decimal] | None = None,
) -> bytes:
    """Write vouchers (and a header declaring accounts/objects) as SIE 4 bytes."""
    lines: list[str] = []
    _header(lines, year, accounts, dimensions, objects)
    for account, amount in (opening_balances or {}).items():
        lines.append(f"#IB 0 {account} {amount}")
    for v in vouchers:
        lines.append(f"#VER {quote(v.series)} {quote(v.number)} {v.date:%Y%m%d} {quote(v.text)} {v.date:%Y%m%d}")
        lines.append("{")
        for row in v.rows:
            body = f"{row.account} {_objects(row.objects)} {row.amount} {v.date:%Y%m%d} {quote(row.text)}"
            if row.kind == "RTRANS":
                lines.append(f"#RTRANS {body}")
            elif row.kind == "BTRANS":
                lines.append(f"#BTRANS {body}")
                continue
            lines.append(f"#TRANS {body}")
        lines.append("}")
    return (newline.join(lines) + newline).encode(encoding)


def _cents(value: int) -> str:
    """Format an amount in öre as a SIE amount (e.g. -12345 -> "-123.45") without going through Decimal."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d}"


def generate_sie4_with_totals(
    n_transactions: int,
    *,
    seed: int = 0,
    rows_per_voucher: int = 5,
    year: int = 2024,
    encoding: str = "cp437",
) -> tuple[bytes, dict[str, Decimal]]:
    """Generate a valid SIE 4 file with ``n_transactions`` #TRANS rows; also return the expected total per account.

    Every voucher balances (its last row takes the negated sum of the others), object lists vary between none and
    three dimensions, texts contain Swedish letters and escaped quotes, and #PSALDO rows equal the monthly movement of
    the vouchers, so a reader can be checked against it.
    """
    rng = random.Random(seed)
    lines: list[str] = []
    _header(lines, year, ACCOUNTS, DIMENSIONS, OBJECTS)
    # Opening balances that sum to zero, as a balance sheet must.
    ib = {a: rng.randrange(-5_000_000, 5_000_000) for a in _BALANCE_ACCOUNTS[:-1]}
    ib[_BALANCE_ACCOUNTS[-1]] = -sum(ib.values())
    for account, cents in ib.items():
        lines.append(f"#IB 0 {account} {_cents(cents)}")
        lines.append(f"#IB -1 {account} {_cents(cents // 2)}")

    accounts = list(ACCOUNTS)
    object_lists = [
        "{}",
        '{1 "100"}',
        '{1 "200" 6 "P1"}',
        '{1 "300" 6 "P2" 20 "407"}',
        '{20 "510"}',
        '{1 "100" 20 "407"}',
    ]
    texts = ['"Inköp förbrukningsmaterial"', '"Lön, Åsa Öberg"', '"Faktura \\"Ängen\\" 12"', "Hyra", '""']
    totals_cents: dict[str, int] = dict.fromkeys(accounts, 0)
    monthly: dict[tuple[str, str], int] = {}
    first_day = date(year, 1, 1)
    rows_per_voucher = max(2, rows_per_voucher)
    # Voucher sizes adding up to exactly n_transactions; a single leftover row joins the last voucher (a voucher of
    # one row can only balance with amount 0, which is what a one-row file gets).
    sizes = [rows_per_voucher] * (n_transactions // rows_per_voucher)
    rest = n_transactions % rows_per_voucher
    if rest == 1 and sizes:
        sizes[-1] += 1
    elif rest:
        sizes.append(rest)
    n_vouchers = len(sizes)
    body: list[str] = []
    for number, n_rows in enumerate(sizes, 1):
        day = first_day + timedelta(days=(number * 365) // (n_vouchers + 1))
        ymd = f"{day:%Y%m%d}"
        month = ymd[:6]
        body.append(f'#VER A {number} {ymd} "Verifikation {number}, Östra" {ymd}')
        body.append("{")
        balance = 0
        for i in range(n_rows):
            account = accounts[rng.randrange(len(accounts))]
            if i == n_rows - 1:
                cents = -balance
            else:
                cents = rng.randrange(-10_000_000, 10_000_000)
                balance += cents
            totals_cents[account] += cents
            key = (month, account)
            monthly[key] = monthly.get(key, 0) + cents
            objs = object_lists[rng.randrange(len(object_lists))]
            body.append(f"#TRANS {account} {objs} {_cents(cents)} {ymd} {texts[rng.randrange(len(texts))]}")
        body.append("}")
    for (month, account), cents in sorted(monthly.items()):
        lines.append(f"#PSALDO 0 {month} {account} {{}} {_cents(cents)}")
    lines.extend(body)
    data = ("\n".join(lines) + "\n").encode(encoding)
    totals = {a: Decimal(_cents(c)) for a, c in totals_cents.items()}
    return data, totals


def generate_sie4(
    n_transactions: int,
    *,
    seed: int = 0,
    rows_per_voucher: int = 5,
    year: int = 2024,
    encoding: str = "cp437",
) -> bytes:
    """Generate a valid, balanced SIE 4 file with ``n_transactions`` #TRANS rows (see generate_sie4_with_totals)."""
    data, _ = generate_sie4_with_totals(
        n_transactions, seed=seed, rows_per_voucher=rows_per_voucher, year=year, encoding=encoding
    )
    return data


if __name__ == "__main__":  # pragma: no cover - manual benchmark: python generate.py [rows]
    import sys
    import time

    from digipuff.integrations.sie.parser import parse_bytes

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    t0 = time.perf_counter()
    payload = generate_sie4(rows)
    t1 = time.perf_counter()
    sie = parse_bytes(payload, filename=f"generated-{rows}.se")
    t2 = time.perf_counter()
    n = sum(len(v.transactions) for v in sie.vouchers)
    print(f"generated {len(payload) / 1e6:.1f} MB in {t1 - t0:.2f} s; parsed {n} #TRANS rows in {t2 - t1:.2f} s")
