"""The importing base every source uses: parse -> validate (collect all problems) -> apply in one transaction.

An import either applies whole or changes nothing, and says which line of which file is wrong and why.
Each module registers its kinds of import for the `digipuff import <kind> FILE ...` command in `importers`.

No file may hurt the server or the data, so every importer reads through this module:

- `check_size` refuses a file above the configured size before anything parses it (`limits`, settings
  `DIGIPUFF_IMPORT_*`; `limits_text` states them on the upload pages);
- `sheet_rows` (one sheet) and `workbook_sheets` (every sheet, by name) are the one way an Excel file is read: the
  zip is checked before openpyxl opens it (a "bomb" of a few kB can unpack to gigabytes), a wrong `<dimension>` in
  the sheet is ignored (read-only openpyxl would otherwise stop at the declared range and lose rows silently), and
  a formula without a computed value, an error value (#DIV/0!) or a number that is NaN or infinite is refused with
  the cell named ("Värden!C7") instead of reading as blank;
- `csv_rows` decodes UTF-8 (with or without BOM), UTF-16 with a BOM and Windows-1252 (what Excel on Windows saves),
  and refuses anything else, binary junk included, in one sentence;
- `time_budget` bounds the work: readers and appliers call `check_time`, which refuses the import when the budget
  is spent (the surrounding transaction then rolls back);
- `Duplicates` refuses the same natural key twice in one file;
- `ImportFailed.shown` / `.more` cap the problems a page or command prints (the first 50, then a count).
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
import zipfile
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from digipuff.core.formatting import format_number
from digipuff.core.registry import Registry

if TYPE_CHECKING:
    from argparse import ArgumentParser

    from django.core.management.base import BaseCommand

#: Problems a page or a command shows; the rest are counted ("... and 12 more problems").
MAX_SHOWN = 50
#: Rows between two looks at the clock while reading.
_CLOCK_EVERY = 500
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
#: Members of an Excel file (a zip); real workbooks have tens.
_MAX_ZIP_MEMBERS = 2000


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong with an input file, located as precisely as the format allows."""

    file: str
    message: str
    line: int | None = None  # 1-based line or spreadsheet row
    column: str | None = None  # a column name or letter
    cell: str | None = None  # a spreadsheet cell as Excel names it: "Värden!C7"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += ":" + _("line {line}").format(line=self.line)
        if self.column:
            where += ", " + _("column {column}").format(column=self.column)
        if self.cell:
            where += ", " + _("cell {cell}").format(cell=self.cell)
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """Raised by an importer when any problem was found; nothing has been changed."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        lines = [str(problem) for problem in self.shown]
        if self.more:
            lines.append(self.more_text)
        super().__init__("\n".join(lines))

    @property
    def shown(self) -> list[ImportProblem]:
        """The problems a page or command lists: the first `MAX_SHOWN`."""
        return self.problems[:MAX_SHOWN]

    @property
    def more(self) -> int:
        """How many problems are not listed."""
        return max(0, len(self.problems) - MAX_SHOWN)

    @property
    def more_text(self) -> str:
        return _("... and {count} more problems").format(count=format_number(self.more))

    @property
    def summary(self) -> str:
        """One sentence: nothing was imported, and how many problems the file has."""
        count = len(self.problems)
        return ngettext(
            "Nothing was imported: the file has {count} problem.",
            "Nothing was imported: the file has {count} problems.",
            count,
        ).format(count=format_number(count))


def problems_message(exc: ImportFailed) -> str:
    """What a refused import shows as a task's outcome: one sentence, then the first problems, one a line, then how
    many more."""
    lines = [exc.summary, *(str(problem) for problem in exc.shown)]
    if exc.more:
        lines.append(exc.more_text)
    return "\n".join(lines)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): counts and lines for the user."""

    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportKind:
    """A kind of import offered by `digipuff import <name>`."""

    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    handle: Callable[[BaseCommand, dict[str, Any]], None]


# Each module registers its kinds in its `importers` package (`<app>/importers/__init__.py`).
importers: Registry[ImportKind] = Registry("importers", key=lambda kind: kind.name, order=lambda kind: kind.name)


def kinds() -> dict[str, ImportKind]:
    """The kinds of import by name, sorted."""
    return {kind.name: kind for kind in importers}


# -- limits -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """What one import may take: bytes of the file, data rows, seconds of work, bytes an Excel file unpacks to."""

    max_bytes: int
    max_rows: int
    seconds: int
    max_unpacked: int


