"""Parser for SIE files (types 1–4, specification version 4B) as exported by Swedish accounting systems.

A SIE file is a line-oriented text file in which every record ("item") starts with a label such as ``#KONTO`` or
``#TRANS``, followed by fields separated by spaces or tabs. Fields may be quoted (``"..."`` with ``\\"`` escapes) and
object lists are written in braces (``{1 "100" 6 "P1"}``). Vouchers (``#VER``) are followed by a body in braces, each
brace standing on its own line, holding the voucher's transaction rows.

The parser reads the whole file in one pass, collects *all* problems with their 1-based line numbers, and either
returns an immutable :class:`SieFile` or raises :class:`SieParseError` listing every error found. Problems that the
specification tells readers to tolerate (unknown labels, sloppy declarations) become :class:`SieWarning` entries.

It is written for throughput: the common ``#TRANS`` and ``#VER`` line shapes are matched by compiled regular
expressions and only unusual lines go through the general tokenizer. Every voucher row is summed per month, account and
object list as it is read (``SieFile.ledger``) and each voucher's balance is checked at its closing brace; with
``keep_transactions=False`` no row is kept beyond that and a plain row (``#TRANS account {objects} 12.34``) is summed
as an integer of öre without building a Transaction or a Decimal: a million rows in about 2.3 s CPU and 220 MB.
"""

from __future__ import annotations

import decimal
import gc
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Literal

# `date` is also a field of Voucher and a method of the parser; inside those classes the type goes by this name.
_Date = date

__all__ = [
    "Account",
    "Address",
    "Balance",
    "Dimension",
    "FiscalYear",
    "LedgerKey",
    "LedgerTotal",
    "ObjectRef",
    "PeriodBalance",
    "SieError",
    "SieFile",
    "SieObject",
    "SieParseError",
    "SieWarning",
    "Transaction",
    "Voucher",
    "parse_bytes",
    "parse_file",
    "summary",
]

ObjectRef = tuple[int, str]
"""A reference to an accounting object: (dimension number, object id), e.g. ``(1, "100")`` for cost centre 100."""

TransactionKind = Literal["TRANS", "RTRANS", "BTRANS"]

LedgerKey = tuple[int, int, str, tuple[ObjectRef, ...]]
"""(calendar year, month, account, objects) of the voucher date: where :attr:`SieFile.ledger` sums the rows."""

# ----------------------------------------------------------------------------------------------------------------------
# Result types
# ----------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SieError:
    """One fatal problem in a SIE file: the 1-based line it was found on and an English explanation."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True, slots=True)
class SieWarning:
    """A tolerated irregularity (unknown label, undeclared account, ...) that an importer may want to show a user."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class SieParseError(Exception):
    """Raised when a SIE file cannot be accepted; ``errors`` lists every problem found, not only the first."""

    #: How many errors ``str()`` shows before summarising the rest; ``errors`` always holds all of them.
    MAX_SHOWN = 25

    def __init__(self, filename: str, errors: list[SieError]) -> None:
        self.filename = filename
        self.errors = list(errors)
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.errors)
        head = f"{self.filename}: {count} error{'s' if count != 1 else ''} in SIE file"
        shown = [f"  {e}" for e in self.errors[: self.MAX_SHOWN]]
        if count > self.MAX_SHOWN:
            shown.append(f"  ... and {count - self.MAX_SHOWN} more")
        return "\n".join([head, *shown])


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """A financial year declared by ``#RAR``: index 0 is the current year, -1 the previous one, and so on."""

    index: int
    start: date
    end: date
    line: int


@dataclass(frozen=True, slots=True)
class Address:
    """The exporting company's address (``#ADRESS``): contact person, street/box, postal address and phone."""

    contact: str
    street: str
    postal: str
    phone: str


@dataclass(frozen=True, slots=True)
class Account:
    """An account of the chart of accounts (``#KONTO``), completed by ``#KTYP``, ``#ENHET`` and ``#SRU``.

    ``type`` is T (asset), S (liability/debt), K (cost) or I (income) when declared; ``unit`` is the quantity unit;
    ``sru_codes`` are the tax-return codes. The number is kept as text: the specification says it is numeric, but real
    files contain accounts such as ``DIFF`` and the importer, not the parser, should decide what to do with those.
    """

    number: str
    name: str
    type: str | None
    unit: str | None
    sru_codes: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Dimension:
    """An object dimension (``#DIM``, or ``#UNDERDIM`` with a ``parent``), e.g. 1 = cost centre, 6 = project."""

    number: int
    name: str
    parent: int | None
    line: int


@dataclass(frozen=True, slots=True)
class SieObject:
    """An accounting object (``#OBJEKT``) within a dimension, e.g. cost centre "100" named "Skola"."""

    dimension: int
    id: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Balance:
    """An opening/closing balance or yearly result: ``#IB``, ``#UB``, ``#RES`` or, with ``objects``, ``#OIB``/``#OUB``.

    ``year`` is the ``#RAR`` year index (0 current, -1 previous). Debit is positive, credit negative.
    """

    year: int
    account: str
    amount: Decimal
    quantity: Decimal | None
    objects: tuple[ObjectRef, ...]
    line: int


@dataclass(frozen=True, slots=True)
class PeriodBalance:
    """A change on an account during one calendar month (``#PSALDO``) or its budget (``#PBUDGET``).

    ``period`` is ``"YYYYMM"``; ``objects`` is empty for the account as a whole.
    """

    year: int
    period: str
    account: str
    objects: tuple[ObjectRef, ...]
    amount: Decimal
    quantity: Decimal | None
    line: int

    @property
    def calendar_year(self) -> int:
        """The calendar year of ``period``."""
        return int(self.period[:4])

    @property
    def month(self) -> int:
        """The calendar month (1–12) of ``period``."""
        return int(self.period[4:])


@dataclass(frozen=True, slots=True)
class Transaction:
    """One row of a voucher: ``#TRANS``, ``#RTRANS`` (added afterwards) or ``#BTRANS`` (removed afterwards).

    ``date`` is the transaction date, or the voucher date when the row gives none (as the specification prescribes).
    ``objects`` lists the (dimension, object id) pairs the amount is booked on.
    """

    account: str
    objects: tuple[ObjectRef, ...]
    amount: Decimal
    date: date | None
    text: str
    quantity: Decimal | None
    signature: str
    kind: TransactionKind
    line: int


@dataclass(frozen=True, slots=True)
class LedgerTotal:
    """The effective transaction rows of one month, account and object list: their exact sum and how many."""

    amount: Decimal
    rows: int


@dataclass(frozen=True, slots=True)
class Voucher:
    """A verification (``#VER``) and its rows.

    ``transactions`` are the rows that make up the voucher today: ``#TRANS`` rows plus ``#RTRANS`` rows, where the
    ``#TRANS`` copy that the specification demands right after each ``#RTRANS`` (for old readers) is dropped so that
    nothing is counted twice. ``removed_transactions`` are the ``#BTRANS`` rows, kept for audit but not part of any
    balance. Parsed with ``keep_transactions=False`` both are empty: the rows are only summed into
    :attr:`SieFile.ledger`. ``line``/``end_line`` are the lines of ``#VER`` and of the closing brace.
    """

    series: str
    number: str
    date: date | None
    text: str
    registration_date: _Date | None
    signature: str
    transactions: tuple[Transaction, ...]
    removed_transactions: tuple[Transaction, ...]
    line: int
    end_line: int

    @property
    def label(self) -> str:
        """A human-readable name such as ``A 12`` for messages."""
        return f"{self.series} {self.number}".strip() or f"on line {self.line}"


