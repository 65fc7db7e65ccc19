"""Import of measure values from Excel (.xlsx) or CSV: the whole file applies, or nothing does.

The template (`template_workbook`) has one row per value with the columns below; a user can download it from the
import page with the measures they may edit already listed. Numbers may be written the Swedish way ("1 234,5").
"""

from __future__ import annotations

import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.core import importing, policy
from digipuff.core.choices import Action
from digipuff.core.formatting import parse_number
from digipuff.core.importing import ImportFailed, ImportProblem, ImportReport
from digipuff.indicators import services
from digipuff.indicators.models import Measure
from digipuff.indicators.services import ValueInput

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Column key -> header in the template. Headers are matched without regard to case, accents and spaces.
COLUMNS = {
    "measure": "Mått-id",
    "name": "Mått",
    "year": "År",
    "month": "Månad",
    "group": "Grupp",
    "value": "Värde",
    "numerator": "Täljare",
    "denominator": "Nämnare",
    "count": "Antal",
    "forecast": "Prognos",
}
FORECAST_YES = {"ja", "j", "x", "1", "prognos", "yes"}
REQUIRED = ("measure", "year")
KIND = "values"
SHEET = "Värden"


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return "".join(folded.lower().split()).replace("-", "")


HEADER_KEYS = {_key(header): key for key, header in COLUMNS.items()}


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]


def read_rows(data: bytes, filename: str) -> Iterator[Row]:
    """Rows of an .xlsx or CSV file as text cells keyed by column, read through the safe readers of
    `core.importing` (size, row and time limits, no trust in a sheet's declared range, no formula without a value);
    raises ImportFailed for unreadable files."""
    rows = importing.table_rows(data, filename, kind=KIND, sheet=SHEET)
    header = next(rows, None)
    if header is None:
        raise ImportFailed([ImportProblem(filename, _("The file is empty."))])
    mapping = _header(list(header.cells), filename)
    for row in rows:
        cells = row.cells
        texts = {key: importing.cell_text(cells[i]) if i < len(cells) else "" for i, key in mapping.items()}
        if any(texts.values()):
            yield Row(row.line, texts)


