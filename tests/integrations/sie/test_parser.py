"""Tests of the SIE parser: real exports (when /work/shared is present), own fixtures, and property tests."""

from __future__ import annotations

import json
import re
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digipuff.integrations.sie import parser as sie_parser
from digipuff.integrations.sie.parser import (
    SieError,
    SieFile,
    SieParseError,
    parse_bytes,
    parse_file,
    summary,
)

from .generate import ACCOUNTS, OBJECTS, GenRow, GenVoucher, generate_sie4_with_totals, render_sie4

FIXTURES = Path(__file__).parent / "fixtures"
REAL_DIR = Path("/work/shared/data/sie")
REAL_FILES = sorted(p for p in REAL_DIR.glob("*") if p.suffix.lower() in (".se", ".si")) if REAL_DIR.is_dir() else []
# The one real file with a genuinely unbalanced voucher (#VER 1 1: +12.00 / -10.00).
UNBALANCED_REAL = "XE_SIE_4_20151125095119.SE"

needs_real = pytest.mark.skipif(not REAL_FILES, reason=f"real SIE exports not available at {REAL_DIR}")


def totals_by_account(sie: SieFile) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for t in sie.transactions():
        totals[t.account] = totals.get(t.account, Decimal(0)) + t.amount
    return totals


# ----------------------------------------------------------------------------------------------------------------------
# Real files from accounting systems
# ----------------------------------------------------------------------------------------------------------------------


@needs_real
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_real_file_parses(path: Path) -> None:
    sie = parse_file(path, allow_unbalanced=path.name == UNBALANCED_REAL)
    assert sie.encoding == "cp437"
    assert sie.fiscal_years and 0 in sie.fiscal_years
    assert sie.company_name
    assert sie.accounts
    for voucher in sie.vouchers:
        if path.name != UNBALANCED_REAL:
            assert sum((t.amount for t in voucher.transactions), Decimal(0)) == 0
        assert voucher.line < voucher.end_line
        assert all(voucher.line < t.line < voucher.end_line for t in voucher.transactions)
    json.dumps(summary(sie))  # the dry-run output must be serialisable


@needs_real
def test_real_unbalanced_voucher_is_an_error_unless_allowed() -> None:
    with pytest.raises(SieParseError) as info:
        parse_file(REAL_DIR / UNBALANCED_REAL)
    assert info.value.errors == [SieError(1356, "voucher 1 1 does not balance (sum 2.00)")]
    sie = parse_file(REAL_DIR / UNBALANCED_REAL, allow_unbalanced=True)
    assert any("does not balance" in w.message for w in sie.warnings)


@needs_real
def test_real_quirks() -> None:
    # BL Administration: series "#", quoted dimension numbers, #RTRANS whose #TRANS copy carries another date.
    bl = parse_file(REAL_DIR / "BL0001_typ4.SE")
    a25 = next(v for v in bl.vouchers if (v.series, v.number) == ("A", "25"))
    assert [(t.kind, t.account, t.amount) for t in a25.transactions] == [
        ("TRANS", "1930", Decimal("1000")),
        ("TRANS", "1680", Decimal("-1000")),
        ("RTRANS", "1930", Decimal("500")),
        ("RTRANS", "3010", Decimal("-500")),
    ]
    a8 = next(v for v in bl.vouchers if (v.series, v.number) == ("A", "8"))
    assert [t.amount for t in a8.removed_transactions] == [Decimal("-1000"), Decimal("200"), Decimal("800")]
    assert any(v.series == "#" for v in bl.vouchers)
    assert bl.vouchers[0].transactions[0].text == "1820\\A012 Cykel"  # a lone backslash is literal
    # SoftOne XE: a quote standing for "ö" inside names; unquoted multi-dimension object lists.
    xe = parse_file(REAL_DIR / UNBALANCED_REAL, allow_unbalanced=True)
    assert xe.accounts["1710"].name == 'F"rutbetalda hyreskostnad'
    assert xe.accounts["2440"].name == 'Leverant"rsskulder'
    assert xe.period_balances[0].objects == ((1, "10"), (6, "Bilen"), (2, "KAZ747"))
    # SoftOne Business: truncated text without closing quote, undeclared non-numeric account "FEL".
    s4 = parse_file(REAL_DIR / "Sie4.se")
    assert any(t.text == "260    aaaaaaaaaaaaaaaa" for t in s4.transactions())
    messages = [w.message for w in s4.warnings]
    assert "account FEL is used 37 time(s) but not declared by #KONTO" in messages
    # Visma: CRLF line ends, backslashes in a path, Swedish letters in PC8.
    visma = parse_file(REAL_DIR / "visma-sie4-exempelfil.SE")
    assert visma.company_name == "Övningsbolaget AB"
    assert visma.company_id is not None and visma.company_id.startswith("C:\\ProgramData\\SPCS")
    # Mamut: tabs everywhere and a quoted "PC8".
    mamut = parse_file(REAL_DIR / "MAMUT_SIE4_EXPORT.SE")
    assert mamut.format == "PC8"
    assert mamut.vouchers[0].transactions[2].objects == ((8, "30083"), (1, "2"), (10, "12"))
    # Sie1.se carries a #KSUMMA that must verify.
    assert parse_file(REAL_DIR / "Sie1.se").checksum == 909685525


