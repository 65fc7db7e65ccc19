"""The shared importing base (core/importing.py): limits, the safe readers and the capped answers."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from digipuff.core import importing
from digipuff.core.importing import Duplicates, ImportFailed, ImportProblem


def _xlsx(rows: list[list[object]], title: str = "Blad1") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(function, *args, **kwargs) -> str:
    with pytest.raises(ImportFailed) as refused:
        list(function(*args, **kwargs))
    return str(refused.value)


def test_the_limits_come_from_the_settings_and_are_stated_in_swedish(settings):
    settings.DIGIPUFF_IMPORT_MAX_BYTES = 512 * 1024
    settings.DIGIPUFF_IMPORT_MAX_ROWS = 1234
    settings.DIGIPUFF_IMPORT_TIME_BUDGET = 30
    assert importing.limits_text() == (
        "Högst 0,5 MB och 1 234 rader per fil; en fil som tar längre tid än 30 s att läsa in avvisas."
    )
    assert "högst 0,5 MB" in _refusal(importing.check_size, b"x" * (512 * 1024 + 1), "a.csv")
    importing.check_size(b"x" * 512 * 1024, "a.csv")


def test_a_sheet_is_read_to_its_real_end_whatever_its_dimension_says():
    data = _xlsx([["a", "b"], [1, 2], [3, 4], [5, 6]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:B4"/>', b'<dimension ref="B2:B2"/>')
            target.writestr(info.filename, content)
    rows = list(importing.sheet_rows(buffer.getvalue(), "a.xlsx"))
    assert [(row.line, row.cells) for row in rows] == [(1, ("a", "b")), (2, (1, 2)), (3, (3, 4)), (4, (5, 6))]


def test_cells_without_a_trustworthy_value_are_named():
    data = _xlsx([["a", "b", "c"], ["=1+1", float("nan"), 3]], title="Mitt blad")
    message = _refusal(importing.sheet_rows, data, "a.xlsx")
    assert "a.xlsx, cell 'Mitt blad'!A2: Cellen har en formel utan uträknat värde" in message
    assert "a.xlsx, cell 'Mitt blad'!B2: Cellen innehåller inget tal (NaN eller oändligheten)." in message
    assert "C2" not in message


def test_cells_are_named_when_the_sheet_leaves_out_their_references():
    data = _xlsx([["a", "b"], [1, float("nan")]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb' r="[A-Z]*[0-9]+"', b"", content)
                assert b' r="' not in content
            target.writestr(info.filename, content)
    assert "cell Blad1!B2: Cellen innehåller inget tal" in _refusal(importing.sheet_rows, buffer.getvalue(), "a.xlsx")


def test_a_zip_that_unpacks_too_far_is_refused_before_openpyxl_opens_it(settings):
    settings.DIGIPUFF_IMPORT_XLSX_MAX_UNPACKED = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (2 * 1024 * 1024))
    assert len(buffer.getvalue()) < 20_000
    assert "packas upp till mer än 1 MB" in _refusal(importing.sheet_rows, buffer.getvalue(), "a.xlsx")


def test_csv_encodings_are_detected_or_refused():
    text = "Mått;Värde\nNöjdhet;1\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        rows = list(importing.csv_rows(text.encode(encoding), "a.csv"))
        assert [row.cells for row in rows] == [("Mått", "Värde"), ("Nöjdhet", "1")], encoding
    for wrong in (text.encode("utf-16-le"), text.encode() + "ö".encode("cp1252")):
        assert "teckenkodning" in _refusal(importing.csv_rows, wrong, "a.csv")
    assert "rad 2: Filen är ingen textfil" in _refusal(importing.csv_rows, b"a;b\n\x01\x02;c\n", "a.csv")


def test_the_row_limit_counts_rows_with_values(settings):
    settings.DIGIPUFF_IMPORT_MAX_ROWS = 2
    assert len(list(importing.csv_rows(b"h\n1\n\n\n;\n2\n", "a.csv"))) == 3
    assert "a.csv:rad 4: Filen har fler än 2 rader" in _refusal(importing.csv_rows, b"h\n1\n2\n3\n", "a.csv")


def test_the_time_budget_refuses_once_spent():
    with importing.time_budget(0), pytest.raises(ImportFailed, match="tog längre tid än 0 s"):
        importing.check_time("a.csv")
    importing.check_time("a.csv")  # no budget outside the block


def test_duplicates_name_the_first_line():
    seen = Duplicates("a.csv")
    assert seen.check(("x", 2019), 2) is None
    assert seen.check(("y", 2019), 3) is None
    assert str(seen.check(("x", 2019), 7)) == "a.csv:rad 7: Samma rad finns också på rad 2."


def test_problem_lists_are_capped_with_a_count_of_the_rest():
    failed = ImportFailed([ImportProblem("a.csv", f"fel {i}", line=i) for i in range(1, 131)])
    assert len(failed.shown) == importing.MAX_SHOWN and failed.more == 80
    assert failed.summary == "Ingenting importerades: filen har 130 problem."
    assert str(failed).splitlines()[-1] == "... och 80 problem till"
    assert len(str(failed).splitlines()) == importing.MAX_SHOWN + 1


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=3000), excel=st.booleans())
def test_any_bytes_give_rows_or_a_refusal_never_another_error(data, excel):
    reader = importing.sheet_rows if excel else importing.csv_rows
    try:
        rows = list(reader(data, "a.xlsx" if excel else "a.csv"))
    except ImportFailed as exc:
        assert exc.problems and all(problem.file.startswith("a.") for problem in exc.problems)
    else:
        assert all(isinstance(row.line, int) for row in rows)
