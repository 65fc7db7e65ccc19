"""SIE 4 import: reading the Swedish accounting exchange format (SIE 1–4) into typed, immutable records.

The parser is pure Python and independent of Django; importers build on :func:`parse_file` / :func:`parse_bytes`.
"""

from digipuff.integrations.sie.parser import (
    Account,
    Address,
    Balance,
    Dimension,
    FiscalYear,
    PeriodBalance,
    SieError,
    SieFile,
    SieObject,
    SieParseError,
    SieWarning,
    Transaction,
    Voucher,
    parse_bytes,
    parse_file,
    summary,
)

__all__ = [
    "Account",
    "Address",
    "Balance",
    "Dimension",
    "FiscalYear",
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