# ----------------------------------------------------------------------------------------------------------------------
# Own fixtures
# ----------------------------------------------------------------------------------------------------------------------


def test_pc8_fixture_decodes_swedish_letters() -> None:
    raw = (FIXTURES / "pc8_full.se").read_bytes()
    assert b"\x99desh\x94gs" in raw and b"\r\n" in raw  # really code page 437 ("Ödeshögs") with CRLF line ends
    sie = parse_file(FIXTURES / "pc8_full.se")
    assert sie.encoding == "cp437"
    assert sie.warnings == ()
    assert sie.company_name == "Ödeshögs kommun"
    assert sie.comment == "Testfil med åäö ÅÄÖ"
    assert sie.address is not None and sie.address.postal == "599 80 ÖDESHÖG"
    assert sie.objects[(1, "200")].name == "Äldreomsorg Östra"
    assert sie.generated == date(2025, 1, 15) and sie.generated_by == "Åsa Öberg"


def test_pc8_fixture_content() -> None:
    sie = parse_file(FIXTURES / "pc8_full.se")
    assert (sie.flag, sie.sie_type, sie.program, sie.program_version) == (0, 4, "DigiPUFF fixture", "1.0")
    assert (sie.org_number, sie.company_id, sie.tax_year, sie.currency) == ("212000-0563", "KOMMUN1", 2025, "SEK")
    assert sie.fiscal_years[0].start == date(2024, 1, 1) and sie.fiscal_years[-1].end == date(2023, 12, 31)
    assert sie.accounts["4010"].name == 'Inköp "special" material'  # escaped quotes
    assert (sie.accounts["4010"].type, sie.accounts["4010"].unit) == ("K", "st")
    assert sie.accounts["1930"].sru_codes == ("7281",)
    assert sie.dimensions[2].parent == 1 and sie.dimensions[6].parent is None
    assert [(b.year, b.account, b.amount) for b in sie.opening_balances] == [
        (0, "1930", Decimal("150000.00")),
        (0, "2440", Decimal("-150000.00")),
        (-1, "1930", Decimal("120000")),
    ]
    oub = sie.object_closing_balances[0]
    assert (oub.objects, oub.amount, oub.quantity) == (((1, "100"),), Decimal("800.00"), Decimal(2))
    assert sie.results[1].quantity == Decimal(3)
    assert sie.period_balances[1].objects == ((1, "100"), (6, "P1"))
    assert (sie.period_balances[0].period, sie.period_balances[0].month) == ("202401", 1)
    assert sie.period_budgets[1].amount == Decimal("-0.5")  # ".5" style amounts are read
    first = sie.vouchers[0]
    assert (first.series, first.number, first.date, first.registration_date) == (
        "A",
        "1",
        date(2024, 1, 15),
        date(2024, 1, 16),
    )
    row = first.transactions[0]
    assert row.objects == ((1, "100"), (6, "P1"))
    assert (row.text, row.quantity, row.line) == ('Material "Åsa" special', Decimal(3), 49)
    # No transaction date: the voucher date applies. Negative amounts are kept exactly.
    assert first.transactions[1].date == date(2024, 1, 15)
    assert first.transactions[2].amount == Decimal("-1500.50")
    assert first.transactions[2].text == "Leverantör Östra"


