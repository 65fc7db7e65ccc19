"""Importing values from Excel and CSV: all rows or none, every problem named with file, row and column."""

from __future__ import annotations

import io
import subprocess  # noqa: F401 - the command is tested through call_command
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from digipuff.core.choices import Role
from digipuff.core.importing import ImportFailed
from digipuff.indicators.choices import Breakdown
from digipuff.indicators.importers.values import COLUMNS, import_values, template_workbook
from digipuff.indicators.models import MeasureValue
from tests.factories import make_measure


@pytest.fixture
def measures(org):
    plain = make_measure(org.sn, name="Nöjdhet", breakdown=Breakdown.GENDER)
    ratio = make_measure(org.sn, name="Sjukfrånvaro", is_ratio=True, breakdown=Breakdown.GENDER, periodicity="month")
    other = make_measure(org.von, name="VON-mått")
    return plain, ratio, other


def csv_bytes(rows: list[list[object]], delimiter: str = ";") -> bytes:
    lines = [
        delimiter.join(
            COLUMNS[k] for k in ("measure", "name", "year", "month", "group", "value", "numerator", "denominator")
        )
    ]
    lines += [delimiter.join("" if c is None else str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_csv_with_swedish_numbers_imports_whole(org, users, measures):
    plain, ratio, _other = measures
    data = csv_bytes(
        [
            [plain.pk, "Nöjdhet", 2019, "", "T", "82,5", "", ""],
            [plain.pk, "nöjdhet", 2019, "", "k", "1 081,0", "", ""],
            [ratio.pk, "", 2019, 2, "K", "", "2 953,2", "51 660"],
            [ratio.pk, "", 2019, 2, "M", "", "506,4", "9 660"],
        ]
    )
    report = import_values(actor=users[Role.WRITER], data=data, filename="utfall.csv")
    assert report.counts == {"values": 4, "measures": 2}
    assert MeasureValue.objects.get(measure=plain, group="K").value == D("1081")
    assert MeasureValue.objects.get(measure=ratio, group="K").numerator == D("2953.2")


def test_every_bad_row_is_listed_and_nothing_is_stored(org, users, measures):
    plain, ratio, other = measures
    data = csv_bytes(
        [
            [plain.pk, "Nöjdhet", 2019, "", "T", "82", "", ""],  # fine
            [plain.pk, "Fel namn", 2019, "", "T", "1", "", ""],
            ["999999", "", 2019, "", "T", "1", "", ""],
            [other.pk, "", 2019, "", "T", "1", "", ""],
            [plain.pk, "", "tjugo", "", "T", "1", "", ""],
            [plain.pk, "", 2019, 13, "T", "1", "", ""],
            [plain.pk, "", 2019, "", "T", "abc", "", ""],
            [ratio.pk, "", 2019, 1, "K", "5", "", ""],
            [plain.pk, "Nöjdhet", 2019, "", "T", "83", "", ""],
        ]
    )
    with pytest.raises(ImportFailed) as raised:
        import_values(actor=users[Role.WRITER], data=data, filename="utfall.csv")
    problems = [str(p) for p in raised.value.problems]
    assert problems == [
        f"utfall.csv:rad 3, kolumn Mått: Mått {plain.pk} heter 'Nöjdhet', inte 'Fel namn'.",
        "utfall.csv:rad 4, kolumn Mått-id: Det finns inget mått med id '999999'.",
        "utfall.csv:rad 5, kolumn Mått-id: Du får inte ange värden för VON-mått (Vård- och omsorgsnämnden).",
        "utfall.csv:rad 6, kolumn År: 'tjugo' är inte ett årtal.",
        "utfall.csv:rad 7, kolumn Månad: '13' är inte en månad (1–12, eller tomt för helår).",
        "utfall.csv:rad 8, kolumn Värde: 'abc' är inte ett tal.",
        "utfall.csv:rad 9: Måttet räknas fram ur täljare och nämnare; skriv inte in värdet.",
        "utfall.csv:rad 10: Samma värde finns också på rad 2.",
    ]
    assert not MeasureValue.objects.exists()


def test_missing_columns_and_wrong_file_types(org, users):
    with pytest.raises(ImportFailed) as raised:
        import_values(actor=users[Role.WRITER], data=b"Foo;Bar\n1;2\n", filename="x.csv")
    assert "Kolumnen Mått-id saknas." in str(raised.value)
    assert "Okänd kolumn Foo." in str(raised.value)
    with pytest.raises(ImportFailed, match="Excelfil"):
        import_values(actor=users[Role.WRITER], data=b"%PDF", filename="x.pdf")
    with pytest.raises(ImportFailed, match="inte en läsbar Excelfil"):
        import_values(actor=users[Role.WRITER], data=b"not a zip", filename="x.xlsx")
    with pytest.raises(ImportFailed, match="tom"):
        import_values(actor=users[Role.WRITER], data=b"", filename="x.csv")


def test_excel_template_round_trip(org, users, measures):
    plain, _ratio, _other = measures
    workbook = load_workbook(io.BytesIO(template_workbook([plain])))
    assert workbook.sheetnames == ["Värden", "Instruktioner"]
    sheet = workbook["Värden"]
    sheet["C2"], sheet["F2"] = 2019, 82
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_values(actor=users[Role.WRITER], data=buffer.getvalue(), filename="mall.xlsx")
    assert report.counts["values"] == 1
    assert MeasureValue.objects.get(measure=plain).value == D(82)


def test_dry_run_changes_nothing(org, users, measures):
    plain, _ratio, _other = measures
    report = import_values(
        actor=users[Role.WRITER],
        data=csv_bytes([[plain.pk, "", 2019, "", "T", "1", "", ""]]),
        filename="a.csv",
        dry_run=True,
    )
    assert "Provkörning" in " ".join(report.lines)
    assert not MeasureValue.objects.exists()


def test_the_command(org, users, measures, tmp_path):
    plain, _ratio, _other = measures
    good = tmp_path / "utfall.csv"
    good.write_bytes(csv_bytes([[plain.pk, "", 2019, "", "T", "7", "", ""]]))
    out = io.StringIO()
    call_command("import", "values", str(good), "--as", users[Role.WRITER].username, stdout=out)
    assert "1 värden för 1 mått" in out.getvalue()
    bad = tmp_path / "fel.csv"
    bad.write_bytes(csv_bytes([[plain.pk, "", 2019, "", "T", "x", "", ""]]))
    with pytest.raises(CommandError, match=r"Ingenting importerades: filen har 1 problem.\nfel.csv:rad 2, kolumn"):
        call_command("import", "values", str(bad), "--as", users[Role.WRITER].username)
    with pytest.raises(CommandError, match="Det finns ingen fil"):
        call_command("import", "values", str(tmp_path / "nej.csv"), "--as", users[Role.WRITER].username)


cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-5, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=9), min_size=0, max_size=6))
def test_random_excel_files_either_import_whole_or_fail_cleanly(org, users, measures, rows):
    plain, _ratio, _other = measures
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS.values()))
    for row in rows:
        sheet.append(row)
    sheet.append([plain.pk, None, 2019, None, "T", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = MeasureValue.objects.count()
    try:
        report = import_values(actor=users[Role.WRITER], data=buffer.getvalue(), filename="slump.xlsx")
    except ImportFailed as exc:
        assert exc.problems
        assert all(p.file == "slump.xlsx" for p in exc.problems)
        assert MeasureValue.objects.count() == before
    else:
        assert report.counts["values"] >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash_the_csv_reader(org, users, data):
    try:
        import_values(actor=users[Role.WRITER], data=data, filename="slump.csv")
    except ImportFailed as exc:
        assert exc.problems