def _header(cells: list[Any], filename: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    unknown = []
    for index, cell in enumerate(cells):
        if cell is None or str(cell).strip() == "":
            continue
        key = HEADER_KEYS.get(_key(str(cell)))
        if key is None:
            unknown.append(str(cell))
        elif key in mapping.values():
            raise ImportFailed(
                [ImportProblem(filename, _("The column {column} is there twice.").format(column=COLUMNS[key]), line=1)]
            )
        else:
            mapping[index] = key
    problems = [
        ImportProblem(filename, _("The column {column} is missing.").format(column=COLUMNS[key]), line=1)
        for key in REQUIRED
        if key not in mapping.values()
    ]
    problems += [ImportProblem(filename, _("Unknown column {column}.").format(column=name), line=1) for name in unknown]
    if problems:
        raise ImportFailed(problems)
    return mapping


#: The stored numbers have 18 digits, 4 of them decimals (MeasureValue's fields).
LARGEST = Decimal(10) ** 14


def _number(row: Row, key: str, filename: str, problems: list[ImportProblem]) -> Decimal | None:
    text = row.cells.get(key, "")
    try:
        number = parse_number(text)
    except ValueError:
        message = _("'{text}' is not a number.").format(text=text[:40])
        number = None
    else:
        if number is None or abs(number) < LARGEST:
            return number
        message = _("The number {text} is too large.").format(text=text[:40])
    problems.append(ImportProblem(filename, message, line=row.line, column=COLUMNS[key]))
    return None


def import_values(*, actor: User | None, data: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    """Validate every row, then store all values in one transaction; raise ImportFailed listing every problem.

    The actor needs EDIT on the unit of every row's measure (the whole file is refused otherwise). The caller bounds
    the time (`core.importing.time_budget`): the upload task and the command do."""
    importing.check_size(data, filename, kind=KIND)
    if actor is not None and not policy.allows_somewhere(actor, Action.EDIT):
        raise PermissionDenied(_("You may not import values: no role of yours lets you enter values."))
    problems: list[ImportProblem] = []
    parsed: list[tuple[Row, Measure, ValueInput]] = []
    measures: dict[str, Measure | None] = {}
    duplicates = importing.Duplicates(filename, message=_("The same value is also on line {line}."))
    for row in read_rows(data, filename):
        before = len(problems)
        ident = row.cells.get("measure", "")
        if ident not in measures:
            measures[ident] = (
                Measure.objects.select_related("owner").filter(pk=int(ident)).first()
                if ident.isdecimal() and len(ident) <= 18  # a longer id overflows the database's integer
                else None
            )
        measure = measures[ident]
        if measure is None:
            problems.append(
                ImportProblem(
                    filename,
                    _("There is no measure with id '{id}'.").format(id=ident),
                    line=row.line,
                    column=COLUMNS["measure"],
                )
            )
            continue
        if actor is not None and not policy.allows(actor, Action.EDIT, measure):
            problems.append(
                ImportProblem(
                    filename,
                    _("You may not enter values for {measure} ({unit}).").format(
                        measure=measure.name, unit=measure.owner.name
                    ),
                    line=row.line,
                    column=COLUMNS["measure"],
                )
            )
            continue
        name = row.cells.get("name", "")
        if name and _key(name) != _key(measure.name):
            problems.append(
                ImportProblem(
                    filename,
                    _("Measure {id} is called '{name}', not '{given}'.").format(
                        id=measure.pk, name=measure.name, given=name
                    ),
                    line=row.line,
                    column=COLUMNS["name"],
                )
            )
        year_text, month_text = row.cells.get("year", ""), row.cells.get("month", "") or "0"
        if not (year_text.isdecimal() and 1990 <= int(year_text) <= 2100):
            problems.append(
                ImportProblem(
                    filename, _("'{text}' is not a year.").format(text=year_text), line=row.line, column=COLUMNS["year"]
                )
            )
        if not (month_text.isdecimal() and 0 <= int(month_text) <= 12):
            problems.append(
                ImportProblem(
                    filename,
                    _("'{text}' is not a month (1–12, or empty for the whole year).").format(text=month_text),
                    line=row.line,
                    column=COLUMNS["month"],
                )
            )
        value = _number(row, "value", filename, problems)
        numerator = _number(row, "numerator", filename, problems)
        denominator = _number(row, "denominator", filename, problems)
        count = _number(row, "count", filename, problems)
        if count is not None and count != count.to_integral_value():
            problems.append(
                ImportProblem(filename, _("A count is a whole number."), line=row.line, column=COLUMNS["count"])
            )
        if len(problems) > before:
            continue
        item = ValueInput(
            year=int(year_text),
            month=int(month_text),
            group=_group(row.cells.get("group", "")),
            value=value,
            numerator=numerator,
            denominator=denominator,
            count=int(count) if count is not None else None,
            is_forecast=_key(row.cells.get("forecast", "")) in FORECAST_YES,
        )
        for message in services.value_input_problems(measure, item):
            problems.append(ImportProblem(filename, message, line=row.line))
        duplicate = duplicates.check((measure.pk, item.year, item.month, item.group), row.line)
        if duplicate is not None:
            problems.append(duplicate)
        parsed.append((row, measure, item))
    if not parsed and not problems:
        problems.append(ImportProblem(filename, _("The file has no values.")))
    if problems:
        raise ImportFailed(problems)
    by_measure: dict[int, list[ValueInput]] = defaultdict(list)
    for _row, measure, item in parsed:
        by_measure[measure.pk].append(item)
    report = ImportReport(counts={"values": len(parsed), "measures": len(by_measure)})
    report.lines.append(
        _("{values} values for {measures} measures.").format(values=len(parsed), measures=len(by_measure))
    )
    if dry_run:
        report.lines.append(_("Dry run: nothing was changed."))
        return report
    measure_of = {measure.pk: measure for _row, measure, _item in parsed}
    with transaction.atomic():
        for measure_id, items in by_measure.items():
            importing.check_time(filename)  # past the budget, the refusal rolls back what was set so far
            services.measure_values_set(actor=actor, measure=measure_of[measure_id], values=items)
    return report


def _group(text: str) -> str:
    """T/K/M in any case; area and age groups as written."""
    text = text.strip() or "T"
    return text.upper() if text.upper() in {"T", "K", "M"} else text


def template_workbook(measures: list[Measure]) -> bytes:
    """The documented template: a sheet "Värden" to fill in and a sheet "Instruktioner"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook starts with one worksheet, and it is active
    sheet.title = "Värden"
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for measure in measures:
        sheet.append([measure.pk, measure.name, None, None, "T", None, None, None, None, None])
    for column, width in zip("ABCDEFGHIJ", (10, 60, 8, 8, 8, 12, 12, 12, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    guide = workbook.create_sheet("Instruktioner")
    lines = [
        "Import av utfall till DigiPUFF",
        "",
        "En rad per värde. Hela filen läses in, eller ingenting om någon rad är fel;",
        "alla fel visas med rad och kolumn.",
        "Mått-id: måttets nummer i DigiPUFF (står i mallen och på måttets sida). Mått: namnet, kontrolleras mot id.",
        "År: t.ex. 2019. Månad: 1–12 för månadsvärden, 4/8/12 för tertial, tomt för helår.",
        "Grupp: T = totalt, K = kvinnor, M = män; områden och åldrar som area:Namn respektive age:Namn.",
        "Värde: för mått som anges direkt. Täljare och Nämnare: för kvoter (t.ex. sjuktimmar och schemalagda timmar);",
        "totalen och r12 räknas då ut av systemet och ska inte anges. Antal: antal personer bakom värdet (valfritt).",
        "Värde för ett mått som HR-systemet redovisar som r12 (rullande 12 månader) anges som det redovisas.",
        "Prognos: ja när värdet är en prognos och inte ett utfall (markeras * i rapportens tabeller); annars tomt.",
        "Tal skrivs som 1 234,5 eller 1234.5. Ett befintligt värde för samma mått, period och grupp ersätts.",
    ]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