def test_rtrans_is_not_counted_twice_and_btrans_not_at_all() -> None:
    sie = parse_file(FIXTURES / "pc8_full.se")
    b1 = sie.vouchers[1]
    assert [(t.kind, t.amount) for t in b1.transactions] == [
        ("TRANS", Decimal("-2500.50")),
        ("TRANS", Decimal("2500.50")),
        ("RTRANS", Decimal("100.00")),
        ("TRANS", Decimal("-100.00")),
    ]
    assert [(t.kind, t.amount, t.signature) for t in b1.removed_transactions] == [("BTRANS", Decimal("999.00"), "Åsa")]
    assert totals_by_account(sie)["1930"] == Decimal("2600.50")
    assert summary(sie)["removed_transactions"] == 1


def test_rtrans_without_its_copy_is_used_with_a_warning() -> None:
    data = b"""#FLAGGA 0
#RAR 0 20240101 20241231
#VER A 1 20240101 ""
{
#TRANS 1930 {} -5
#RTRANS 3010 {} 5
}
"""
    sie = parse_bytes(data)
    assert [t.kind for t in sie.vouchers[0].transactions] == ["TRANS", "RTRANS"]
    assert [w.line for w in sie.warnings] == [6]


def test_utf8_declared_as_pc8() -> None:
    sie = parse_file(FIXTURES / "utf8_declared_pc8.se")
    assert sie.encoding == "utf-8"
    assert sie.company_name == "Älvdalens kommun"
    assert sie.accounts["4010"].name == "Inköp åäö ÅÄÖ"
    assert sie.vouchers[0].transactions[0].text == "Öl och ärtsoppa"
    assert "UTF-8" in sie.warnings[0].message


def test_bom_and_windows_1252() -> None:
    text = '#FLAGGA 0\n#FORMAT PC8\n#FNAMN "Hörby kommun"\n#RAR 0 20240101 20241231\n'
    with_bom = parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert (with_bom.encoding, with_bom.company_name, with_bom.flag) == ("utf-8-sig", "Hörby kommun", 0)
    latin = parse_bytes(text.encode("cp1252"))
    assert (latin.encoding, latin.company_name) == ("cp1252", "Hörby kommun")


def test_ksumma_ok_and_mismatch() -> None:
    raw = (FIXTURES / "ksumma.se").read_bytes()
    sie = parse_bytes(raw)
    assert sie.checksum == 976676835
    assert sie.accounts["1915"].name == 'Kassa "special"'
    # One changed character in the checksummed part must be detected.
    tampered = raw.replace(b"-250.00", b"-25.00").replace(b"{} 250.00", b"{} 25.00")
    with pytest.raises(SieParseError, match="checksum mismatch"):
        parse_bytes(tampered)
    truncated = raw[: raw.rindex(b"#KSUMMA")]
    with pytest.raises(SieParseError, match="no closing #KSUMMA"):
        parse_bytes(truncated)


def spec_crc32(data: bytes) -> int:
    """The table-driven CRC from the SIE specification, section 10, transcribed literally."""
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xEDB88320 if crc & 1 else crc >> 1
        table.append(crc)
    crc = 0xFFFFFFFF
    for byte in data:
        crc = ((crc >> 8) & 0x00FFFFFF) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


def test_checksum_matches_the_specification_algorithm() -> None:
    fields = ["#KONTO", ["1", "2"], 'Kassa "special"']
    data = sie_parser._checksum_bytes(fields, "cp437")
    assert data == b'#KONTO12Kassa "special"'
    assert zlib.crc32(data) == spec_crc32(data)