@dataclass(frozen=True, slots=True)
class SieFile:
    """Everything read from one SIE file; mappings are read-only and sequences are tuples in file order."""

    filename: str
    encoding: str
    flag: int | None
    program: str | None
    program_version: str | None
    format: str | None
    generated: date | None
    generated_by: str | None
    sie_type: int | None
    comment: str | None
    company_type: str | None
    company_id: str | None
    org_number: str | None
    company_name: str | None
    address: Address | None
    industry_code: str | None
    tax_year: int | None
    balances_until: date | None
    account_plan_type: str | None
    currency: str
    fiscal_years: Mapping[int, FiscalYear]
    accounts: Mapping[str, Account]
    dimensions: Mapping[int, Dimension]
    objects: Mapping[ObjectRef, SieObject]
    opening_balances: tuple[Balance, ...]
    closing_balances: tuple[Balance, ...]
    results: tuple[Balance, ...]
    object_opening_balances: tuple[Balance, ...]
    object_closing_balances: tuple[Balance, ...]
    period_balances: tuple[PeriodBalance, ...]
    period_budgets: tuple[PeriodBalance, ...]
    vouchers: tuple[Voucher, ...]
    checksum: int | None
    warnings: tuple[SieWarning, ...]
    #: The effective rows of all vouchers summed per month of the voucher date, account and object list (a voucher
    #: without a valid date is summed under year and month 0). Always filled, whether rows are kept or not.
    ledger: Mapping[LedgerKey, LedgerTotal]
    transaction_count: int
    removed_transaction_count: int

    def transactions(self) -> Iterator[Transaction]:
        """All effective transaction rows of all vouchers (``#BTRANS`` excluded, ``#RTRANS`` copies not doubled);
        nothing when parsed with ``keep_transactions=False``."""
        for voucher in self.vouchers:
            yield from voucher.transactions


# ----------------------------------------------------------------------------------------------------------------------
# Low level: decoding, tokenising, field conversion
# ----------------------------------------------------------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
# Swedish letters as bytes: in code page 437 (what PC8 means) and in Latin-1/cp1252 (what some Windows programs write
# although they declare PC8). Used only to tell the two single-byte encodings apart, see _decode().
_CP437_SWEDISH = frozenset(b"\x86\x84\x94\x8f\x8e\x99\x82\x90")  # å ä ö Å Ä Ö é É
_LATIN1_SWEDISH = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9")


def _decode(data: bytes) -> tuple[str, str, str | None]:
    """Decode file bytes; returns (text, encoding used, note for a warning or None).

    PC8 means IBM code page 437, but some programs declare PC8 and write UTF-8, and a few write Windows-1252. Strict
    UTF-8 decoding of non-ASCII text practically never succeeds by accident, so it is tried first. Between the two
    single-byte encodings, cp1252 is chosen only when the file has Latin-1 Swedish letters and not one cp437 Swedish
    letter: a real cp437 file (Visma) contains a stray cp1252 'ö' in a Windows path and must stay cp437.
    """
    if data.startswith(_BOM):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError:
            return data[3:].decode("cp437"), "cp437", "file starts with a UTF-8 byte order mark but is not valid UTF-8"
    if data.isascii():
        return data.decode("ascii"), "cp437", None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    # Byte searches (memchr), not a set of the file's bytes: the latter takes a quarter of a second on 40 MB.
    if not any(bytes((b,)) in data for b in _CP437_SWEDISH) and any(bytes((b,)) in data for b in _LATIN1_SWEDISH):
        try:
            return data.decode("cp1252"), "cp1252", "file looks Windows-1252 encoded, not PC8 (code page 437)"
        except UnicodeDecodeError:
            pass
    return data.decode("cp437"), "cp437", None


# Every character of a line is matched by exactly one alternative, so finditer() never skips text. Groups:
# 1 quoted string, 2 brace, 3 unquoted value, 4 quoted string without a closing quote (rest of the line); whitespace
# matches no group. Real files bend the quoting rules, and these readings make all of them parse sensibly:
# - a quote only closes a string when followed by a separator, brace or the line end; other quotes are literal text.
#   SoftOne XE writes '"F"rutbetalda hyreskostnad"' and 'Leverant"rsskulder' (a character conversion turned "ö" into
#   a quote), which thus read as 'F"rutbetalda hyreskostnad' and 'Leverant"rsskulder';
# - a string may lack its closing quote at the end of the line: SoftOne Business cuts long texts at a fixed width,
#   dropping the quote ('"260    aaaaaaaaaaaaaaaa'). That is a warning; inside an object list it is an error.
# Inner and closing quotes are told apart by the character after them, so the alternatives never overlap and
# matching stays linear (no catastrophic backtracking on hostile input).
_TOKEN = re.compile(
    r"[ \t]+"
    r'|"((?:[^"\\]|\\.|"(?![ \t{}]|$))*)"(?=[ \t{}]|$)'
    r"|([{}])"
    r'|([^ \t{}"][^ \t{}]*)'
    r'|"(.*)'
)
# Only \" and \\ are escapes; any other backslash is literal, because real files write Windows paths such as
# "C:\ProgramData\SPCS" and texts such as "1820\A012 Cykel" without doubling the backslash.
_UNESCAPE = re.compile(r'\\(["\\])')


def _unescape(value: str) -> str:
    """Resolve \\" and \\\\ escapes; other backslashes stay literal."""
    if "\\" not in value:
        return value
    if "\\\\" not in value:  # then every backslash is followed by another character: a plain replace is exact
        return value.replace('\\"', '"')
    return _UNESCAPE.sub(_first_group, value)


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


Field = str | list[str]
Handler = Callable[[list[Field], int, str], None]


class _TokenError(Exception):
    """A line that cannot be split into fields (unbalanced braces, unterminated string in an object list)."""


def _tokenize(line: str, notes: list[str] | None = None) -> list[Field]:
    """Split one record line into fields: strings, and lists of strings for brace-enclosed object lists.

    Tolerated irregularities are appended to ``notes`` (when given) so that the caller can warn about them.
    """
    fields: list[Field] = []
    inner: list[str] | None = None
    for m in _TOKEN.finditer(line):
        group = m.lastindex
        if group is None:
            continue
        if group == 2:
            if m.group(2) == "{":
                if inner is not None:
                    raise _TokenError("nested '{' in object list")
                inner = []
                fields.append(inner)
            else:
                if inner is None:
                    raise _TokenError("'}' without a matching '{'")
                inner = None
            continue
        value = m.group(group)
        if group != 3:
            value = _unescape(value)
        if group == 4:
            if inner is not None:
                raise _TokenError(f"unterminated quoted string in object list, starting at column {m.start() + 1}")
            if notes is not None:
                notes.append(f"quoted string starting at column {m.start() + 1} has no closing quote; read to line end")
        if inner is not None:
            inner.append(value)
        else:
            fields.append(value)
    if inner is not None:
        raise _TokenError("object list '{' is not closed with '}' on the same line")
    return fields


class _FieldError(Exception):
    """A field with an invalid or missing value; the message becomes a SieError on the current line."""


# re.ASCII everywhere: \d must not accept other scripts' digits, which int() and Decimal() would quietly convert.
_AMOUNT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_DATE = re.compile(r"\d{8}", re.ASCII)
_PERIOD = re.compile(r"\d{4}(0[1-9]|1[0-2])", re.ASCII)
_INT = re.compile(r"-?\d+", re.ASCII)