def limits(kind: str = "") -> Limits:
    """The configured limits for a kind of import ("sie" has its own size and row limits: ledgers are big)."""
    sie = kind == "sie"
    return Limits(
        max_bytes=settings.DIGIPUFF_IMPORT_SIE_MAX_BYTES if sie else settings.DIGIPUFF_IMPORT_MAX_BYTES,
        max_rows=settings.DIGIPUFF_IMPORT_SIE_MAX_ROWS if sie else settings.DIGIPUFF_IMPORT_MAX_ROWS,
        seconds=settings.DIGIPUFF_IMPORT_TIME_BUDGET,
        max_unpacked=settings.DIGIPUFF_IMPORT_XLSX_MAX_UNPACKED,
    )


def megabytes(size: int) -> str:
    """A size as the limits are stated: "10 MB", "0,5 MB"."""
    value = size / (1024 * 1024)
    return _("{size} MB").format(size=format_number(value, 0 if value >= 10 or value.is_integer() else 1))


def limits_text(kind: str = "") -> str:
    """The limits in one sentence, for the upload pages."""
    limit = limits(kind)
    return _("At most {size} and {rows} rows per file; a file that takes longer than {seconds} s is refused.").format(
        size=megabytes(limit.max_bytes), rows=format_number(limit.max_rows), seconds=format_number(limit.seconds)
    )


def refuse(filename: str, message: str, *, line: int | None = None, column: str | None = None) -> NoReturn:
    """Refuse the whole file for one reason."""
    raise ImportFailed([ImportProblem(file=filename, message=message, line=line, column=column)])


def size_problem(size: int, *, kind: str = "") -> str | None:
    """Why a file of `size` bytes may not be imported (empty, or above the limit), or None; for upload forms too."""
    limit = limits(kind).max_bytes
    if size <= 0:
        return _("The file is empty.")
    if size > limit:
        return _("The file is {size}; at most {limit} may be imported at a time.").format(
            size=megabytes(size), limit=megabytes(limit)
        )
    return None


def check_size(data: bytes, filename: str, *, kind: str = "") -> None:
    """Refuse an empty file or one above the size limit, before anything parses it."""
    problem = size_problem(len(data), kind=kind)
    if problem is not None:
        refuse(filename, problem)


def check_rows(count: int, filename: str, *, kind: str = "", line: int | None = None) -> None:
    """Refuse a file once it has more data rows than the limit."""
    limit = limits(kind).max_rows
    if count > limit:
        refuse(
            filename,
            _("The file has more than {rows} rows; split it into smaller files.").format(rows=format_number(limit)),
            line=line,
        )


# Control characters never found in a text file (tab, line feed, form feed, carriage return and the DOS end-of-file
# mark ^Z are).
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]")
_TEXT_PROBE = 64 * 1024


def check_text(data: bytes, filename: str) -> None:
    """Refuse a binary file where a text file (SIE, CSV) is expected, naming the line of the first binary byte.

    The start of the file is searched for any control character and the whole file for NUL bytes (a fast scan even
    for a ledger of 100 MB); binary data further on is left to the format's parser, which refuses it by line."""
    found = _BINARY.search(data, 0, _TEXT_PROBE)
    position = found.start() if found is not None else data.find(b"\x00")
    if position >= 0:
        refuse(
            filename,
            _("The file is not a text file (it holds binary data)."),
            line=data.count(b"\n", 0, position) + 1,
        )


# -- the time budget --------------------------------------------------------------------------------------------------

_deadline: ContextVar[tuple[float, int] | None] = ContextVar("digipuff_import_deadline", default=None)


@contextmanager
def time_budget(seconds: int | None = None, *, kind: str = "") -> Iterator[None]:
    """Bound the import inside the block; `check_time` refuses it once the budget is spent."""
    budget = seconds if seconds is not None else limits(kind).seconds
    token = _deadline.set((time.monotonic() + budget, budget))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time(filename: str) -> None:
    """Refuse the import when its time budget (if any) is spent."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() >= deadline[0]:
        refuse(
            filename,
            _(
                "The import took longer than {seconds} s and was stopped; nothing was changed. "
                "Split the file into smaller ones."
            ).format(seconds=format_number(deadline[1])),
        )


# -- duplicates -------------------------------------------------------------------------------------------------------


@dataclass
class Duplicates:
    """The natural keys seen so far in one file, each with its first line: the same key twice is a problem."""

    filename: str
    #: The problem's message, with {line} for the first line that has the key.
    message: str = ""
    seen: dict[Hashable, int] = field(default_factory=dict)

    def check(self, key: Hashable, line: int) -> ImportProblem | None:
        first = self.seen.setdefault(key, line)
        if first == line:
            return None
        message = self.message or _("The same row is also on line {line}.")
        return ImportProblem(self.filename, message.format(line=first), line=line)


# -- reading spreadsheets ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of a spreadsheet or CSV file with a value in it: its 1-based line and its cells."""

    line: int
    cells: tuple[Any, ...]