def test_malformed_file_reports_all_errors_with_line_numbers() -> None:
    path = FIXTURES / "malformed.se"
    with pytest.raises(SieParseError) as info:
        parse_file(path)
    got = [(e.line, e.message) for e in info.value.errors]
    expected = [
        (4, "#RAR: end date '20241331' is not a valid calendar date"),
        (5, "unterminated quoted string in object list"),
        (6, "#IB: amount 'abc' is not a number"),
        (7, "#TRANS outside a voucher"),
        (8, "#VER: voucher date '20240230' is not a valid calendar date"),
        (10, "#TRANS: amount '100,00' is not a number"),
        (12, "voucher A 2 does not balance (sum 50.00)"),
        (17, "'}' without a matching '{'"),
        (18, "expected a record label"),
        (19, "#PSALDO: period '202413' is not in the form YYYYMM"),
        (20, "#RAR: year index is missing"),
        (21, "#OIB: expected an object list"),
        (22, "voucher A 3 is not closed with '}'"),
    ]
    assert len(got) == len(expected)
    for (line, message), (want_line, want_start) in zip(got, expected, strict=True):
        assert line == want_line and message.startswith(want_start), (line, message)
    text = str(info.value)
    assert str(path) in text and "13 errors" in text and "line 12: voucher A 2 does not balance" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('#VER A 1 20240101 "x"\n#TRANS 1930 {} 1\n', "not followed by a '{'"),
        ("{\n#TRANS 1930 {} 1\n}\n", "'{' without a preceding #VER"),
        ('#VER A 1 20240101 "x"\n{\n#KONTO 1930 Bank\n}\n', "#KONTO inside voucher A 1"),
        ('#VER A 1 20240101 "x"\n{\n#VER A 2 20240101 "y"\n{\n}\n', "#VER inside voucher A 1"),
        ("#KONTO 1930 {1 {2}}\n", "nested '{'"),
        ("#KONTO 1930 Bank}\n", "'}' without a matching '{'"),
        ('#VER A 1 20240101 "x"\n{\n#TRANS 1930 {1} 1\n}\n', "does not consist of (dimension, object) pairs"),
        ('#VER A 1 20240101 "x"\n{\n#TRANS 1930 {x "1"} 1\n}\n', "dimension number 'x' is not an integer"),
        ('#VER A 1 20240101 "x"\n{\n#TRANS 1930 {} +1\n}\n', "amount '+1' is not a number"),
        ('#VER A 1 20240101 "x"\n{\n#TRANS 1930 {} 1e5\n}\n', "amount '1e5' is not a number"),
        ("#GEN 2024-01-01\n", "not a date in the form YYYYMMDD"),
        ("#RAR 0 20241231 20240101\n", "ends (2024-01-01) before it starts (2024-12-31)"),
        ("#KSUMMA 123\n", "without an opening #KSUMMA"),
    ],
)
def test_specific_errors(body: str, message: str) -> None:
    with pytest.raises(SieParseError) as info:
        parse_bytes(("#FLAGGA 0\n" + body).encode("cp437"), filename="x.se")
    assert any(message in e.message for e in info.value.errors), info.value.errors


def test_empty_and_non_sie_input() -> None:
    with pytest.raises(SieParseError, match="no SIE records"):
        parse_bytes(b"")
    with pytest.raises(SieParseError, match="expected a record label"):
        parse_bytes(b"hello\nworld\n")


def test_tolerated_irregularities_are_warnings() -> None:
    data = b"""#FLAGGA 0
#RAR 0 20240101 20241231
#ORGNR
#NYPOST 1 2 3
#NYPOST 4
#KONTO 1930 "Bank" extra fields are allowed
#KTYP 1930
#SRU 9999 7000
#IB -1 1930 5
#VER A 1 20240101 "ok"
{
#TRANS 1930 {} 5 20240101 "text without end
#TRANS 4010 {6 "X"} -5
}
"""
    sie = parse_bytes(data)
    messages = [str(w) for w in sie.warnings]
    assert messages == [
        "line 3: #ORGNR has no value",
        "line 4: unknown record #NYPOST ignored (2 times)",
        "line 7: account type '' for account 1930 is not T, S, K or I; ignored",
        "line 8: #SRU for account 9999 which has no #KONTO",
        "line 9: year index -1 is used but not declared by #RAR",
        "line 12: quoted string starting at column 27 has no closing quote; read to line end",
        "line 13: account 4010 is used 1 time(s) but not declared by #KONTO",
    ]
    assert sie.vouchers[0].transactions[0].text == "text without end"


def test_summary() -> None:
    sie = parse_file(FIXTURES / "pc8_full.se")
    s = summary(sie)
    assert s["fiscal_years"] == {
        "0": {"start": "2024-01-01", "end": "2024-12-31"},
        "-1": {"start": "2023-01-01", "end": "2023-12-31"},
    }
    assert s["periods"] == ["202401", "202402"]
    assert (s["accounts"], s["dimensions"], s["objects"], s["vouchers"], s["transactions"]) == (5, 3, 4, 2, 7)
    assert s["totals_per_account_class"] == {"1": "2600.50", "2": "-1200.40", "3": "-2600.50", "4": "1200.40"}
    assert json.loads(json.dumps(s)) == s


