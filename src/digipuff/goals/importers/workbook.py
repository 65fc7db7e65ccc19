"""A small, careful reader of .xlsx workbooks for the goal-structure import: every sheet as rows of cell values.

Kept apart (and small) so that it can give way to the shared reader in `core.importing` when that one exists.
openpyxl is used in its normal mode, not read_only: read_only trusts the sheet's <dimension> element, which some
programs write wrongly (a sheet that says A1:A1 but holds 200 rows). A cell with a formula must carry the value
the formula had when the file was saved; one without (a file written by a program that does not calculate) is
refused, never read as empty.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from digipuff.core.importing import ImportFailed, ImportProblem

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl inflates it


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[tuple[int, list[Any]]]  # (1-based row number, cell values), empty rows left out


def read_workbook(data: bytes, filename: str) -> dict[str, Sheet]:
    """The workbook's sheets by name; raises ImportFailed naming what is wrong with the file as a whole."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise ImportFailed([ImportProblem(filename, _("The file is larger than 20 MB."))])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise ImportFailed([ImportProblem(filename, _("The file unpacks to more than 200 MB."))])
        formulas = load_workbook(io.BytesIO(data), data_only=False)
        values = load_workbook(io.BytesIO(data), data_only=True)
    except ImportFailed:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a broken or non-Excel file
        raise ImportFailed([ImportProblem(filename, _("The file is not a readable Excel file (.xlsx)."))]) from exc
    sheets: dict[str, Sheet] = {}
    problems: list[ImportProblem] = []
    for name in values.sheetnames:
        with_values, with_formulas = values[name], formulas[name]
        rows: list[tuple[int, list[Any]]] = []
        for number, cells in enumerate(with_values.iter_rows(values_only=True), start=1):
            row = [value.strip() if isinstance(value, str) else value for value in cells]
            if all(value is None or value == "" for value in row):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(
                    ImportProblem(
                        sheet_file(filename, name),
                        _("The sheet has more than {count} rows.").format(count=MAX_ROWS),
                        line=number,
                    )
                )
                break
            rows.append((number, row))
        for formula_row in with_formulas.iter_rows():
            for cell in formula_row:
                if cell.data_type == "f" and with_values[cell.coordinate].value is None:
                    problems.append(
                        ImportProblem(
                            sheet_file(filename, name),
                            _("The cell has a formula but no value; open the file in Excel and save it again."),
                            line=cell.row,
                            column=cell.coordinate.rstrip("0123456789"),
                        )
                    )
        sheets[name] = Sheet(name=name, rows=rows)
    if problems:
        raise ImportFailed(problems)
    return sheets


def sheet_file(filename: str, sheet: str) -> str:
    """How a problem names where it is: the file and the sheet."""
    return _("{file}, sheet {sheet}").format(file=filename, sheet=sheet)