def is_excel(filename: str) -> bool:
    return PurePath(filename).suffix.lower() in XLSX_SUFFIXES


def is_csv(filename: str) -> bool:
    return PurePath(filename).suffix.lower() in CSV_SUFFIXES


def _not_excel(filename: str) -> NoReturn:
    refuse(filename, _("The file is not a readable Excel file."))


def xlsx_guard(data: bytes, filename: str, *, kind: str = "") -> None:
    """Refuse an Excel file that is no zip, or whose members would unpack to more than the limit, before openpyxl
    opens it. The sizes are those the zip declares; Python's zipfile never unpacks more than a member declares."""
    limit = limits(kind).max_unpacked
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        _not_excel(filename)
    if len(members) > _MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > limit:
        refuse(
            filename,
            _("The Excel file unpacks to more than {limit}; it is refused.").format(limit=megabytes(limit)),
        )


def cell_name(sheet: str, coordinate: str) -> str:
    """A cell as Excel names it in a formula: "Värden!C7" (quoted when the sheet name has spaces)."""
    if re.fullmatch(r"\w+", sheet):
        return f"{sheet}!{coordinate}"
    return "'{}'!{}".format(sheet.replace("'", "''"), coordinate)


def _scan_cells(source: Any, sheet: str, filename: str) -> list[ImportProblem]:
    """The cells whose value openpyxl would read as blank or as a float that is no number: a formula without a
    computed (cached) value, an error value, and a number cell that is empty (how NaN and infinity are written) or
    not finite. One streaming pass over the sheet's XML."""
    # The parser openpyxl reads the sheet with (defusedxml's when installed); the zip was size-checked before.
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    sheet_data_tag, row_tag, cell_tag = (f"{{{SHEET_MAIN_NS}}}{name}" for name in ("sheetData", "row", "c"))
    value_tag, formula_tag = f"{{{SHEET_MAIN_NS}}}v", f"{{{SHEET_MAIN_NS}}}f"
    problems: list[ImportProblem] = []
    sheet_data = None
    row_number = column_number = 0
    for index, (event, element) in enumerate(iterparse(source, events=("start", "end"))):
        if index % (_CLOCK_EVERY * 20) == 0:
            check_time(filename)
        tag = element.tag
        if event == "start":
            if tag == row_tag:
                given = element.get("r")
                row_number = int(given) if given and given.isdecimal() else row_number + 1
                column_number = 0
            elif tag == sheet_data_tag:
                sheet_data = element
            continue
        if tag == row_tag:
            # Done with the row: drop it, so that memory stays flat however many rows the sheet has.
            if sheet_data is not None:
                sheet_data.remove(element)
            continue
        if tag != cell_tag:
            continue
        coordinate = element.get("r")
        if coordinate is None:
            column_number += 1
            coordinate = f"{get_column_letter(column_number)}{row_number}"
        else:
            try:
                column_number = column_index_from_string(coordinate_from_string(coordinate)[0])
            except ValueError:
                column_number += 1
        value = element.find(value_tag)
        text = (value.text or "").strip() if value is not None else None
        kind = element.get("t", "n")
        message = None
        if kind == "e":
            message = _("The cell holds the error value {error}.").format(error=text or "#N/A")
        elif (text is None or (text == "" and kind != "str")) and element.find(formula_tag) is not None:
            message = _(
                "The cell has a formula without a computed value; open the file in Excel, save it and try again."
            )
        elif kind == "n" and text is not None:
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                message = _("The cell holds no number (NaN or infinity).")
        if message is not None:
            problems.append(ImportProblem(filename, message, cell=cell_name(sheet, coordinate)))
    return problems


def _open_workbook(data: bytes, filename: str, *, kind: str) -> Any:
    """The workbook in openpyxl's read-only mode, once the size and the zip have been checked."""
    from openpyxl import load_workbook

    check_size(data, filename, kind=kind)
    xlsx_guard(data, filename, kind=kind)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or non-Excel file
        _not_excel(filename)


def _worksheets(workbook: Any, filename: str) -> list[Any]:
    """The workbook's worksheets (not chart sheets); refuses a workbook without any."""
    worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "reset_dimensions")]
    if not worksheets:
        refuse(filename, _("The file has no worksheet."))
    return worksheets