def test_generated_file_round_trips_totals_and_period_balances() -> None:
    data, expected = generate_sie4_with_totals(2003, seed=7)
    sie = parse_bytes(data)
    assert sie.warnings == ()
    assert sum(len(v.transactions) for v in sie.vouchers) == 2003
    got = totals_by_account(sie)
    assert {a: got.get(a, Decimal(0)) for a in expected} == expected
    monthly: dict[tuple[str, str], Decimal] = {}
    for t in sie.transactions():
        assert t.date is not None
        key = (f"{t.date:%Y%m}", t.account)
        monthly[key] = monthly.get(key, Decimal(0)) + t.amount
    assert {(p.period, p.account): p.amount for p in sie.period_balances} == {k: v for k, v in monthly.items() if v}
    assert sie.objects[(6, "P2")].name == 'Ombyggnad kök "Solgläntan"'


# ----------------------------------------------------------------------------------------------------------------------
# Property tests
# ----------------------------------------------------------------------------------------------------------------------

_TEXT = st.text(alphabet='abcÅÄÖåäöé "\\{}#-', max_size=12)
_OBJECT_LIST = st.lists(st.sampled_from(sorted(OBJECTS)), max_size=3, unique=True).map(tuple)
_CENTS = st.integers(min_value=-(10**15), max_value=10**15)


@st.composite
def vouchers(draw: st.DrawFn) -> list[GenVoucher]:
    result = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        rows = []
        balance = 0
        n_rows = draw(st.integers(1, 6))
        for i in range(n_rows):
            kind = draw(st.sampled_from(["TRANS", "TRANS", "RTRANS", "BTRANS"]))
            cents = -balance if i == n_rows - 1 else draw(_CENTS)
            if i == n_rows - 1 and kind == "BTRANS":
                kind = "TRANS"  # the balancing row must count
            if kind != "BTRANS":
                balance += cents
            rows.append(
                GenRow(
                    account=draw(st.sampled_from(sorted(ACCOUNTS))),
                    amount=Decimal(cents).scaleb(-2),
                    objects=draw(_OBJECT_LIST),
                    text=draw(_TEXT),
                    kind=kind,
                )
            )
        day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)))
        result.append(GenVoucher(draw(st.sampled_from(["A", "B", "LEV 1"])), str(number), day, draw(_TEXT), rows))
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vouchers(), st.sampled_from(["cp437", "utf-8"]), st.sampled_from(["\n", "\r\n"]))
def test_property_generated_files_round_trip(vs: list[GenVoucher], encoding: str, newline: str) -> None:
    sie = parse_bytes(render_sie4(vs, encoding=encoding, newline=newline))
    assert len(sie.vouchers) == len(vs)
    expected: dict[str, Decimal] = {}
    for written, read in zip(vs, sie.vouchers, strict=True):
        assert (read.series, read.number, read.date, read.text) == (
            written.series,
            written.number,
            written.date,
            written.text,
        )
        counted = [r for r in written.rows if r.kind != "BTRANS"]
        assert [(t.account, t.amount, t.objects, t.text, t.kind) for t in read.transactions] == [
            (r.account, r.amount, r.objects, r.text, r.kind) for r in counted
        ]
        assert len(read.removed_transactions) == len(written.rows) - len(counted)
        for r in counted:
            expected[r.account] = expected.get(r.account, Decimal(0)) + r.amount
    assert totals_by_account(sie) == expected


_NEVER = re.compile(r"(?!)")
_PIECES = st.sampled_from(
    [" ", "\t", '"', '\\"', "\\", "{", "}", "{}", "{1 ", '"100"', "6 P1", "1930", "-12.50", "0", ".5", "7.", "abc",
     "20240101", "20240230", '""', "å", "Ö", "#TRANS", "1e3", "+5", "-", "x\"y"]
)  # fmt: skip


def _parse_or_errors(data: bytes) -> object:
    try:
        sie = parse_bytes(data)
    except SieParseError as exc:
        return exc.errors
    return (sie.vouchers, sie.warnings)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=10).map("".join), min_size=1, max_size=4))
