"""Hostile files through every importer, on the web and on the command line (issue 17: imports that can't hurt).

Every file is built here (openpyxl, zipfile, random bytes; no binaries in the repository) and sent through

- the values import: its upload page, whose import runs as a background task (the tests' immediate task backend runs
  it inside the request, so the page's answer and the task's outcome are both seen), and `digipuff import values`;
- the ledger (SIE) and budget imports: their upload page and `digipuff import sie|budget`;
- the goal-structure import: its upload page on the goal set-up (goals:import) and `digipuff goals import`.

Each file must be refused, or for a file that is merely unusual (Windows-1252, UTF-16, a too small declared range)
imported correctly; on refusal 0 rows change, no answer is a 5xx, a command prints no traceback and exits 1, and every
answer comes within the import time budget (`DIGIPUFF_IMPORT_TIME_BUDGET`, set low here). The figures are printed at
the end of the module.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import load_command_class
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from digipuff.core import importing
from digipuff.core.choices import Role
from digipuff.core.models import TaskRun
from digipuff.economy.choices import LedgerKind
from digipuff.economy.models import CostLine, LedgerAmount, LedgerImport, OperationArea
from digipuff.goals import services as goal_services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.importers.structure import export_structure
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.indicators import services as indicator_services
from digipuff.indicators.choices import Breakdown
from digipuff.indicators.models import Measure, MeasureValue, Target
from digipuff.indicators.services import ValueInput
from tests.economy.helpers import areas, cost, sie
from tests.factories import make_measure

#: The import time budget in these tests (seconds); every answer must come within it.
BUDGET = 10
MB = 1024 * 1024
FIGURES: list[
    tuple[str, str, str, float, int]
] = []  # importer, case, channel, seconds, answer (tests/trust/conftest.py)


@pytest.fixture(autouse=True)
def _budget(settings):
    settings.DIGIPUFF_IMPORT_TIME_BUDGET = BUDGET


# -- building files ---------------------------------------------------------------------------------------------------

HEADER = ["Mått-id", "Mått", "År", "Månad", "Grupp", "Värde"]


def workbook_bytes(rows: list[list[Any]], *, title: str = "Värden") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, edit: Callable[[str], str], member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with one member's XML edited (a wrong <dimension>, a crafted cell)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = edit(content.decode()).encode()
            target.writestr(info.filename, content)
    return buffer.getvalue()


def set_cell(coordinate: str, xml: str) -> Callable[[str], str]:
    """Replace the cell `coordinate` (which must hold a number) with raw XML."""

    def edit(sheet: str) -> str:
        start = sheet.index(f'<c r="{coordinate}"')
        end = sheet.index("</c>", start) + len("</c>")
        return sheet[:start] + xml + sheet[end:]

    return edit


def dimension(ref: str) -> Callable[[str], str]:
    def edit(sheet: str) -> str:
        start = sheet.index("<dimension ref=")
        end = sheet.index("/>", start) + 2
        return sheet[:start] + f'<dimension ref="{ref}"/>' + sheet[end:]

    return edit


def zip_bomb(unpacked: int) -> bytes:
    """A workbook whose sheet unpacks to `unpacked` bytes of blanks (a few hundred kB on disk)."""
    buffer = io.BytesIO()
    good = zipfile.ZipFile(io.BytesIO(workbook_bytes([HEADER])))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in good.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, good.read(info.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * MB
            for _ in range(unpacked // MB):
                sheet.write(chunk)
    return buffer.getvalue()


def row_bomb(rows: int) -> bytes:
    """A workbook below the unpack limit whose sheet has a great many empty rows: it takes time, not memory."""
    good = workbook_bytes([HEADER])
    body = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t></t></is></c></row>' for i in range(2, rows))

    def edit(sheet: str) -> str:
        return sheet.replace("</sheetData>", body + "</sheetData>")

    return rezip(good, edit)


def junk(size: int, seed: int = 17) -> bytes:
    return random.Random(seed).randbytes(size)


# -- running an import ------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int  # HTTP status, or the command's exit code
    text: str  # what the user reads: the page(s), or the command's output
    seconds: float


def run_command(
    *argv: str, capsys: pytest.CaptureFixture[str], app: str = "digipuff.core", name: str = "import"
) -> Outcome:
    """`digipuff import ...` (or another command) as from the command line (Django's run_from_argv without closing
    the test database's connection): an error is printed as one message and gives an exit code; anything else would
    be a traceback."""
    command = load_command_class(app, name)
    command._called_from_command_line = True
    out, err = io.StringIO(), io.StringIO()
    command.stdout._out, command.stderr._out = out, err  # type: ignore[attr-defined]
    started = time.monotonic()
    try:
        parser = command.create_parser("digipuff", name)
        options = vars(parser.parse_args(argv))
        args = options.pop("args", ())
        command.execute(*args, **options)
        code = 0
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        code = exc.returncode
    except SystemExit as exc:  # argparse: a wrong command line
        code = int(exc.code or 0)
    seconds = time.monotonic() - started
    captured = capsys.readouterr()
    return Outcome(code, out.getvalue() + err.getvalue() + captured.out + captured.err, seconds)


def upload_values(client, name: str, data: bytes) -> Outcome:
    """The values upload page; its answer is the task's status page (302) or the form again (422)."""
    started = time.monotonic()
    response = client.post(reverse("indicators:import"), {"file": SimpleUploadedFile(name, data)})
    text = response.content.decode()
    status = response.status_code
    if status == 302:
        page = client.get(response["Location"])
        status, text = page.status_code, page.content.decode()
    return Outcome(status, text, time.monotonic() - started)


def upload_economy(client, kind: str, name: str, data: bytes) -> Outcome:
    """The economy upload page; its answer is the task's status page (302) or the forms again (422)."""
    started = time.monotonic()
    url = reverse("economy:import", kwargs={"code": "SN", "year": 2019})
    response = client.post(url, {"kind": kind, f"{kind}-file": SimpleUploadedFile(name, data)})
    text = response.content.decode()
    status = response.status_code
    if status == 302:  # the import ran as a background task (immediate in the tests): its status page
        page = client.get(response["Location"])
        status, text = page.status_code, page.content.decode()
    return Outcome(status, text, time.monotonic() - started)


def state() -> tuple[Any, ...]:
    """Everything an import may change."""
    return (
        sorted(
            MeasureValue.objects.values_list(
                "measure_id", "year", "month", "group", "value", "numerator", "denominator", "count", "version"
            )
        ),
        sorted(LedgerAmount.objects.values_list("kind", "year", "month", "account", "object_id", "amount")),
        LedgerImport.objects.count(),
        CostLine.objects.count(),
        OperationArea.objects.count(),
        sorted(GoalLevel.objects.values_list("year", "depth", "name")),
        sorted(Goal.objects.values_list("year", "code", "title", "retired")),
        CommitteeGoal.objects.count(),
        sorted(Measure.objects.values_list("name", "unit")),
        Target.objects.count(),
        LogEntry.objects.count(),
    )


def check(importer: str, case: str, channel: str, outcome: Outcome, *, refused: bool, says: str = "") -> None:
    FIGURES.append((importer, case, channel, outcome.seconds, outcome.status))
    assert outcome.status < 500, outcome.text[:2000]
    assert "Traceback" not in outcome.text
    assert outcome.seconds < BUDGET, f"{case} took {outcome.seconds:.1f} s"
    if channel == "command":
        assert outcome.status == (1 if refused else 0), outcome.text[-2000:]
    if says:
        assert says in outcome.text, outcome.text[-3000:]


# -- the values import ------------------------------------------------------------------------------------------------


@pytest.fixture
def world(org, users):
    """Socialnämnden's measure with a value stored (the hostile files try to blank or change it), a VON measure, and
    the economy's cost lines and an operation area (so that a refused economy import has nothing to set up)."""
    measure = make_measure(org.sn, name="Nöjdhet", breakdown=Breakdown.GENDER)
    indicator_services.measure_values_set(
        actor=None, measure=measure, values=[ValueInput(year=2019, group="T", value=Decimal("82"))]
    )
    other = make_measure(org.von, name="VON-mått")
    areas(org.sn)
    return measure, other


def value_rows(measure, count: int = 1, value: Any = 90) -> list[list[Any]]:
    """`count` valid rows with distinct keys (year, group), the first for the stored value (2019, T)."""
    keys = [(year, group) for year in range(2019, 1989, -1) for group in ("T", "K", "M")]
    keys += [(year, group) for year in range(2020, 2101) for group in ("T", "K", "M")]
    return [[measure.pk, measure.name, year, None, group, value] for year, group in keys[:count]]


def csv_of(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    lines = [";".join(HEADER)] + [";".join("" if c is None else str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    build: Callable[[Any, Any], bytes]  # (measure, other measure) -> bytes
    says: str = ""  # in the answer
    imported: dict[tuple[int, str], Decimal] | None = None  # (year, group) -> value stored, for files that are fine
    settings: tuple[tuple[str, Any], ...] = ()


def _good_xlsx(measure, _other):
    return workbook_bytes([HEADER, *value_rows(measure)])


VALUE_CASES = [
    Case("truncated xlsx", "utfall.xlsx", lambda m, o: _good_xlsx(m, o)[:2000], "inte en läsbar Excelfil"),
    Case(
        "truncated csv",
        "utfall.csv",
        lambda m, o: csv_of(value_rows(m, 3))[:-12],
        "rad 4",
    ),
    Case("oversized csv", "utfall.csv", lambda m, o: csv_of(value_rows(m)) + b"#" * (10 * MB), "högst 10 MB"),
    Case(
        "too many rows",
        "utfall.csv",
        lambda m, o: csv_of(value_rows(m, 150)),
        "fler än 100 rader",
        settings=(("DIGIPUFF_IMPORT_MAX_ROWS", 100),),
    ),
    Case(
        "wrong range, rows kept",
        "utfall.xlsx",
        lambda m, o: rezip(workbook_bytes([HEADER, *value_rows(m, 4, 91)]), dimension("A1:F2")),
        imported={
            (2019, "T"): Decimal(91),
            (2019, "K"): Decimal(91),
            (2019, "M"): Decimal(91),
            (2018, "T"): Decimal(91),
        },
    ),
    Case(
        "wrong range hides a bad row",
        "utfall.xlsx",
        lambda m, o: rezip(
            workbook_bytes([HEADER, *value_rows(m, 1), [m.pk, "", 2018, None, "T", "abc"]]), dimension("A1:F2")
        ),
        "rad 3, kolumn Värde",
    ),
    Case(
        "formula without value",
        "utfall.xlsx",
        lambda m, o: workbook_bytes([HEADER, [m.pk, m.name, 2019, None, "T", "=80+2"]]),
        "cell Värden!F2: Cellen har en formel utan uträknat värde",
    ),
    Case(
        "NaN",
        "utfall.xlsx",
        lambda m, o: workbook_bytes([HEADER, [m.pk, m.name, 2019, None, "T", float("nan")]]),
        "cell Värden!F2: Cellen innehåller inget tal",
    ),
    Case(
        "infinity",
        "utfall.xlsx",
        lambda m, o: rezip(_good_xlsx(m, o), set_cell("F2", '<c r="F2" t="n"><v>1e999</v></c>')),
        "cell Värden!F2: Cellen innehåller inget tal",
    ),
    Case(
        "error value",
        "utfall.xlsx",
        lambda m, o: rezip(_good_xlsx(m, o), set_cell("F2", '<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')),
        "felvärdet #DIV/0!",
    ),
    Case("xlsx bomb", "utfall.xlsx", lambda m, o: zip_bomb(300 * MB), "packas upp till mer än 100 MB"),
    Case(
        "xlsx row bomb",
        "utfall.xlsx",
        lambda m, o: row_bomb(400_000),
        "",  # refused by the time budget or, on a fast machine, as a file without values
        settings=(("DIGIPUFF_IMPORT_TIME_BUDGET", 2),),
    ),
    Case("junk as xlsx", "utfall.xlsx", lambda m, o: junk(200_000), "inte en läsbar Excelfil"),
    Case("junk as csv", "utfall.csv", lambda m, o: junk(200_000), "Ingenting importerades"),
    Case(
        "zip that is no workbook",
        "utfall.xlsx",
        lambda m, o: _plain_zip(),
        "inte en läsbar Excelfil",
    ),
    Case(
        "Windows-1252 csv",
        "utfall.csv",
        lambda m, o: csv_of(value_rows(m, 1, 93), "cp1252"),
        imported={(2019, "T"): Decimal(93)},
    ),
    Case(
        "UTF-16 csv with BOM",
        "utfall.csv",
        lambda m, o: csv_of(value_rows(m, 1, 94), "utf-16"),
        imported={(2019, "T"): Decimal(94)},
    ),
    Case("UTF-16 csv without BOM", "utfall.csv", lambda m, o: csv_of(value_rows(m), "utf-16-le"), "teckenkodning"),
    Case(
        "mixed encodings",
        "utfall.csv",
        lambda m, o: csv_of(value_rows(m)) + "Nöjdhet;x".encode("cp1252") + b"\n",
        "teckenkodning",
    ),
    Case(
        "duplicates",
        "utfall.csv",
        lambda m, o: csv_of([*value_rows(m, 2), [m.pk, "", 2019, None, "t", "95"]]),
        "rad 4: Samma värde finns också på rad 2",
    ),
    Case(
        "huge numbers",
        "utfall.csv",
        lambda m, o: csv_of([["9" * 40, "", 2019, None, "T", "1"], [m.pk, "", 2019, None, "T", "1" + "0" * 400]]),
        "Ingenting importerades",
    ),
    Case(
        "huge value",
        "utfall.csv",
        lambda m, o: csv_of([[m.pk, "", 2019, None, "T", "1" + "0" * 400]]),
        "Talet 1000",
    ),
    Case(
        "another committee's measure",
        "utfall.csv",
        lambda m, o: csv_of([*value_rows(m, 1), [o.pk, "", 2019, None, "T", "5"]]),
        "Du får inte ange värden för VON-mått",
    ),
    Case("empty", "utfall.csv", lambda m, o: b"", "tom"),
]


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Det här är ingen arbetsbok.")
    return buffer.getvalue()


def _stored(measure) -> dict[tuple[int, str], Decimal | None]:
    return {(v.year, v.group): v.value for v in MeasureValue.objects.filter(measure=measure)}


@pytest.mark.parametrize("channel", ["web", "command"])
@pytest.mark.parametrize("case", VALUE_CASES, ids=[case.name for case in VALUE_CASES])
def test_hostile_values_files(case, channel, client, world, users, settings, tmp_path, capsys):
    measure, other = world
    for name, value in case.settings:
        setattr(settings, name, value)
    data = case.build(measure, other)
    writer = users[Role.WRITER]
    client.force_login(writer)
    before = state()
    if channel == "web":
        outcome = upload_values(client, case.filename, data)
    else:
        path = tmp_path / case.filename
        path.write_bytes(data)
        outcome = run_command("values", str(path), "--as", writer.username, capsys=capsys)
    refused = case.imported is None
    check("values", case.name, channel, outcome, refused=refused, says=case.says)
    if refused:
        assert state() == before
        assert _stored(measure) == {(2019, "T"): Decimal(82)}
        if channel == "web" and outcome.status == 200:
            assert TaskRun.objects.get().status == TaskRun.Status.FAILED
    else:
        stored = _stored(measure)
        assert {key: stored[key] for key in case.imported} == case.imported
        if channel == "web":
            assert TaskRun.objects.get().status == TaskRun.Status.SUCCEEDED


def test_problem_lists_are_capped_on_the_page_and_in_the_command(client, world, users, tmp_path, capsys):
    measure, _other = world
    data = csv_of([[measure.pk, "", 2019, None, "T", f"x{i}"] for i in range(500)])
    client.force_login(users[Role.WRITER])
    page = upload_values(client, "utfall.csv", data)
    assert page.text.count("kolumn Värde:") == importing.MAX_SHOWN
    assert "... och 450 problem till" in page.text
    path = tmp_path / "utfall.csv"
    path.write_bytes(data)
    command = run_command("values", str(path), "--as", users[Role.WRITER].username, capsys=capsys)
    assert command.status == 1
    assert "Ingenting importerades: filen har 500 problem." in command.text
    assert command.text.count("kolumn Värde:") == importing.MAX_SHOWN
    assert "... och 450 problem till" in command.text


def test_a_user_who_may_enter_no_values_may_not_import(client, world, users, tmp_path, capsys):
    measure, _other = world
    data = csv_of(value_rows(measure, 1, 99))
    for who in ("nobody", Role.READER, Role.CONTROLLER):
        client.force_login(users[who])
        before = state()
        assert client.get(reverse("indicators:import")).status_code == 403
        assert client.post(reverse("indicators:import"), {"file": SimpleUploadedFile("u.csv", data)}).status_code == 403
        path = tmp_path / "u.csv"
        path.write_bytes(data)
        outcome = run_command("values", str(path), "--as", users[who].username, capsys=capsys)
        assert outcome.status == 1 and "Traceback" not in outcome.text
        assert "Du får inte läsa in värden" in outcome.text
        assert state() == before
    assert not TaskRun.objects.exists()


def test_a_wrong_command_line_exits_2_without_a_traceback(world, tmp_path, capsys):
    outcome = run_command("values", str(tmp_path / "saknas.csv"), capsys=capsys)  # --as is missing
    assert outcome.status == 2 and "Traceback" not in outcome.text and "--as" in outcome.text
    outcome = run_command("values", str(tmp_path / "saknas.csv"), "--as", "nobody", capsys=capsys)
    assert outcome.status == 1 and "Det finns ingen fil" in outcome.text


def test_the_upload_page_states_the_limits(client, world, users):
    client.force_login(users[Role.WRITER])
    html = client.get(reverse("indicators:import")).content.decode()
    assert "Högst 10 MB och 20 000 rader per fil" in html
    client.force_login(users[Role.CONTROLLER])
    html = client.get(reverse("economy:import", kwargs={"code": "SN", "year": 2019})).content.decode()
    assert "Högst 100 MB och 2 000 000 rader per fil" in html  # SIE
    assert "Högst 10 MB och 20 000 rader per fil" in html  # budget


def test_a_values_import_beyond_its_time_budget_changes_nothing(world, users, settings, tmp_path, capsys):
    """The budget holds while values are applied too: the refusal rolls the whole transaction back."""
    measure, _other = world
    settings.DIGIPUFF_IMPORT_TIME_BUDGET = 0
    path = tmp_path / "utfall.csv"
    path.write_bytes(csv_of(value_rows(measure, 3, 97)))
    before = state()
    outcome = run_command("values", str(path), "--as", users[Role.WRITER].username, capsys=capsys)
    assert outcome.status == 1 and "tog längre tid än 0 s" in outcome.text
    assert state() == before


# -- the ledger (SIE) and budget imports ------------------------------------------------------------------------------

GOOD_SIE = sie([cost("20190110", "5010", "3200", "100")])
GOOD_BUDGET = [["verksamhetsområde", "kostnadsslag", "helår"], ["VB", "TAXOR", 1200], ["VB", "PERSONAL", 12000]]


@dataclass(frozen=True)
class EconomyCase:
    importer: str  # "sie" or "budget"
    name: str
    filename: str
    build: Callable[[], bytes]
    says: str = ""
    budget_rows: int | None = None  # for files that are fine: the monthly budget amounts stored for 2019
    settings: tuple[tuple[str, Any], ...] = ()


ECONOMY_CASES = [
    EconomyCase(
        "sie",
        "oversized",
        "huvudbok.se",
        lambda: GOOD_SIE + b"#KSUMMA 0\n" * (MB // 10),
        "högst 1 MB",
        settings=(("DIGIPUFF_IMPORT_SIE_MAX_BYTES", MB),),
    ),
    EconomyCase("sie", "junk bytes", "huvudbok.se", lambda: junk(20 * MB), "ingen textfil"),
    EconomyCase(
        "sie",
        "too many lines",
        "huvudbok.se",
        lambda: GOOD_SIE + b'#KONTO 4000 "Ett konto"\n' * 2000,
        "fler än 1 000 rader",
        settings=(("DIGIPUFF_IMPORT_SIE_MAX_ROWS", 1000),),
    ),
    EconomyCase(
        "sie",
        "junk text",
        "huvudbok.se",
        lambda: b"".join(b"#TRANS %d {} skr\xe4p\n" % i for i in range(30_000)),
        "Ingenting importerades",
    ),
    EconomyCase(
        "sie", "truncated", "huvudbok.se", lambda: GOOD_SIE[: len(GOOD_SIE) * 2 // 3], "Ingenting importerades"
    ),
    EconomyCase("sie", "UTF-16", "huvudbok.se", lambda: GOOD_SIE.decode("cp437").encode("utf-16"), "ingen textfil"),
    EconomyCase("sie", "xlsx bomb", "huvudbok.se", lambda: zip_bomb(300 * MB), "ingen textfil"),
    EconomyCase("budget", "oversized", "budget.csv", lambda: b"a;b\n" * (10 * MB // 4 + 1), "högst 10 MB"),
    EconomyCase("budget", "junk as xlsx", "budget.xlsx", lambda: junk(200_000), "inte en läsbar Excelfil"),
    EconomyCase("budget", "junk as csv", "budget.csv", lambda: junk(200_000), "Ingenting importerades"),
    EconomyCase("budget", "xlsx bomb", "budget.xlsx", lambda: zip_bomb(300 * MB), "packas upp till mer än 100 MB"),
    EconomyCase(
        "budget", "truncated xlsx", "budget.xlsx", lambda: workbook_bytes(GOOD_BUDGET)[:2000], "inte en läsbar Excelfil"
    ),
    EconomyCase(
        "budget",
        "formula without value",
        "budget.xlsx",
        lambda: workbook_bytes([*GOOD_BUDGET, ["VB", "LOKALER", "=100*12"]], title="Blad1"),
        "cell Blad1!C4: Cellen har en formel utan uträknat värde",
    ),
    EconomyCase(
        "budget",
        "NaN",
        "budget.xlsx",
        lambda: workbook_bytes([*GOOD_BUDGET, ["VB", "LOKALER", float("nan")]], title="Blad1"),
        "cell Blad1!C4: Cellen innehåller inget tal",
    ),
    EconomyCase(
        "budget",
        "wrong range, rows kept",
        "budget.xlsx",
        lambda: rezip(workbook_bytes(GOOD_BUDGET), dimension("A1:C2")),
        budget_rows=2 * 12,  # both rows, each spread over the twelve months
    ),
]


@pytest.mark.parametrize("channel", ["web", "command"])
@pytest.mark.parametrize("case", ECONOMY_CASES, ids=[f"{c.importer}: {c.name}" for c in ECONOMY_CASES])
def test_hostile_economy_files(case, channel, client, world, users, settings, tmp_path, capsys):
    for name, value in case.settings:
        setattr(settings, name, value)
    data = case.build()
    controller = users[Role.CONTROLLER]
    client.force_login(controller)
    before = state()
    if channel == "web":
        outcome = upload_economy(client, case.importer, case.filename, data)
        assert len(outcome.text) < 200_000  # a capped list of problems, not megabytes of them
    else:
        path = tmp_path / case.filename
        path.write_bytes(data)
        argv = [case.importer, str(path), "--unit", "SN", "--as", controller.username]
        if case.importer == "budget":
            argv += ["--year", "2019"]
        outcome = run_command(*argv, capsys=capsys)
    refused = case.budget_rows is None
    check(case.importer, case.name, channel, outcome, refused=refused, says=case.says)
    if refused:
        assert state() == before
        if channel == "web" and outcome.status == 200:  # refused by the background task: its status page says why
            assert TaskRun.objects.get().status == TaskRun.Status.FAILED
        elif channel == "web":  # refused at once (too big): the forms again
            assert outcome.status == 422 and not TaskRun.objects.exists()
    else:
        assert LedgerAmount.objects.filter(kind=LedgerKind.BUDGET, year=2019).count() == case.budget_rows
        if channel == "web":
            assert TaskRun.objects.get().status == TaskRun.Status.SUCCEEDED


def test_the_good_files_import(client, world, users):
    """The baseline the hostile cases depart from: the same files, well-formed, import on the web."""
    measure, _other = world
    client.force_login(users[Role.WRITER])
    outcome = upload_values(client, "utfall.xlsx", workbook_bytes([HEADER, *value_rows(measure, 2, 88)]))
    assert outcome.status == 200 and _stored(measure) == {(2019, "T"): Decimal(88), (2019, "K"): Decimal(88)}
    client.force_login(users[Role.CONTROLLER])
    assert upload_economy(client, "sie", "huvudbok.se", GOOD_SIE).status == 200
    assert upload_economy(client, "budget", "budget.xlsx", workbook_bytes(GOOD_BUDGET)).status == 200
    assert LedgerImport.objects.count() == 2
    assert set(TaskRun.objects.values_list("status", flat=True)) == {TaskRun.Status.SUCCEEDED}


# -- the goal-structure import ----------------------------------------------------------------------------------------

GOAL_ROW = ["Nämndmål", "3.1", "3", "Fler i öppenvård", "", "", "", "", "", ""]  # level, code, parent, title ...
GOALS_SHEET = "xl/worksheets/sheet3.xml"  # "Mål": the third sheet of the exported workbook


@pytest.fixture
def goal_file(world, org) -> bytes:
    """SN's 2019 goal structure as `digipuff goals export` writes it: a council goal area and a committee level."""
    area = goal_services.goal_level_set(actor=None, year=2019, depth=0, name="Målområde", owner=LevelOwner.COUNCIL)
    goal_services.goal_level_set(actor=None, year=2019, depth=1, name="Nämndmål", owner=LevelOwner.COMMITTEE)
    goal_services.goal_create(actor=None, level=area, title="God omsorg för individen", code="3")
    return export_structure(committee=org.sn, year=2019)


def goals_with(good: bytes, *rows: list[Any]) -> bytes:
    """The exported file with `rows` added to the sheet "Mål" (its header and one goal are rows 1 and 2)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(good))
    for row in rows:
        book["Mål"].append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class GoalCase:
    name: str
    build: Callable[[bytes], bytes]  # the good export -> the file sent
    says: str = ""
    kept: str = ""  # for files that are fine: the title of the goal the file adds
    settings: tuple[tuple[str, Any], ...] = ()


GOAL_CASES = [
    GoalCase("junk", lambda good: junk(200_000), "inte en läsbar Excelfil"),
    GoalCase("truncated", lambda good: good[:2000], "inte en läsbar Excelfil"),
    GoalCase("zip that is no workbook", lambda good: _plain_zip(), "inte en läsbar Excelfil"),
    GoalCase("xlsx bomb", lambda good: zip_bomb(300 * MB), "packas upp till mer än 100 MB"),
    GoalCase("oversized", lambda good: good + b"\0" * (10 * MB), "högst 10 MB"),
    GoalCase(
        "too many rows",
        lambda good: goals_with(good, *[["Nämndmål", f"3.{i}", "3", f"Mål {i}", *GOAL_ROW[4:]] for i in range(5)]),
        "fler än 3 rader",
        settings=(("DIGIPUFF_IMPORT_MAX_ROWS", 3),),
    ),
    GoalCase(
        "wrong range, rows kept",
        lambda good: rezip(goals_with(good, GOAL_ROW), dimension("A1:A1"), GOALS_SHEET),
        kept="Fler i öppenvård",
    ),
    GoalCase(
        "wrong range hides a bad row",
        lambda good: rezip(
            goals_with(good, GOAL_ROW, ["Okänd nivå", "3.2", "3", "Felrad", *GOAL_ROW[4:]]),
            dimension("A1:A1"),
            GOALS_SHEET,
        ),
        "blad Mål:rad 4",
    ),
    GoalCase(
        "formula without value",
        lambda good: goals_with(good, [*GOAL_ROW[:3], "=1+1", *GOAL_ROW[4:]]),
        "cell Mål!D3: Cellen har en formel utan uträknat värde",
    ),
    GoalCase(
        "NaN",
        lambda good: goals_with(good, [*GOAL_ROW[:2], float("nan"), *GOAL_ROW[3:]]),
        "cell Mål!C3: Cellen innehåller inget tal",
    ),
    GoalCase(
        "error value",
        lambda good: rezip(
            goals_with(good, [*GOAL_ROW[:2], 31, *GOAL_ROW[3:]]),
            set_cell("C3", '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
            GOALS_SHEET,
        ),
        "felvärdet #DIV/0!",
    ),
]


@pytest.mark.parametrize("channel", ["web", "command"])
@pytest.mark.parametrize("case", GOAL_CASES, ids=[case.name for case in GOAL_CASES])
def test_hostile_goal_structure_files(case, channel, client, goal_file, users, settings, tmp_path, capsys):
    for name, value in case.settings:
        setattr(settings, name, value)
    data = case.build(goal_file)
    admin = users["council_admin"]
    before = state()
    if channel == "web":
        client.force_login(admin)
        started = time.monotonic()
        response = client.post(
            reverse("goals:import", args=["SN", 2019]), {"file": SimpleUploadedFile("mal.xlsx", data)}
        )
        outcome = Outcome(response.status_code, response.content.decode(), time.monotonic() - started)
        assert len(outcome.text) < 200_000
    else:
        path = tmp_path / "mal.xlsx"
        path.write_bytes(data)
        outcome = run_command(
            "import", str(path), "--as", admin.username, capsys=capsys, app="digipuff.goals", name="goals"
        )
    refused = not case.kept
    check("goals", case.name, channel, outcome, refused=refused, says=case.says)
    if refused:
        if channel == "web":
            assert outcome.status == 422
        assert state() == before
    else:
        assert outcome.status == (302 if channel == "web" else 0)
        assert Goal.objects.get(year=2019, title=case.kept).owner.code == "SN"