def _amount(value: str, what: str = "amount") -> Decimal:
    """Parse a SIE amount: optional minus, digits, optional point and decimals (no plus sign, no comma, no exponent).

    The specification asks for at most two decimals, but quantities with six decimals occur in real files (SoftOne
    XE), so more decimals are accepted; a leading/trailing point (".5", "5.") is accepted as an unambiguous number.
    """
    if _AMOUNT.fullmatch(value) is None:
        raise _FieldError(f"{what} '{value}' is not a number")
    return Decimal(value)


def _date_value(value: str, what: str) -> date:
    if _DATE.fullmatch(value) is None:
        raise _FieldError(f"{what} '{value}' is not a date in the form YYYYMMDD")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise _FieldError(f"{what} '{value}' is not a valid calendar date") from None


def _int(value: str, what: str) -> int:
    if _INT.fullmatch(value) is None or len(value) > 9:
        raise _FieldError(f"{what} '{value}' is not an integer")
    return int(value)


def _period(value: str) -> str:
    if _PERIOD.fullmatch(value) is None:
        raise _FieldError(f"period '{value}' is not in the form YYYYMM")
    return value


def _object_pairs(items: list[str]) -> tuple[ObjectRef, ...]:
    """Turn the flat contents of an object list into (dimension, object id) pairs."""
    if len(items) % 2:
        raise _FieldError(f"object list {{{' '.join(items)}}} does not consist of (dimension, object) pairs")
    return tuple((_int(items[i], "dimension number"), items[i + 1]) for i in range(0, len(items), 2))


# The common transaction row, handled without the general tokenizer:
#   #TRANS account {object list} amount [date|""] [text] [quantity|""] [signature]
# Object lists may contain quoted ids, but nothing with backslashes; texts may be quoted or bare, without backslashes.
# Anything else (escapes, extra fields, malformed values) falls back to the tokenizer, which gives identical results.
_SIMPLE_TEXT = r'(?:"((?:[^"\\]|\\.)*)"|([^ \t"{}\\]+))'
_FAST_TRANS = re.compile(
    r"#TRANS[ \t]+(\d+)[ \t]*"
    r'\{([^{}"\\]*(?:"[^"\\]*"[^{}"\\]*)*)\}[ \t]*'
    r"(-?\d+(?:\.\d+)?)"
    r'(?:[ \t]+(?:(\d{8})|"")'
    rf"(?:[ \t]+{_SIMPLE_TEXT}"
    r'(?:[ \t]+(?:(-?\d+(?:\.\d+)?)|"")'
    rf"(?:[ \t]+{_SIMPLE_TEXT})?)?)?)?",
    re.ASCII,
)
# The plainest row, as large ledgers write almost every row: #TRANS account {object list} amount with two decimals.
# It is summed straight into the month's ledger (the amount as an integer of öre), without a Transaction or Decimal.
# It is matched on the line as read (before strip()); group 1, account and object list as written, is the sum's key.
_PLAIN_TRANS = re.compile(
    r"[ \t]*#TRANS[ \t]+((\d+)[ \t]*"
    r'\{([^{}"\\]*(?:"[^"\\]*"[^{}"\\]*)*)\})[ \t]*'
    r"(-?\d+)\.(\d\d)[ \t\r]*",
    re.ASCII,
)
# The common voucher head: #VER series number date [text [regdate|"" [signature]]].
_FAST_VER = re.compile(
    rf"#VER[ \t]+{_SIMPLE_TEXT}[ \t]+{_SIMPLE_TEXT}[ \t]+(\d{{8}})"
    rf'(?:[ \t]+{_SIMPLE_TEXT}(?:[ \t]+(?:(\d{{8}})|"")(?:[ \t]+{_SIMPLE_TEXT})?)?)?',
    re.ASCII,
)


# ----------------------------------------------------------------------------------------------------------------------
# The parser
# ----------------------------------------------------------------------------------------------------------------------

# Exact arithmetic for balance checks and totals: the specification sets no upper limit on amounts, and the default
# 28-digit context would silently round very large sums.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_ZERO = Decimal(0)

# Records that belong to the file header or balance sections and must therefore never appear inside a voucher body.
_TRANSACTION_LABELS = frozenset({"#TRANS", "#RTRANS", "#BTRANS"})


class _VoucherBuilder:
    """Mutable state of the voucher being read; frozen into a Voucher at its closing brace."""

    __slots__ = (
        "bad",
        "bucket",
        "cents",
        "date",
        "keep",
        "line",
        "number",
        "pending_rtrans",
        "registration_date",
        "removed",
        "rest",
        "series",
        "signature",
        "text",
        "transactions",
    )

    def __init__(self, line: int, *, keep: bool = True) -> None:
        self.series = ""
        self.number = ""
        self.date: date | None = None
        self.text = ""
        self.registration_date: date | None = None
        self.signature = ""
        self.line = line
        self.transactions: list[Transaction] = []
        self.removed: list[Transaction] = []
        self.pending_rtrans: Transaction | None = None
        self.bad = False  # a row had an error: the balance check would only repeat it
        self.keep = keep  # False for a '{' block without #VER, read only to avoid follow-up errors
        # The voucher's rows are summed into the ledger of its month (bucket, set when '{' opens the body), and for
        # the balance check into cents (plain rows, in öre) and rest (any other row).
        self.bucket: dict[str | tuple[str, tuple[ObjectRef, ...]], list[object]] = {}
        self.cents = 0
        self.rest: Decimal | None = None

    @property
    def label(self) -> str:
        return f"{self.series} {self.number}".strip() or f"on line {self.line}"