def test_property_fast_paths_agree_with_the_general_tokenizer(tails: list[str]) -> None:
    lines = ["#FLAGGA 0", '#VER A 1 20240101 "v"', "{"]
    lines += [f"#TRANS 1930 {tail}" for tail in tails] + ["}", f"#VER {tails[0]}", "{", "}"]
    data = "\n".join(lines).encode("utf-8")
    fast = _parse_or_errors(data)
    original = sie_parser._FAST_TRANS, sie_parser._FAST_VER
    try:
        sie_parser._FAST_TRANS = sie_parser._FAST_VER = _NEVER
        slow = _parse_or_errors(data)
    finally:
        sie_parser._FAST_TRANS, sie_parser._FAST_VER = original
    assert fast == slow


def _only_parse_errors(data: bytes) -> None:
    try:
        parse_bytes(data, filename="fuzz.se")
    except SieParseError as exc:
        assert exc.errors and all(isinstance(e, SieError) for e in exc.errors)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_property_random_bytes_only_raise_parse_errors(data: bytes) -> None:
    _only_parse_errors(data)


_BASE_LINES = (FIXTURES / "pc8_full.se").read_bytes().decode("cp437").split("\r\n")


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    lines = list(_BASE_LINES)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "cut", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            pos = draw(st.integers(0, len(lines[i])))
            piece = draw(_PIECES | st.text(max_size=5))
            cut = pos + draw(st.integers(0, 5)) if action == "cut" else pos
            lines[i] = lines[i][:pos] + piece + lines[i][cut:]
        if not lines:
            break
    return "\n".join(lines).encode(draw(st.sampled_from(["cp437", "utf-8"])), errors="replace")


@settings(max_examples=300, deadline=None)
@given(mutated_files())
def test_property_mutated_files_only_raise_parse_errors(data: bytes) -> None:
    _only_parse_errors(data)


def test_hostile_long_lines_do_not_hang() -> None:
    # Patterns that make naive backtracking regexes explode; each must finish promptly.
    for line in ['#KONTO "' + "a\\" * 20000, "#TRANS " + '"' * 50000, "#X " + "{" + '"a" ' * 20000, '"x' * 30000]:
        _only_parse_errors(line.encode())


def test_parse_error_str_is_bounded() -> None:
    data = b"#FLAGGA 0\n" + b"bad\n" * 100
    with pytest.raises(SieParseError) as info:
        parse_bytes(data, filename="many.se")
    assert len(info.value.errors) == 100
    assert "... and 75 more" in str(info.value)


# ----------------------------------------------------------------------------------------------------------------------
# Streaming: keep_transactions=False sums rows into the ledger as it reads, and must agree with keeping every row
# ----------------------------------------------------------------------------------------------------------------------


def _ledger_from_rows(sie: SieFile) -> dict[tuple[int, int, str, tuple[tuple[int, str], ...]], tuple[str, int]]:
    """The ledger as the kept rows give it: per month of the voucher date, account and objects (sum as text)."""
    sums: dict[tuple[int, int, str, tuple[tuple[int, str], ...]], tuple[Decimal, int]] = {}
    for voucher in sie.vouchers:
        year, month = (voucher.date.year, voucher.date.month) if voucher.date else (0, 0)
        for t in voucher.transactions:
            key = (year, month, t.account, t.objects)
            amount, rows = sums.get(key, (None, 0))
            sums[key] = (t.amount if amount is None else amount + t.amount, rows + 1)
    return {key: (str(amount), rows) for key, (amount, rows) in sums.items()}


def _streamed_agrees(data: bytes, *, allow_unbalanced: bool = False) -> None:
    outcomes = []
    for keep in (True, False):
        try:
            outcomes.append(parse_bytes(data, allow_unbalanced=allow_unbalanced, keep_transactions=keep))
        except SieParseError as exc:
            outcomes.append(exc.errors)
    kept, streamed = outcomes
    if not isinstance(kept, SieFile):
        assert streamed == kept  # the same errors, with the same lines and messages
        return
    assert isinstance(streamed, SieFile)
    ledger = {key: (str(total.amount), total.rows) for key, total in streamed.ledger.items()}
    assert ledger == {key: (str(total.amount), total.rows) for key, total in kept.ledger.items()}
    assert ledger == _ledger_from_rows(kept)
    assert streamed.warnings == kept.warnings
    assert summary(streamed) == summary(kept)
    assert streamed.transaction_count == sum(len(v.transactions) for v in kept.vouchers)
    assert streamed.removed_transaction_count == sum(len(v.removed_transactions) for v in kept.vouchers)
    assert [(v.series, v.number, v.date, v.line, v.end_line) for v in streamed.vouchers] == [
        (v.series, v.number, v.date, v.line, v.end_line) for v in kept.vouchers
    ]
    assert not any(v.transactions or v.removed_transactions for v in streamed.vouchers)