def _scan_sheet(workbook: Any, worksheet: Any, filename: str) -> list[ImportProblem]:
    """The cells of one sheet without a trustworthy value (see `_scan_cells`)."""
    try:
        # openpyxl keeps the zip and each sheet's member name (read-only mode); no public API names them.
        with workbook._archive.open(worksheet._worksheet_path) as source:
            return _scan_cells(source, worksheet.title, filename)
    except ImportFailed:
        raise
    except Exception:  # malformed XML
        _not_excel(filename)


def _sheet_values(worksheet: Any, filename: str, *, kind: str) -> Iterator[SheetRow]:
    """The rows of a scanned sheet that hold any value, read to the sheet's real end."""
    # The declared range (<dimension>) may be smaller than the data; read to the sheet's real end.
    worksheet.reset_dimensions()
    rows = 0
    try:
        for line, values in enumerate(worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            if line % _CLOCK_EVERY == 0:
                check_time(filename)
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            rows += 1
            check_rows(rows - 1, filename, kind=kind, line=line)  # the first row is the header
            yield SheetRow(line, tuple(values))
    except ImportFailed:
        raise
    except Exception:  # broken cell data that the scan let through
        _not_excel(filename)


def sheet_rows(data: bytes, filename: str, *, kind: str = "", sheet: str | None = None) -> Iterator[SheetRow]:
    """The rows of an Excel sheet (`sheet` if the workbook has it, else the first) that hold any value.

    Refuses (ImportFailed) a file that is too big, not Excel, unpacks too far, has cells without a trustworthy value,
    has more rows than the limit or takes longer than the time budget."""
    workbook = _open_workbook(data, filename, kind=kind)
    try:
        worksheets = _worksheets(workbook, filename)
        chosen = next((ws for ws in worksheets if ws.title == sheet), worksheets[0])
        problems = _scan_sheet(workbook, chosen, filename)
        if problems:
            raise ImportFailed(problems)
        yield from _sheet_values(chosen, filename, kind=kind)
    finally:
        workbook.close()


def workbook_sheets(data: bytes, filename: str, *, kind: str = "") -> dict[str, list[SheetRow]]:
    """Every worksheet of an Excel file by name, as its rows that hold any value (for imports that read several
    sheets); the same checks as `sheet_rows`, with every cell without a trustworthy value in any sheet listed."""
    workbook = _open_workbook(data, filename, kind=kind)
    try:
        worksheets = _worksheets(workbook, filename)
        problems = [problem for ws in worksheets for problem in _scan_sheet(workbook, ws, filename)]
        if problems:
            raise ImportFailed(problems)
        return {ws.title: list(_sheet_values(ws, filename, kind=kind)) for ws in worksheets}
    finally:
        workbook.close()


_MOJIBAKE = re.compile("[\u00c3\u00c2][\u0080-\u00bf\u201a-\u203a\u0152-\u0178\u02c6\u02dc]")


def decode_text(data: bytes, filename: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 as Excel on Windows
    saves "CSV"; anything else (UTF-16 without BOM, binary data, mixed encodings) is refused in one sentence."""
    wrong = _('The file is not text in a known encoding; save it as "CSV UTF-8" from Excel and try again.')
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            refuse(filename, wrong)
    elif b"\x00" in data:
        refuse(filename, wrong)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                refuse(filename, wrong)
            if _MOJIBAKE.search(text):  # UTF-8 with a few broken bytes, read as Windows-1252, would pass unnoticed
                refuse(filename, wrong)
    check_text(text.encode("utf-8", "surrogatepass"), filename)
    return text


def csv_rows(data: bytes, filename: str, *, kind: str = "") -> Iterator[SheetRow]:
    """The rows of a CSV file (";" or "," separated, as the first line has more of) that hold any value, as text."""
    check_size(data, filename, kind=kind)
    text = decode_text(data, filename)
    if not text.strip():
        refuse(filename, _("The file is empty."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = 0
    try:
        for cells in reader:
            if reader.line_num % _CLOCK_EVERY == 0:
                check_time(filename)
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            check_rows(rows - 1, filename, kind=kind, line=reader.line_num)
            yield SheetRow(reader.line_num, tuple(cells))
    except csv.Error as exc:
        refuse(filename, _("The file is not valid CSV: {error}.").format(error=exc), line=reader.line_num)


def table_rows(data: bytes, filename: str, *, kind: str = "", sheet: str | None = None) -> Iterator[SheetRow]:
    """The rows of an Excel or CSV file, by the file name's suffix."""
    if is_excel(filename):
        return sheet_rows(data, filename, kind=kind, sheet=sheet)
    if is_csv(filename):
        return csv_rows(data, filename, kind=kind)
    refuse(filename, _("Use an Excel file (.xlsx) or a CSV file (.csv)."))


def cell_text(value: Any) -> str:
    """A cell's value as text that `core.formatting.parse_number` and the importers read."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()