class _Parser:
    """Single-pass reader; collects errors and warnings and builds the SieFile."""

    def __init__(
        self,
        text: str,
        filename: str,
        encoding: str,
        *,
        allow_unbalanced: bool = False,
        keep_transactions: bool = True,
        check: Callable[[], None] | None = None,
    ) -> None:
        self.text = text
        self.check = check
        self.allow_unbalanced = allow_unbalanced
        self.keep_transactions = keep_transactions
        # (year, month) -> (account, objects) -> [öre of plain rows, Decimal sum of other rows or None, rows,
        # first line, other rows]; see _VoucherBuilder and ledger().
        self.buckets: dict[tuple[int, int], dict[str | tuple[str, tuple[ObjectRef, ...]], list[object]]] = {}
        self.plain_keys: dict[str, tuple[str, tuple[ObjectRef, ...]]] = {}  # plain row key -> account, objects
        self.removed_uses: list[tuple[str, tuple[ObjectRef, ...], int]] = []  # #BTRANS rows: account, objects, line
        self.done: tuple[dict[LedgerKey, LedgerTotal], dict[tuple[str, tuple[ObjectRef, ...]], int]] | None = None
        self.filename = filename
        self.encoding = encoding
        self.errors: list[SieError] = []
        self.warnings: list[SieWarning] = []
        self.header: dict[str, object] = {}
        self.fiscal_years: dict[int, FiscalYear] = {}
        self.accounts: dict[str, dict[str, object]] = {}
        self.dimensions: dict[int, Dimension] = {}
        self.objects: dict[ObjectRef, SieObject] = {}
        self.ib: list[Balance] = []
        self.ub: list[Balance] = []
        self.res: list[Balance] = []
        self.oib: list[Balance] = []
        self.oub: list[Balance] = []
        self.psaldo: list[PeriodBalance] = []
        self.pbudget: list[PeriodBalance] = []
        self.vouchers: list[Voucher] = []
        self.pending: _VoucherBuilder | None = None  # #VER read, '{' expected next
        self.open: _VoucherBuilder | None = None  # inside the braces of a voucher
        self.unknown: dict[str, list[int]] = {}  # label -> [first line, count]
        self.checksum: int | None = None
        self.date_cache: dict[str, date] = {}
        self.strings: dict[str, str] = {}
        self.objects_cache: dict[str, tuple[ObjectRef, ...]] = {}
        self.has_checksum = False
        self.handlers: dict[str, Handler] = {
            "#FLAGGA": self.r_flagga,
            "#PROGRAM": self.r_program,
            "#FORMAT": self.r_format,
            "#GEN": self.r_gen,
            "#SIETYP": self.r_sietyp,
            "#PROSA": self.r_simple("comment"),
            "#FTYP": self.r_simple("company_type"),
            "#FNR": self.r_simple("company_id"),
            "#ORGNR": self.r_simple("org_number"),
            "#BKOD": self.r_simple("industry_code"),
            "#FNAMN": self.r_simple("company_name"),
            "#KPTYP": self.r_simple("account_plan_type"),
            "#VALUTA": self.r_simple("currency"),
            "#ADRESS": self.r_adress,
            "#TAXAR": self.r_taxar,
            "#OMFATTN": self.r_omfattn,
            "#RAR": self.r_rar,
            "#KONTO": self.r_konto,
            "#KTYP": self.r_ktyp,
            "#ENHET": self.r_enhet,
            "#SRU": self.r_sru,
            "#DIM": self.r_dim,
            "#UNDERDIM": self.r_underdim,
            "#OBJEKT": self.r_objekt,
            "#IB": self.r_balance(self.ib),
            "#UB": self.r_balance(self.ub),
            "#RES": self.r_balance(self.res),
            "#OIB": self.r_object_balance(self.oib),
            "#OUB": self.r_object_balance(self.oub),
            "#PSALDO": self.r_period(self.psaldo),
            "#PBUDGET": self.r_period(self.pbudget),
            "#VER": self.r_ver,
            "#TRANS": self.r_trans,
            "#RTRANS": self.r_trans,
            "#BTRANS": self.r_trans,
            "#KSUMMA": self.r_ksumma,
        }

    # -- bookkeeping ---------------------------------------------------------------------------------------------------

    def error(self, line: int, message: str) -> None:
        self.errors.append(SieError(line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(SieWarning(line, message))

    def date(self, value: str, what: str) -> _Date:
        cached = self.date_cache.get(value)
        if cached is None:
            cached = self.date_cache[value] = _date_value(value, what)
        return cached

    def optional_date(self, value: str | None, what: str) -> _Date | None:
        return None if not value else self.date(value, what)

    # -- main loop -----------------------------------------------------------------------------------------------------

    def run(self) -> None:
        fast_match = _FAST_TRANS.fullmatch
        fast_ver = _FAST_VER.fullmatch
        plain_match = _PLAIN_TRANS.fullmatch
        objects_cache = self.objects_cache
        stream = not self.keep_transactions
        lineno = 0
        # The specification ends records with LF only; CR is stripped below.
        plain_keys = self.plain_keys
        for lineno, raw in enumerate(_lines(self.text, each_chunk=self.check), 1):
            voucher = self.open
            if stream and voucher is not None and voucher.pending_rtrans is None:
                # The hot path of a large ledger: a plain row is added to its month's sum and nothing more. The sum
                # is keyed by the row's account and object list as written; ledger() reads each distinct key once.
                m = plain_match(raw)
                if m is not None:
                    key, account, raw_objects, whole, fraction = m.groups()
                    cents = int(whole + fraction)
                    bucket = voucher.bucket
                    entry = bucket.get(key)
                    if entry is not None:
                        entry[0] += cents  # type: ignore[operator]
                        entry[2] += 1  # type: ignore[operator]
                        voucher.cents += cents
                        continue
                    objects = objects_cache.get(raw_objects)
                    if objects is not None:  # else the object list is read (and checked) by the path below first
                        if key not in plain_keys:
                            plain_keys[key] = (account, objects)
                        bucket[key] = [cents, None, 1, lineno, 0]
                        voucher.cents += cents
                        continue
            line = raw.strip()
            if not line:
                continue
            first = line[0]
            if first == "#":
                if voucher is not None and line.startswith("#TRANS"):
                    m = fast_match(line)
                    if m is not None and self.fast_trans(m, lineno, voucher):
                        continue
                elif line.startswith("#VER"):
                    m = fast_ver(line)
                    if m is not None and self.fast_ver(m, lineno):
                        continue
                self.record(line, lineno)
            elif first == "{":
                self.open_brace(line, lineno)
            elif first == "}":
                self.close_brace(line, lineno)
            else:
                self.error(lineno, f"expected a record label starting with '#' (or a brace), found {line[:30]!r}")
        self.finish(lineno)

    def record(self, line: str, lineno: int) -> None:
        notes: list[str] = []
        try:
            fields = _tokenize(line, notes)
        except _TokenError as exc:
            self.error(lineno, str(exc))
            if self.open is not None:
                self.open.bad = True
            return
        for note in notes:
            self.warn(lineno, note)
        label = fields[0]
        if not isinstance(label, str):  # pragma: no cover - a line starting with '#' always yields a string first
            self.error(lineno, "record label missing")
            return
        label = label.upper()
        handler = self.handlers.get(label)
        if handler is None:
            seen = self.unknown.get(label)
            if seen is None:
                self.unknown[label] = [lineno, 1]
            else:
                seen[1] += 1
            return
        if self.pending is not None and label != "#VER":
            pending, self.pending = self.pending, None
            self.error(pending.line, f"#VER {pending.label} is not followed by a '{{' line with its transactions")
        if self.open is not None and label not in _TRANSACTION_LABELS and label != "#VER":
            self.error(lineno, f"{label} inside voucher {self.open.label} (missing '}}'?)")
            return
        try:
            handler(fields[1:], lineno, label)
        except _FieldError as exc:
            self.error(lineno, f"{label}: {exc}")
            if self.open is not None and label in _TRANSACTION_LABELS:
                self.open.bad = True

    def open_brace(self, line: str, lineno: int) -> None:
        if line != "{":
            self.error(lineno, "'{' must stand alone on its line")
        if self.open is not None:
            self.error(lineno, f"'{{' inside voucher {self.open.label} (missing '}}'?)")
            return
        if self.pending is None:
            self.error(lineno, "'{' without a preceding #VER")
            self.open = _VoucherBuilder(lineno, keep=False)
            return
        voucher = self.open = self.pending
        self.pending = None
        day = voucher.date
        month = (day.year, day.month) if day is not None else (0, 0)
        bucket = self.buckets.get(month)
        if bucket is None:
            bucket = self.buckets[month] = {}
        voucher.bucket = bucket

    def close_brace(self, line: str, lineno: int) -> None:
        if line != "}":
            self.error(lineno, "'}' must stand alone on its line")
        if self.open is None:
            self.error(lineno, "'}' without a matching '{'")
            return
        self.close_voucher(self.open, lineno)
        self.open = None

    def close_voucher(self, v: _VoucherBuilder, end_line: int) -> None:
        if v.pending_rtrans is not None:
            self.warn_unpaired_rtrans(v.pending_rtrans)
            v.pending_rtrans = None
        if not v.keep:
            return
        if not v.bad:
            # The sum shows öre when plain rows add to something or are all there is (a row of whole kronor, "12",
            # shows as written).
            total = Decimal(v.cents).scaleb(-2)
            if v.rest is not None:
                total = v.rest + total if v.cents else v.rest
            if total != _ZERO:
                if self.allow_unbalanced:
                    self.warn(v.line, f"voucher {v.label} does not balance (sum {total}); accepted as asked")
                else:
                    self.error(v.line, f"voucher {v.label} does not balance (sum {total})")
        self.vouchers.append(
            Voucher(
                v.series,
                v.number,
                v.date,
                v.text,
                v.registration_date,
                v.signature,
                tuple(v.transactions),  # empty unless transactions are kept
                tuple(v.removed),
                v.line,
                end_line,
            )
        )

    def warn_unpaired_rtrans(self, t: Transaction) -> None:
        self.warn(t.line, "#RTRANS is not immediately followed by an identical #TRANS; the #RTRANS row is used")

    def add_transaction(self, v: _VoucherBuilder, t: Transaction) -> None:
        rtrans = v.pending_rtrans
        if rtrans is not None:
            v.pending_rtrans = None
            # The specification demands an identical #TRANS right after each #RTRANS so that old readers see the row.
            # It is the same row, so it is dropped. Real files (BL Administration) give the copy the voucher date
            # instead of the #RTRANS date, so "identical" is judged on account, objects and amount only.
            if (
                t.kind == "TRANS"
                and t.account == rtrans.account
                and t.amount == rtrans.amount
                and t.objects == rtrans.objects
            ):
                return
            self.warn_unpaired_rtrans(rtrans)
        if t.kind == "BTRANS":
            if self.keep_transactions:
                v.removed.append(t)
            if v.keep:
                self.removed_uses.append((t.account, t.objects, t.line))
            return
        self.book(v, t)
        if t.kind == "RTRANS":
            v.pending_rtrans = t

    def book(self, v: _VoucherBuilder, t: Transaction) -> None:
        """Add an effective row to its voucher (when rows are kept), to the voucher's balance and to the ledger."""
        if self.keep_transactions:
            v.transactions.append(t)
        amount = t.amount
        v.rest = amount if v.rest is None else v.rest + amount
        key = (t.account, t.objects)
        entry = v.bucket.get(key)
        if entry is None:
            v.bucket[key] = [0, amount, 1, t.line, 1]
        else:
            entry[1] = amount if entry[1] is None else entry[1] + amount  # type: ignore[operator]
            entry[2] += 1  # type: ignore[operator]
            entry[4] += 1  # type: ignore[operator]

    def share(self, value: str) -> str:
        """Remember a string so that equal later values reuse this object (see fast_trans)."""
        if len(self.strings) < 200_000:
            self.strings[value] = value
        return value

    def fast_trans(self, m: re.Match[str], lineno: int, v: _VoucherBuilder) -> bool:
        """Build a #TRANS row from the fast regex; False sends the line to the general path (which reports errors)."""
        account, raw_objects, amount, tdate, text_q, text_u, quantity, sign_q, sign_u = m.groups()
        # Accounts and texts repeat across rows: sharing one string object per distinct value saves about a third of
        # the memory of a large file. The caches are bounded so that a file of unique texts cannot grow them forever.
        strings = self.strings
        account = strings.get(account) or self.share(account)
        text = _unescape(text_q) if text_q is not None else (text_u or "")
        text = strings.get(text) or self.share(text)
        objects = self.objects_cache.get(raw_objects)
        if objects is None:
            try:
                parsed = _tokenize("{" + raw_objects + "}")[0]
                if not isinstance(parsed, list):  # pragma: no cover - the regex only admits a brace-free list body
                    return False
                objects = _object_pairs(parsed)
            except (_TokenError, _FieldError):
                return False
            if len(self.objects_cache) < 100_000:  # bound memory on files with very many distinct object lists
                self.objects_cache[raw_objects] = objects
        if tdate is None:
            when = v.date
        else:
            when = self.date_cache.get(tdate)
            if when is None:
                try:
                    when = self.date(tdate, "transaction date")
                except _FieldError:
                    return False
        t = Transaction(
            account,
            objects,
            Decimal(amount),
            when,
            text,
            Decimal(quantity) if quantity is not None else None,
            _unescape(sign_q) if sign_q is not None else (sign_u or ""),
            "TRANS",
            lineno,
        )
        if v.pending_rtrans is None:
            self.book(v, t)  # the common case, without the #RTRANS bookkeeping of add_transaction()
        else:
            self.add_transaction(v, t)
        return True

    def finish(self, last_line: int) -> None:
        if self.pending is not None:
            self.error(self.pending.line, f"#VER {self.pending.label} is not followed by a '{{' line")
            self.pending = None
        if self.open is not None:
            self.error(self.open.line, f"voucher {self.open.label} is not closed with '}}' before the end of the file")
            self.close_voucher(self.open, last_line)
            self.open = None
        for label, (first, count) in self.unknown.items():
            times = f" ({count} times)" if count > 1 else ""
            self.warn(first, f"unknown record {label} ignored{times}")
        if "flag" not in self.header and last_line:
            self.warn(1, "the file has no #FLAGGA record (it should be the first record)")

    # -- field access --------------------------------------------------------------------------------------------------

    @staticmethod
    def text_at(fields: list[Field], i: int) -> str:
        """An optional text field: '' when absent."""
        if i >= len(fields):
            return ""
        value = fields[i]
        if isinstance(value, list):
            raise _FieldError(f"field {i + 1} must be a value, not an object list")
        return value

    def required(self, fields: list[Field], i: int, what: str) -> str:
        value = self.text_at(fields, i)
        if value == "":
            raise _FieldError(f"{what} is missing")
        return value

    @staticmethod
    def objects_at(fields: list[Field], i: int) -> tuple[ObjectRef, ...]:
        if i >= len(fields):
            raise _FieldError("object list {...} is missing")
        value = fields[i]
        if not isinstance(value, list):
            raise _FieldError(f"expected an object list {{...}}, found '{value}'")
        return _object_pairs(value)

    @staticmethod
    def quantity_at(fields: list[Field], i: int) -> Decimal | None:
        value = _Parser.text_at(fields, i)
        return _amount(value, "quantity") if value else None

    # -- identification records ----------------------------------------------------------------------------------------

    def r_flagga(self, f: list[Field], line: int, label: str) -> None:
        self.header["flag"] = _int(self.required(f, 0, "flag"), "flag")

    def r_program(self, f: list[Field], line: int, label: str) -> None:
        self.header["program"] = self.text_at(f, 0)
        self.header["program_version"] = self.text_at(f, 1)

    def r_format(self, f: list[Field], line: int, label: str) -> None:
        value = self.text_at(f, 0)
        self.header["format"] = value
        if value.upper() != "PC8":
            self.warn(line, f"#FORMAT '{value}' is not PC8; decoded as {self.encoding}")
        elif self.encoding.startswith("utf-8"):
            self.warn(line, "#FORMAT says PC8 (code page 437) but the file is UTF-8 encoded; decoded as UTF-8")

    def r_gen(self, f: list[Field], line: int, label: str) -> None:
        self.header["generated"] = self.date(self.required(f, 0, "generation date"), "generation date")
        self.header["generated_by"] = self.text_at(f, 1)

    def r_sietyp(self, f: list[Field], line: int, label: str) -> None:
        value = _int(self.required(f, 0, "SIE type"), "SIE type")
        if value not in (1, 2, 3, 4):
            self.warn(line, f"unknown SIE type {value}")
        self.header["sie_type"] = value

    def r_simple(self, key: str) -> Handler:
        """Handler for a record whose first field is stored as-is; an empty value is tolerated with a warning
        (real files write e.g. ``#ORGNR`` with nothing after it)."""

        def handler(f: list[Field], line: int, label: str) -> None:
            value = self.text_at(f, 0)
            if value == "" and key not in ("comment",):
                self.warn(line, f"{label} has no value")
                return
            self.header[key] = value

        return handler

    def r_adress(self, f: list[Field], line: int, label: str) -> None:
        self.header["address"] = Address(*(self.text_at(f, i) for i in range(4)))

    def r_taxar(self, f: list[Field], line: int, label: str) -> None:
        self.header["tax_year"] = _int(self.required(f, 0, "taxation year"), "taxation year")

    def r_omfattn(self, f: list[Field], line: int, label: str) -> None:
        self.header["balances_until"] = self.date(self.required(f, 0, "date"), "date")

    def r_rar(self, f: list[Field], line: int, label: str) -> None:
        index = _int(self.required(f, 0, "year index"), "year index")
        start = self.date(self.required(f, 1, "start date"), "start date")
        end = self.date(self.required(f, 2, "end date"), "end date")
        if end < start:
            raise _FieldError(f"financial year ends ({end}) before it starts ({start})")
        if index in self.fiscal_years:
            self.warn(line, f"year index {index} declared again; the later #RAR is used")
        self.fiscal_years[index] = FiscalYear(index, start, end, line)

    # -- chart of accounts and objects ---------------------------------------------------------------------------------

    def account_entry(self, number: str, line: int, label: str) -> dict[str, object]:
        entry = self.accounts.get(number)
        if entry is None:
            # #KTYP/#ENHET/#SRU should follow the #KONTO; tolerated otherwise, as the account then at least exists.
            self.warn(line, f"{label} for account {number} which has no #KONTO")
            entry = self.accounts[number] = {"name": "", "type": None, "unit": None, "sru": [], "line": line}
        return entry

    def r_konto(self, f: list[Field], line: int, label: str) -> None:
        number = self.required(f, 0, "account number")
        name = self.text_at(f, 1)
        if number in self.accounts:
            self.warn(line, f"account {number} declared again; the later name is used")
            self.accounts[number]["name"] = name
        else:
            self.accounts[number] = {"name": name, "type": None, "unit": None, "sru": [], "line": line}

    def r_ktyp(self, f: list[Field], line: int, label: str) -> None:
        number = self.required(f, 0, "account number")
        kind = self.text_at(f, 1).upper()
        if kind not in ("T", "S", "K", "I"):
            # SoftOne writes "#KTYP DIFF" with no type at all; the BAS default applies then, per the specification.
            self.warn(line, f"account type '{kind}' for account {number} is not T, S, K or I; ignored")
            return
        self.account_entry(number, line, label)["type"] = kind

    def r_enhet(self, f: list[Field], line: int, label: str) -> None:
        number = self.required(f, 0, "account number")
        self.account_entry(number, line, label)["unit"] = self.required(f, 1, "unit")

    def r_sru(self, f: list[Field], line: int, label: str) -> None:
        number = self.required(f, 0, "account number")
        code = self.required(f, 1, "SRU code")
        sru = self.account_entry(number, line, label)["sru"]
        assert isinstance(sru, list)
        sru.append(code)

    def r_dim(self, f: list[Field], line: int, label: str) -> None:
        number = _int(self.required(f, 0, "dimension number"), "dimension number")
        self.dimensions[number] = Dimension(number, self.text_at(f, 1), None, line)

    def r_underdim(self, f: list[Field], line: int, label: str) -> None:
        number = _int(self.required(f, 0, "dimension number"), "dimension number")
        parent = _int(self.required(f, 2, "superior dimension"), "superior dimension")
        self.dimensions[number] = Dimension(number, self.text_at(f, 1), parent, line)

    def r_objekt(self, f: list[Field], line: int, label: str) -> None:
        dim = _int(self.required(f, 0, "dimension number"), "dimension number")
        obj = self.required(f, 1, "object id")
        self.objects[(dim, obj)] = SieObject(dim, obj, self.text_at(f, 2), line)

    # -- balances ------------------------------------------------------------------------------------------------------

    def r_balance(self, target: list[Balance]) -> Handler:
        def handler(f: list[Field], line: int, label: str) -> None:
            year = _int(self.required(f, 0, "year index"), "year index")
            account = self.required(f, 1, "account number")
            amount = _amount(self.required(f, 2, "amount"))
            target.append(Balance(year, account, amount, self.quantity_at(f, 3), (), line))

        return handler

    def r_object_balance(self, target: list[Balance]) -> Handler:
        def handler(f: list[Field], line: int, label: str) -> None:
            year = _int(self.required(f, 0, "year index"), "year index")
            account = self.required(f, 1, "account number")
            objects = self.objects_at(f, 2)
            amount = _amount(self.required(f, 3, "amount"))
            target.append(Balance(year, account, amount, self.quantity_at(f, 4), objects, line))

        return handler

    def r_period(self, target: list[PeriodBalance]) -> Handler:
        def handler(f: list[Field], line: int, label: str) -> None:
            year = _int(self.required(f, 0, "year index"), "year index")
            period = _period(self.required(f, 1, "period"))
            account = self.required(f, 2, "account number")
            objects = self.objects_at(f, 3)
            amount = _amount(self.required(f, 4, "amount"))
            target.append(PeriodBalance(year, period, account, objects, amount, self.quantity_at(f, 5), line))

        return handler

    # -- vouchers ------------------------------------------------------------------------------------------------------

    def fast_ver(self, m: re.Match[str], lineno: int) -> bool:
        """Start a voucher from the fast regex; False (before any change) sends the line to the general path."""
        if self.pending is not None or self.open is not None:
            return False  # structural errors: let the general path report them
        sq, su, nq, nu, vdate, tq, tu, rdate, gq, gu = m.groups()
        date_cache = self.date_cache
        when = date_cache.get(vdate)
        registered = None if rdate is None else date_cache.get(rdate)
        if when is None or (rdate is not None and registered is None):
            try:
                when = self.date(vdate, "voucher date")
                registered = self.optional_date(rdate, "registration date")
            except _FieldError:
                return False
        v = _VoucherBuilder(lineno)
        v.series = _unescape(sq) if sq is not None else su
        v.number = _unescape(nq) if nq is not None else nu
        v.date = when
        v.text = _unescape(tq) if tq is not None else (tu or "")
        v.registration_date = registered
        v.signature = _unescape(gq) if gq is not None else (gu or "")
        self.pending = v
        return True

    def r_ver(self, f: list[Field], line: int, label: str) -> None:
        if self.open is not None:
            self.error(line, f"#VER inside voucher {self.open.label} (missing '}}')")
            self.close_voucher(self.open, line - 1)
            self.open = None
        if self.pending is not None:
            self.error(self.pending.line, f"#VER {self.pending.label} is not followed by a '{{' line")
        v = _VoucherBuilder(line)
        self.pending = v  # set first, so that the '{' block is still read if a field below is wrong
        v.series = self.text_at(f, 0)
        v.number = self.text_at(f, 1)
        v.text = self.text_at(f, 3)
        v.signature = self.text_at(f, 5)
        try:
            v.date = self.date(self.required(f, 2, "voucher date"), "voucher date")
            v.registration_date = self.optional_date(self.text_at(f, 4), "registration date")
        except _FieldError:
            v.bad = True
            raise

    def r_trans(self, f: list[Field], line: int, label: str) -> None:
        v = self.open
        if v is None:
            self.error(line, f"{label} outside a voucher")
            return
        account = self.required(f, 0, "account number")
        objects = self.objects_at(f, 1)
        amount = _amount(self.required(f, 2, "amount"))
        when = self.optional_date(self.text_at(f, 3), "transaction date") or v.date
        kind: TransactionKind = "TRANS" if label == "#TRANS" else "RTRANS" if label == "#RTRANS" else "BTRANS"
        t = Transaction(
            account,
            objects,
            amount,
            when,
            self.text_at(f, 4),
            self.quantity_at(f, 5),
            self.text_at(f, 6),
            kind,
            line,
        )
        self.add_transaction(v, t)

    def r_ksumma(self, f: list[Field], line: int, label: str) -> None:
        self.has_checksum = True  # verified in a separate pass over the file, see _verify_checksum()

    # -- result --------------------------------------------------------------------------------------------------------

    def cross_check(self) -> None:
        """Warnings about references to undeclared accounts, objects and years (one per distinct item)."""
        # Every use of an account and object list: (account, objects, times, first line). The voucher rows come from
        # the ledger's sums, so this pass costs the same for a thousand rows as for millions.
        uses: list[tuple[str, tuple[ObjectRef, ...], int, int]] = []
        for group in (self.ib, self.ub, self.res, self.oib, self.oub, self.psaldo, self.pbudget):
            uses.extend((row.account, row.objects, 1, row.line) for row in group)
        ledger, first_lines = self.ledger()
        uses.extend(
            (account, objects, total.rows, first_lines[(account, objects)])
            for (_year, _month, account, objects), total in ledger.items()
        )
        uses.extend((account, objects, 1, line) for account, objects, line in self.removed_uses)
        account_uses: Counter[str] = Counter()
        object_uses: Counter[ObjectRef] = Counter()
        first_account: dict[str, int] = {}
        first_object: dict[ObjectRef, int] = {}
        for account, objects, times, line in uses:
            account_uses[account] += times
            if line < first_account.get(account, line + 1):
                first_account[account] = line
            for ref in objects:
                object_uses[ref] += times
                if line < first_object.get(ref, line + 1):
                    first_object[ref] = line
        # Undeclared accounts are warnings, not errors: the specification makes #KONTO optional in import (4I) files,
        # assuming the receiving system already has the accounts, and real exports are sloppy (SoftOne posts to an
        # undeclared "FEL" account). The importer decides whether an unknown account is acceptable.
        undeclared = [a for a in account_uses if a not in self.accounts] if self.accounts else []
        non_numeric = [a for a in account_uses if not (a.isascii() and a.isdecimal())]
        declared_dims = {dim for dim, _ in self.objects}
        unknown_objects = [r for r in object_uses if r not in self.objects and r[0] in declared_dims]
        for account in undeclared:
            self.warn(
                first_account[account],
                f"account {account} is used {account_uses[account]} time(s) but not declared by #KONTO",
            )
        for account in non_numeric:
            self.warn(first_account[account], f"account number '{account}' is not numeric")
        for ref in unknown_objects:
            self.warn(
                first_object[ref],
                f"object {ref[1]!r} in dimension {ref[0]} is used {object_uses[ref]} time(s) but has no #OBJEKT",
            )
        if self.fiscal_years:
            years: dict[int, int] = {}
            for group in (self.ib, self.ub, self.res, self.oib, self.oub, self.psaldo, self.pbudget):
                for rec in group:
                    years.setdefault(rec.year, rec.line)
            for year, first in years.items():
                if year not in self.fiscal_years:
                    self.warn(first, f"year index {year} is used but not declared by #RAR")

    def sums(self) -> Iterator[tuple[tuple[int, int], str, tuple[ObjectRef, ...], list[object]]]:
        """Every sum of the buckets with its month, account and objects (a plain row's key read back).

        The buckets are emptied on the way, a month at a time, so that they and the ledger built from them are never
        both held whole."""
        plain_keys = self.plain_keys
        while self.buckets:
            month, bucket = self.buckets.popitem()
            for key, entry in bucket.items():
                account, objects = plain_keys[key] if isinstance(key, str) else key
                yield month, account, objects, entry

    def ledger(self) -> tuple[dict[LedgerKey, LedgerTotal], dict[tuple[str, tuple[ObjectRef, ...]], int]]:
        """The exact sums, and the first line of every account and object list. Plain rows' öre become a Decimal once
        per sum, not once per row; sums whose keys differ only in how the row was written (spacing, quotes) merge."""
        if self.done is not None:
            return self.done
        ledger: dict[LedgerKey, LedgerTotal] = {}
        first_lines: dict[tuple[str, tuple[ObjectRef, ...]], int] = {}
        for (year, month), account, objects, (cents, rest, rows, line, other) in self.sums():
            assert isinstance(line, int)
            pair = (account, objects)
            if line < first_lines.get(pair, line + 1):
                first_lines[pair] = line
            assert isinstance(cents, int) and isinstance(rows, int) and isinstance(other, int)
            amount = Decimal(cents).scaleb(-2) if rows > other else _ZERO
            if isinstance(rest, Decimal):
                amount = rest + amount if rows > other else rest
            key = (year, month, account, objects)
            known = ledger.get(key)
            if known is not None:
                amount, rows = known.amount + amount, known.rows + rows
            ledger[key] = LedgerTotal(amount, rows)
        self.done = (ledger, first_lines)
        return self.done

    def build(self) -> SieFile:
        h = self.header
        ledger, _first_lines = self.ledger()
        accounts = {
            number: Account(
                number,
                str(e["name"]),
                e["type"],  # type: ignore[arg-type]
                e["unit"],  # type: ignore[arg-type]
                tuple(e["sru"]),  # type: ignore[arg-type]
                int(e["line"]),  # type: ignore[call-overload]
            )
            for number, e in self.accounts.items()
        }
        warnings = sorted(self.warnings, key=lambda w: w.line)
        return SieFile(
            filename=self.filename,
            encoding=self.encoding,
            flag=h.get("flag"),  # type: ignore[arg-type]
            program=h.get("program") or None,  # type: ignore[arg-type]
            program_version=h.get("program_version") or None,  # type: ignore[arg-type]
            format=h.get("format") or None,  # type: ignore[arg-type]
            generated=h.get("generated"),  # type: ignore[arg-type]
            generated_by=h.get("generated_by") or None,  # type: ignore[arg-type]
            sie_type=h.get("sie_type"),  # type: ignore[arg-type]
            comment=h.get("comment") or None,  # type: ignore[arg-type]
            company_type=h.get("company_type"),  # type: ignore[arg-type]
            company_id=h.get("company_id"),  # type: ignore[arg-type]
            org_number=h.get("org_number"),  # type: ignore[arg-type]
            company_name=h.get("company_name"),  # type: ignore[arg-type]
            address=h.get("address"),  # type: ignore[arg-type]
            industry_code=h.get("industry_code"),  # type: ignore[arg-type]
            tax_year=h.get("tax_year"),  # type: ignore[arg-type]
            balances_until=h.get("balances_until"),  # type: ignore[arg-type]
            account_plan_type=h.get("account_plan_type"),  # type: ignore[arg-type]
            currency=str(h.get("currency") or "SEK"),  # the specification says to assume SEK when absent
            fiscal_years=MappingProxyType(dict(sorted(self.fiscal_years.items(), reverse=True))),
            accounts=MappingProxyType(accounts),
            dimensions=MappingProxyType(self.dimensions),
            objects=MappingProxyType(self.objects),
            opening_balances=tuple(self.ib),
            closing_balances=tuple(self.ub),
            results=tuple(self.res),
            object_opening_balances=tuple(self.oib),
            object_closing_balances=tuple(self.oub),
            period_balances=tuple(self.psaldo),
            period_budgets=tuple(self.pbudget),
            vouchers=tuple(self.vouchers),
            checksum=self.checksum,
            warnings=tuple(warnings),
            ledger=MappingProxyType(ledger),
            transaction_count=sum(total.rows for total in ledger.values()),
            removed_transaction_count=len(self.removed_uses),
        )


def _checksum_bytes(fields: list[Field], encoding: str) -> bytes:
    """The bytes a record contributes to #KSUMMA: label and field values without separators, quotes or braces."""
    parts: list[str] = []
    for value in fields:
        if isinstance(value, list):
            parts.extend(value)
        else:
            parts.append(value)
    return "".join(parts).encode(encoding, errors="replace")


def _verify_checksum(parser: _Parser, lines: list[str]) -> None:
    """Check #KSUMMA: CRC-32 (zlib's polynomial EDB88320, pre/post inverted) over the records between the two items.

    The specification computes it over code page 437 bytes. For a file that was actually written in another encoding
    the writer most likely summed its own bytes, so that variant is accepted too.
    """
    encodings = ["cp437"] if parser.encoding == "cp437" else ["cp437", parser.encoding.replace("-sig", "")]
    crcs = [0] * len(encodings)
    start: int | None = None
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line[0] != "#":
            continue  # braces and blank lines contribute nothing
        try:
            fields = _tokenize(line)
        except _TokenError:
            continue  # already reported by the main pass
        label = fields[0]
        if isinstance(label, str) and label.upper() == "#KSUMMA":
            value = fields[1] if len(fields) > 1 and isinstance(fields[1], str) else ""
            if start is None:
                if value:
                    parser.error(lineno, "#KSUMMA checksum without an opening #KSUMMA")
                    return
                start = lineno
                continue
            if re.fullmatch(r"[0-9]{1,10}", value) is None:
                parser.error(lineno, f"#KSUMMA checksum '{value}' is not a number")
                return
            declared = int(value)
            parser.checksum = declared
            if declared not in crcs:
                parser.error(lineno, f"#KSUMMA checksum mismatch: file says {declared}, content gives {crcs[0]}")
            return
        if start is not None:
            for i, enc in enumerate(encodings):
                crcs[i] = zlib.crc32(_checksum_bytes(fields, enc), crcs[i])
    if start is not None:
        parser.error(start, "#KSUMMA starts a checksum but the file has no closing #KSUMMA (truncated file?)")


# ----------------------------------------------------------------------------------------------------------------------
# Public entry points
# ----------------------------------------------------------------------------------------------------------------------


def _lines(text: str, chunk: int = 1 << 20, *, each_chunk: Callable[[], None] | None = None) -> Iterator[str]:
    """``text.split("\\n")`` a megabyte at a time, so that a large file is never held as a list of all its lines.

    ``each_chunk`` is called before each megabyte (some 30 000 ledger rows): between chunks, it costs nothing per
    line."""
    start, size = 0, len(text)
    while True:
        if each_chunk is not None:
            each_chunk()
        end = text.find("\n", start + chunk) if start + chunk < size else -1
        if end < 0:
            yield from text[start:].split("\n")
            return
        yield from text[start:end].split("\n")
        start = end + 1


def parse_bytes(
    data: bytes,
    *,
    filename: str = "<bytes>",
    allow_unbalanced: bool = False,
    keep_transactions: bool = True,
    check: Callable[[], None] | None = None,
) -> SieFile:
    """Parse the contents of a SIE file; raises :class:`SieParseError` listing every error found.

    A voucher whose rows do not sum to zero is an error, as double-entry bookkeeping demands. ``allow_unbalanced``
    turns that into a warning, for the rare real export that contains one (SoftOne XE's sample file has a voucher off
    by 2.00) when a user decides to import it anyway.

    The rows of all vouchers are always summed into :attr:`SieFile.ledger`. ``keep_transactions=False`` keeps no row
    beyond that (vouchers come without their transactions), so memory no longer grows with the number of rows, and
    plain rows take a faster path: the importer reads a year's ledger this way.

    ``check``, when given, is called before each megabyte of the file is read and before each later pass; it may
    raise to stop the parse (the importer bounds its time this way; the parser knows no time budget of its own).
    """
    text, encoding, note = _decode(data)
    parser = _Parser(
        text, filename, encoding, allow_unbalanced=allow_unbalanced, keep_transactions=keep_transactions, check=check
    )
    del text  # the parser lets go of the text once read, before the sums are built
    if note:
        parser.warn(1, f"{note}; decoded as {encoding}")
    # The parse allocates millions of small objects and creates no reference cycles, so the cyclic garbage collector
    # would only rescan the growing heap again and again (a 20-30 % slowdown on large files). It is paused meanwhile.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(parser)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run(parser: _Parser) -> SieFile:
    """Run the passes (records, checksum, cross-checks) and build the result or raise the collected errors."""
    with decimal.localcontext(_EXACT):
        parser.run()
        if parser.check is not None:
            parser.check()
        if parser.has_checksum:
            _verify_checksum(parser, parser.text.split("\n"))
        parser.text = ""
        found_nothing = not (parser.header or parser.fiscal_years or parser.accounts or parser.vouchers)
        if found_nothing and not parser.errors:
            parser.error(0, "no SIE records found (is this a SIE file?)")
        if parser.errors:
            raise SieParseError(parser.filename, sorted(parser.errors, key=lambda e: e.line))
        if parser.check is not None:
            parser.check()
        parser.cross_check()
        return parser.build()


def parse_file(path: str | PathLike[str], *, allow_unbalanced: bool = False, keep_transactions: bool = True) -> SieFile:
    """Read and parse a SIE file from disk; see :func:`parse_bytes`."""
    p = Path(path)
    return parse_bytes(
        p.read_bytes(), filename=str(p), allow_unbalanced=allow_unbalanced, keep_transactions=keep_transactions
    )


def summary(sie: SieFile) -> dict[str, object]:
    """A JSON-serialisable overview of a parsed file, for ``--dry-run`` output and import logs.

    Amounts are strings (exact decimals), dates ISO strings. ``totals_per_account_class`` sums the effective voucher
    transactions by the first character of the account number (the BAS account class); with balanced vouchers the
    classes sum to zero.
    """
    periods: set[str] = {p.period for p in sie.period_balances}
    periods.update(p.period for p in sie.period_budgets)
    voucher_periods: set[str] = set()
    dates: set[date] = set()
    totals: dict[str, Decimal] = {}
    with decimal.localcontext(_EXACT):
        for voucher in sie.vouchers:
            if voucher.date is not None:
                dates.add(voucher.date)
                voucher_periods.add(f"{voucher.date.year:04d}{voucher.date.month:02d}")
        for (_year, _month, account, _objects), total in sie.ledger.items():
            key = account[:1]
            totals[key] = totals.get(key, _ZERO) + total.amount
    return {
        "filename": sie.filename,
        "encoding": sie.encoding,
        "program": " ".join(x for x in (sie.program, sie.program_version) if x) or None,
        "sie_type": sie.sie_type,
        "company_name": sie.company_name,
        "org_number": sie.org_number,
        "currency": sie.currency,
        "fiscal_years": {
            str(y.index): {"start": y.start.isoformat(), "end": y.end.isoformat()} for y in sie.fiscal_years.values()
        },
        "periods": sorted(periods | voucher_periods),
        "first_voucher_date": min(dates).isoformat() if dates else None,
        "last_voucher_date": max(dates).isoformat() if dates else None,
        "accounts": len(sie.accounts),
        "dimensions": len(sie.dimensions),
        "objects": len(sie.objects),
        "opening_balances": len(sie.opening_balances) + len(sie.object_opening_balances),
        "closing_balances": len(sie.closing_balances) + len(sie.object_closing_balances),
        "results": len(sie.results),
        "period_balances": len(sie.period_balances),
        "period_budgets": len(sie.period_budgets),
        "vouchers": len(sie.vouchers),
        "transactions": sie.transaction_count,
        "removed_transactions": sie.removed_transaction_count,
        "totals_per_account_class": {k: str(v) for k, v in sorted(totals.items())},
        "warnings": len(sie.warnings),
    }