@needs_real
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_streamed_real_files_agree_with_kept_rows(path: Path) -> None:
    _streamed_agrees(path.read_bytes(), allow_unbalanced=path.name == UNBALANCED_REAL)


def test_streamed_fixtures_agree_with_kept_rows() -> None:
    for path in sorted(FIXTURES.glob("*.se")):
        _streamed_agrees(path.read_bytes())


def test_streamed_sums_are_exact_and_check_each_voucher() -> None:
    body = (
        '#FLAGGA 0\n#RAR 0 20240101 20241231\n#VER A 1 20240105 "x"\n{\n#TRANS 4010 {1 "100"} 0.10\n'
        '#TRANS 4010 {1 100} 0.20\n#TRANS 4010 {1 "100"} 7\n#TRANS 1930 {} -7.30\n}\n'
        '#VER A 2 20240210 "y"\n{\n#TRANS 4010 {} 2.005\n#TRANS 1930 {} -2.00\n}\n'
    )
    with pytest.raises(SieParseError) as info:
        parse_bytes(body.encode(), keep_transactions=False)
    assert [(e.line, e.message) for e in info.value.errors] == [(10, "voucher A 2 does not balance (sum 0.005)")]
    sie = parse_bytes(body.encode(), keep_transactions=False, allow_unbalanced=True)
    assert {key: str(total.amount) for key, total in sie.ledger.items()} == {
        (2024, 1, "4010", ((1, "100"),)): "7.30",
        (2024, 1, "1930", ()): "-7.30",
        (2024, 2, "4010", ()): "2.005",
        (2024, 2, "1930", ()): "-2.00",
    }
    assert sie.transaction_count == 6
    _streamed_agrees(body.encode(), allow_unbalanced=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=10).map("".join), min_size=1, max_size=4))
def test_property_streamed_rows_agree_with_kept_rows(tails: list[str]) -> None:
    lines = ["#FLAGGA 0", '#VER A 1 20240101 "v"', "{"]
    lines += [f"#TRANS 1930 {tail}" for tail in tails] + ["#TRANS 1930 {} 0.00", "}"]
    _streamed_agrees("\n".join(lines).encode("utf-8"), allow_unbalanced=True)


@settings(max_examples=150, deadline=None)
@given(mutated_files())
def test_property_streamed_mutated_files_agree_with_kept_rows(data: bytes) -> None:
    _streamed_agrees(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vouchers())
def test_property_streamed_generated_files_agree_with_kept_rows(vs: list[GenVoucher]) -> None:
    _streamed_agrees(render_sie4(vs, encoding="cp437", newline="\n"))


def test_lines_are_read_in_chunks_like_one_split() -> None:
    for text in ["", "\n", "a", "a\n", "a\nb", "ab\ncd\n\nef\n", "x" * 10 + "\n" + "y" * 3]:
        for chunk in (1, 2, 3, 5, 100):
            assert list(sie_parser._lines(text, chunk)) == text.split("\n"), (text, chunk)


def test_the_check_is_called_once_a_megabyte_and_may_stop_the_parse() -> None:
    """The importer bounds the parse's time through `check` (the parser knows no budget): called before each
    megabyte and each later pass, at no cost per line; what it raises stops the parse."""
    row = "#TRANS 5010 {} 100.00\n#TRANS 1930 {} -100.00\n"
    vouchers = "".join(f'#VER A {i} 20190110 ""\n{{\n{row}}}\n' for i in range(1, 30_001))
    data = ("#FLAGGA 0\n#SIETYP 4\n#RAR 0 20190101 20191231\n" + vouchers).encode("cp437")
    assert len(data) > 2 << 20
    calls: list[int] = []
    sie_parser.parse_bytes(data, keep_transactions=False, check=lambda: calls.append(1))
    assert len(calls) >= 4  # three megabytes or more, then the checksum and cross-check passes

    class Stop(Exception):
        pass

    def stop() -> None:
        raise Stop

    with pytest.raises(Stop):
        sie_parser.parse_bytes(data, keep_transactions=False, check=stop)
