"""A committee-year's goal structure in one Excel file: goal levels, goals, measures (with their definitions and
goal links) and targets. `export_structure` writes it; `import_structure` reads it back, all or nothing.

The file names its committee and year on the sheet "Nämnd och år". Goals are matched to the year's goals by their
code, else by level and title; a goal's parent is named by its code or title. Measures are matched to the
committee's measures by name. A row that matches and says what is stored changes nothing, so exporting and
importing the same file changes nothing; a file filled in for a year that has nothing sets it all up in one import.
Every change goes through the goal and indicator services (policy, versions, audit) inside one transaction; every
problem found, in reading or in applying, is named with file, sheet, row and column, and then nothing is kept.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError
from digipuff.core.formatting import parse_number
from digipuff.core.importing import ImportFailed, ImportProblem, ImportReport, time_budget, workbook_sheets
from digipuff.goals import services as goal_services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.indicators import services as measure_services
from digipuff.indicators.choices import (
    Breakdown,
    Comparator,
    Direction,
    MeasureKind,
    Periodicity,
    Qualitative,
    Source,
    TargetKind,
    ValueUnit,
)
from digipuff.indicators.models import Measure, Target
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, PlanningYear

if TYPE_CHECKING:
    from django.contrib.auth.models import User

INFO, LEVELS, GOALS, MEASURES, TARGETS, GUIDE = "Nämnd och år", "Nivåer", "Mål", "Mått", "Målvärden", "Instruktioner"
INFO_COMMITTEE, INFO_YEAR = "Nämnd", "År"

LEVEL_COLUMNS = {"depth": "Djup", "name": "Nivå", "name_plural": "Plural", "owner": "Ägs av"}
GOAL_COLUMNS = {
    "level": "Nivå",
    "code": "Kod",
    "parent": "Överordnat mål",
    "title": "Mål",
    "description": "Beskrivning",
    "order": "Ordning",
    "adopted": "Antaget av nämnden",
    "interpretation": "Nämndens tolkning",
    "special_priority": "Särskilt prioriterat",
    "retired": "Utgått",
}
MEASURE_COLUMNS = {
    "name": "Mått",
    "kind": "Typ",
    "description": "Definition",
    "unit": "Enhet",
    "decimals": "Decimaler",
    "direction": "Bättre riktning",
    "source": "Källa",
    "source_id": "Käll-id",
    "source_note": "Källbeskrivning",
    "periodicity": "Periodicitet",
    "is_ratio": "Kvot",
    "ratio_scale": "Skala",
    "rolling_12": "r12",
    "is_count": "Räknar personer",
    "breakdown": "Uppdelning",
    "sort_order": "Ordning",
    "goals": "Mål",
}
TARGET_COLUMNS = {
    "measure": "Mått",
    "year": "År",
    "kind": "Typ",
    "comparator": "Jämförelse",
    "value": "Målvärde",
    "qualitative": "Riktning",
    "reference": "Referensvärde",
    "note": "Kommentar",
}
REQUIRED = {
    LEVELS: ("depth", "name", "owner"),
    GOALS: ("level", "title"),
    MEASURES: ("name",),
    TARGETS: ("measure", "year", "kind"),
}
LEVEL_OWNER_WORDS = {LevelOwner.COUNCIL: "Kommunfullmäktige", LevelOwner.COMMITTEE: "Nämnd"}
YES, NO = "ja", "nej"
LINK_SEPARATOR = ";"

# The measure's fields in the file, each with its choices (None: text or number) and its value for an empty cell.
CHOICES: dict[str, type[models.TextChoices]] = {
    "kind": MeasureKind,
    "unit": ValueUnit,
    "direction": Direction,
    "source": Source,
    "periodicity": Periodicity,
    "breakdown": Breakdown,
}
MEASURE_DEFAULTS: dict[str, Any] = {
    "kind": MeasureKind.MEASURE,
    "unit": ValueUnit.PERCENT,
    "decimals": 0,
    "source": Source.MANUAL,
    "source_id": "",
    "source_note": "",
    "description": "",
    "is_ratio": False,
    "ratio_scale": Decimal("100"),
    "rolling_12": False,
    "is_count": False,
    "breakdown": Breakdown.NONE,
    "sort_order": 0,
}
BOOLEAN_FIELDS = ("is_ratio", "rolling_12", "is_count")


@dataclass(frozen=True)
class Sheet:
    """One sheet of the file: its rows that hold a value, as (1-based row number, cell values with text stripped)."""

    name: str
    rows: list[tuple[int, list[Any]]]


def read_workbook(data: bytes, filename: str) -> dict[str, Sheet]:
    """The file's sheets by name, read through the shared safe reader (`core.importing.workbook_sheets`: size and
    row limits, zip bombs, a wrong declared range, formulas without values, NaN and infinity, the time budget)."""
    return {
        name: Sheet(name, [(row.line, [v.strip() if isinstance(v, str) else v for v in row.cells]) for row in rows])
        for name, rows in workbook_sheets(data, filename).items()
    }


def sheet_file(filename: str, sheet: str) -> str:
    """How a problem names where it is: the file and the sheet."""
    return _("{file}, sheet {sheet}").format(file=filename, sheet=sheet)


def _fold(text: Any) -> str:
    """Text compared without regard to case, accents, spaces and dashes (headers and choice words)."""
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return "".join(folded.casefold().split()).replace("-", "")


def _swedish(choices: type[models.TextChoices]) -> dict[str, str]:
    """A choice's word in the file: its Swedish label (the file is the same whatever language the user reads)."""
    with translation.override("sv"):
        return {value: str(label) for value, label in choices.choices}


def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Words a cell may hold for a choice: the code, the Swedish label or the English one."""
    lookup = {_fold(value): value for value in choices.values}
    lookup.update({_fold(label): value for value, label in _swedish(choices).items()})
    with translation.override("en"):
        lookup.update({_fold(str(label)): value for value, label in choices.choices})
    if choices is ValueUnit:
        lookup[_fold("procent")] = ValueUnit.PERCENT  # "%" folds to nothing; the word is what people write
    return lookup


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _same_text(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


# -- export ---------------------------------------------------------------------------------------------------------


def goals_in_tree_order(goals: list[Goal]) -> list[Goal]:
    """Parents before their children, siblings in their order: the order a person reads the tree in."""
    children: dict[int | None, list[Goal]] = {}
    known = {goal.pk for goal in goals}
    for goal in sorted(goals, key=lambda g: (g.level.depth, g.sort_order, g.title, g.pk)):
        parent = goal.parent_id if goal.parent_id in known else None
        children.setdefault(parent, []).append(goal)
    ordered: list[Goal] = []

    def walk(parent: int | None) -> None:
        for goal in children.get(parent, []):
            ordered.append(goal)
            walk(goal.pk)

    walk(None)
    return ordered


def goal_key(goal: Goal) -> str:
    """How the file names a goal: its code, else its title."""
    return goal.code or goal.title


def export_structure(*, committee: OrgUnit, year: int) -> bytes:
    """The committee's goal structure of the year as an Excel workbook that `import_structure` reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    owners = [committee.pk, *committee.ancestor_ids()]
    goals = goals_in_tree_order(
        list(Goal.objects.filter(year=year, owner_id__in=owners).select_related("level", "parent"))
    )
    taken = {cg.goal_id: cg for cg in CommitteeGoal.objects.filter(committee=committee, goal__year=year)}
    measures = list(
        Measure.objects.filter(owner=committee)
        .prefetch_related("goals__goal__level")
        .order_by("sort_order", "name", "pk")
    )
    targets = list(
        Target.objects.filter(measure__owner=committee, year=year)
        .select_related("measure")
        .order_by("measure__sort_order", "measure__name", "measure__pk")
    )
    workbook = Workbook()
    info = workbook.active
    assert isinstance(info, Worksheet)  # a new workbook starts with one worksheet, and it is active
    info.title = INFO
    info.append([INFO_COMMITTEE, committee.code])
    info.append([INFO_YEAR, year])
    info.append(["Namn", committee.name])
    for cell in info["A"]:
        cell.font = Font(bold=True)

    def table(title: str, columns: dict[str, str], rows: list[list[Any]], widths: list[int]) -> None:
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns.values()))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"

    levels = GoalLevel.objects.filter(year=year).order_by("depth")
    table(
        LEVELS,
        LEVEL_COLUMNS,
        [[level.depth, level.name, level.name_plural, LEVEL_OWNER_WORDS[LevelOwner(level.owner)]] for level in levels],
        [8, 30, 30, 20],
    )
    goal_rows = []
    for goal in goals:
        committee_goal = taken.get(goal.pk)
        goal_rows.append(
            [
                goal.level.name,
                goal.code,
                goal_key(goal.parent) if goal.parent else "",
                goal.title,
                goal.description,
                goal.sort_order,
                YES if committee_goal else NO,
                committee_goal.interpretation if committee_goal else "",
                committee_goal.special_priority if committee_goal else "",
                YES if goal.retired else "",
            ]
        )
    table(GOALS, GOAL_COLUMNS, goal_rows, [20, 8, 40, 60, 60, 8, 10, 60, 60, 8])
    words = {name: _swedish(choices) for name, choices in CHOICES.items()}
    measure_rows = []
    for measure in measures:
        links = sorted(
            (cg.goal for cg in measure.goals.all() if cg.goal.year == year and cg.committee_id == committee.pk),
            key=lambda g: (g.level.depth, g.sort_order, g.title),
        )
        row: list[Any] = []
        for key in MEASURE_COLUMNS:
            if key == "goals":
                row.append(f"{LINK_SEPARATOR} ".join(goal_key(g) for g in links))
            elif key in CHOICES:
                row.append(words[key][getattr(measure, key)])
            elif key in BOOLEAN_FIELDS:
                row.append(YES if getattr(measure, key) else NO)
            elif key == "ratio_scale":
                row.append(float(measure.ratio_scale))
            else:
                row.append(getattr(measure, key))
        measure_rows.append(row)
    table(MEASURES, MEASURE_COLUMNS, measure_rows, [50, 12, 60, 10, 10, 16, 12, 12, 30, 12, 8, 8, 8, 10, 14, 8, 60])
    kinds, comparators, qualitatives = _swedish(TargetKind), dict(Comparator.choices), _swedish(Qualitative)
    target_rows = [
        [
            target.measure.name,
            target.year,
            kinds[target.kind],
            comparators.get(target.comparator, ""),
            float(target.value) if target.value is not None else None,
            qualitatives.get(target.qualitative, ""),
            float(target.reference) if target.reference is not None else None,
            target.note,
        ]
        for target in targets
    ]
    table(TARGETS, TARGET_COLUMNS, target_rows, [50, 8, 16, 12, 12, 20, 14, 40])
    guide = workbook.create_sheet(GUIDE)
    for line in GUIDE_LINES:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GUIDE_LINES = [
    "Målstruktur för en nämnd och ett år i DigiPUFF",
    "",
    "Bladet 'Nämnd och år' anger nämndens kod och året. Hela filen läses in, eller ingenting om någon rad är fel;",
    "alla fel visas med blad, rad och kolumn.",
    "Nivåer: en rad per målnivå, djup 0 överst. Ägs av: Kommunfullmäktige (mål som delas av alla nämnder) eller Nämnd.",
    "Mål: Nivå är nivåns namn. Kod (valfri, t.ex. 2.1) och titel identifierar målet; ett mål med samma kod,",
    "eller samma nivå och titel, uppdateras, annars läggs det till. Överordnat mål anges med kod eller titel och",
    "ska ligga på nivån närmast ovanför. Antaget av nämnden: ja när nämnden tar på sig ett kommunfullmäktigemål.",
    "Utgått: ja för mål som inte längre visas i nya planer och rapporter.",
    "Mått: matchas mot nämndens mått på namnet. Mål anges med kod eller titel, flera åtskilda med semikolon.",
    "Målvärden: ett per mått och år. Typ: Ett tal (med jämförelse och målvärde), En riktning (Öka, Minska, Behåll ...)",
    "eller Inget mål (indikator). Tal skrivs som 1 234,5 eller 1234.5.",
    "Mål och mått som inte står i filen lämnas som de är; ingenting tas bort genom import.",
]


# -- import ---------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    sheet: str
    line: int
    cells: dict[str, Any]
    letters: dict[str, str]

    def text(self, key: str) -> str:
        return _text(self.cells.get(key))


@dataclass
class Outcome:
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, *, created: bool) -> None:
        target = self.created if created else self.changed
        target[what] = target.get(what, 0) + 1


class _Import:
    """One import: reads the sheets, then applies row by row through the services, collecting every problem."""

    def __init__(self, *, actor: User | None, filename: str) -> None:
        self.actor = actor
        self.filename = filename
        self.problems: list[ImportProblem] = []
        self.outcome = Outcome()

    # -- problems

    def problem(self, row: Row | None, message: str, key: str | None = None, *, sheet: str = "") -> None:
        if row is None:
            self.problems.append(ImportProblem(sheet_file(self.filename, sheet) if sheet else self.filename, message))
            return
        column = None
        if key is not None and key in row.letters:
            column = row.letters[key]
        self.problems.append(ImportProblem(sheet_file(self.filename, row.sheet), message, line=row.line, column=column))

    def attempt(self, row: Row, service: Callable[..., Any], key: str | None = None, **arguments: Any) -> Any:
        """Run one service for a row; what it refuses becomes a problem of that row (the service's savepoint is
        rolled back, the import goes on to find every problem)."""
        try:
            with transaction.atomic():
                return service(**arguments)
        except PermissionDenied as exc:
            self.problem(row, str(exc) or _("You do not have permission to do this."), key)
        except ConflictError as exc:
            self.problem(row, exc.message, key)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        self.problem(row, message, name if name in row.letters else key)
            else:
                for message in exc.messages:
                    self.problem(row, message, key)
        return None

    # -- reading

    def table(self, sheets: dict[str, Sheet], name: str, columns: dict[str, str]) -> list[Row] | None:
        sheet = sheets.get(name)
        if sheet is None:
            return None
        if not sheet.rows:
            return []
        header_line, header = sheet.rows[0]
        wanted = {_fold(title): key for key, title in columns.items()}
        mapping: dict[int, str] = {}
        for index, cell in enumerate(header):
            if cell is None or _text(cell) == "":
                continue
            key = wanted.get(_fold(cell))
            if key is None:
                self.problems.append(
                    ImportProblem(
                        sheet_file(self.filename, name),
                        _("Unknown column {column}.").format(column=_text(cell)),
                        line=header_line,
                    )
                )
            else:
                mapping[index] = key
        missing = [columns[key] for key in REQUIRED[name] if key not in mapping.values()]
        for title in missing:
            self.problems.append(
                ImportProblem(
                    sheet_file(self.filename, name),
                    _("The column {column} is missing.").format(column=title),
                    line=header_line,
                )
            )
        if missing:
            return []
        from openpyxl.utils import get_column_letter

        letters = {key: f"{get_column_letter(i + 1)} ({columns[key]})" for i, key in mapping.items()}
        return [
            Row(name, line, {key: cells[i] if i < len(cells) else None for i, key in mapping.items()}, letters)
            for line, cells in sheet.rows[1:]
        ]

    def number(self, row: Row, key: str) -> Decimal | None:
        value = row.cells.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.problem(row, _("'{text}' is not a number.").format(text=value), key)
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        try:
            return parse_number(str(value))
        except ValueError:
            self.problem(row, _("'{text}' is not a number.").format(text=value), key)
            return None

    def whole(self, row: Row, key: str, *, default: int | None = None) -> int | None:
        number = self.number(row, key)
        if number is None:
            return default
        if number != number.to_integral_value() or number < 0:
            self.problem(row, _("'{text}' is not a whole number.").format(text=row.text(key)), key)
            return default
        return int(number)

    def boolean(self, row: Row, key: str) -> bool:
        text = _fold(row.text(key))
        if text in ("", "nej", "no", "false", "0", "n"):
            return False
        if text in ("ja", "yes", "true", "1", "x", "j"):
            return True
        self.problem(row, _("Write ja or nej, not '{text}'.").format(text=row.text(key)), key)
        return False

    def choice(self, row: Row, key: str, choices: type[models.TextChoices], default: str | None) -> str | None:
        text = row.text(key)
        if not text:
            if default is None:
                self.problem(row, _("The column is empty."), key)
            return default
        value = _choice_lookup(choices).get(_fold(text))
        if value is None:
            allowed = ", ".join(_swedish(choices).values())
            self.problem(row, _("'{text}' is not one of: {allowed}.").format(text=text, allowed=allowed), key)
        return value


def _info(sheets: dict[str, Sheet], job: _Import) -> tuple[str, int | None]:
    sheet = sheets.get(INFO)
    if sheet is None:
        job.problem(None, _("The sheet '{sheet}' with the committee and the year is missing.").format(sheet=INFO))
        return "", None
    values = {_fold(cells[0]): (line, cells[1] if len(cells) > 1 else None) for line, cells in sheet.rows if cells}
    code = _text(values.get(_fold(INFO_COMMITTEE), (0, None))[1])
    year_line, year_value = values.get(_fold(INFO_YEAR), (0, None))
    where = sheet_file(job.filename, INFO)
    if not code:
        job.problems.append(
            ImportProblem(where, _("Give the committee's code next to '{label}'.").format(label=INFO_COMMITTEE))
        )
    year_text = _text(year_value)
    if not (year_text.isdecimal() and 1990 <= int(year_text) <= 2100):
        job.problems.append(
            ImportProblem(
                where, _("'{text}' is not a year.").format(text=year_text), line=year_line or None, column="B"
            )
        )
        return code, None
    return code, int(year_text)


def import_structure(
    *,
    actor: User | None,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    committee: OrgUnit | None = None,
    year: int | None = None,
) -> ImportReport:
    """Read the whole file and apply it in one transaction; raise ImportFailed listing every problem (nothing is
    then changed). `committee` and `year`, when given (the set-up page), must be the file's."""
    job = _Import(actor=actor, filename=filename)
    with time_budget(kind="goals"):  # the reading and the applying, on the page and in the commands
        sheets = read_workbook(data, filename)
        code, file_year = _info(sheets, job)
        file_committee = OrgUnit.objects.filter(code__iexact=code).first() if code else None
        if code and (file_committee is None or file_committee.kind != OrgUnitKind.COMMITTEE):
            job.problem(None, _("There is no committee with the code {code}.").format(code=code), sheet=INFO)
        if committee is not None and file_committee is not None and file_committee != committee:
            job.problem(
                None,
                _("The file is for {file}, not {page}.").format(file=file_committee.name, page=committee.name),
                sheet=INFO,
            )
        if year is not None and file_year is not None and file_year != year:
            job.problem(None, _("The file is for {file}, not {page}.").format(file=file_year, page=year), sheet=INFO)
        if file_year is not None and not PlanningYear.objects.filter(year=file_year).exists():
            message = _("{year} is not a planning year; create the year first (Planeringsår, or digipuff year create).")
            job.problem(None, message.format(year=file_year), sheet=INFO)
        tables = {
            LEVELS: job.table(sheets, LEVELS, LEVEL_COLUMNS),
            GOALS: job.table(sheets, GOALS, GOAL_COLUMNS),
            MEASURES: job.table(sheets, MEASURES, MEASURE_COLUMNS),
            TARGETS: job.table(sheets, TARGETS, TARGET_COLUMNS),
        }
        if all(rows is None for rows in tables.values()):
            job.problem(None, _("The file has none of the sheets {sheets}.").format(sheets=", ".join(tables)))
        if job.problems or file_committee is None or file_year is None:
            raise ImportFailed(job.problems)
        if actor is not None:
            policy.require(actor, Action.ADMINISTER, file_committee)
        with transaction.atomic():
            _apply(job, committee=file_committee, year=file_year, tables={k: v or [] for k, v in tables.items()})
            if job.problems:
                transaction.set_rollback(True)
                raise ImportFailed(job.problems)
            if dry_run:
                transaction.set_rollback(True)
        return _report(job, committee=file_committee, year=file_year, dry_run=dry_run)


def _report(job: _Import, *, committee: OrgUnit, year: int, dry_run: bool) -> ImportReport:
    labels = {"levels": _("goal levels"), "goals": _("goals"), "measures": _("measures"), "targets": _("targets")}
    counts = {}
    parts = []
    for key, label in labels.items():
        created, changed = job.outcome.created.get(key, 0), job.outcome.changed.get(key, 0)
        counts[f"{key}_created"], counts[f"{key}_changed"] = created, changed
        parts.append(
            _("{label}: {created} new, {changed} changed").format(label=label, created=created, changed=changed)
        )
    report = ImportReport(counts=counts)
    report.lines.append(
        _("{committee} {year}:").format(committee=committee.name, year=year) + " " + "; ".join(parts) + "."
    )
    if not any(counts.values()):
        report.lines.append(_("The file says what is already stored; nothing was changed."))
    if dry_run:
        report.lines.append(_("Dry run: nothing was changed."))
    return report


def _apply(job: _Import, *, committee: OrgUnit, year: int, tables: dict[str, list[Row]]) -> None:
    council = OrgUnit.objects.filter(parent__isnull=True).first()
    _apply_levels(job, year=year, rows=tables[LEVELS])
    goals = _apply_goals(job, committee=committee, council=council, year=year, rows=tables[GOALS])
    measures = _apply_measures(job, committee=committee, year=year, rows=tables[MEASURES], goals=goals)
    _apply_targets(job, rows=tables[TARGETS], measures=measures)


def _apply_levels(job: _Import, *, year: int, rows: list[Row]) -> None:
    existing = {level.depth: level for level in GoalLevel.objects.filter(year=year)}
    owners = _choice_map(LEVEL_OWNER_WORDS, LevelOwner)
    seen: dict[int, int] = {}
    for row in rows:
        depth = job.whole(row, "depth")
        name = row.text("name")
        owner = owners.get(_fold(row.text("owner")))
        if depth is None:
            if not row.text("depth"):
                job.problem(row, _("The column is empty."), "depth")
            continue
        if depth in seen:
            job.problem(
                row, _("The depth {depth} is also on row {line}.").format(depth=depth, line=seen[depth]), "depth"
            )
            continue
        seen[depth] = row.line
        if not name:
            job.problem(row, _("The column is empty."), "name")
            continue
        if owner is None:
            job.problem(
                row,
                _("'{text}' is not one of: {allowed}.").format(
                    text=row.text("owner"), allowed=", ".join(LEVEL_OWNER_WORDS.values())
                ),
                "owner",
            )
            continue
        level = existing.get(depth)
        plural = row.text("name_plural")
        if level is not None and (level.name, level.name_plural, level.owner) == (name, plural, owner):
            continue
        made = job.attempt(
            row,
            goal_services.goal_level_set,
            actor=job.actor,
            year=year,
            depth=depth,
            name=name,
            name_plural=plural,
            owner=owner,
        )
        if made is not None:
            job.outcome.count("levels", created=level is None)
    depths = sorted(set(existing) | set(seen))
    if depths and depths != list(range(len(depths))):
        job.problem(None, _("The levels must have the depths 0, 1, 2 ... without gaps."), sheet=LEVELS)


def _choice_map(words: dict[Any, str], choices: type[models.TextChoices]) -> dict[str, str]:
    lookup = _choice_lookup(choices)
    lookup.update({_fold(word): str(value) for value, word in words.items()})
    lookup.update({_fold("KF"): LevelOwner.COUNCIL, _fold("Kommun"): LevelOwner.COUNCIL})
    return lookup


class _GoalPool:
    """The year's goals of the committee's tree, the file's new ones added as they are made: what a parent, a
    measure's link or a row is matched against (by code, else by title)."""

    def __init__(self, goals: list[Goal]) -> None:
        self.goals = {goal.pk: goal for goal in goals}

    def add(self, goal: Goal) -> None:
        self.goals[goal.pk] = goal

    def find(self, key: str, *, depth: int | None = None, owner_id: int | None = None) -> list[Goal]:
        candidates = [
            g
            for g in self.goals.values()
            if (depth is None or g.level.depth == depth) and (owner_id is None or g.owner_id == owner_id)
        ]
        by_code = [g for g in candidates if g.code and _same_text(g.code, key)]
        return by_code or [g for g in candidates if _same_text(g.title, key)]


def _one(job: _Import, row: Row, key: str, found: list[Goal], text: str) -> Goal | None:
    if not found:
        job.problem(row, _("There is no goal '{text}' on the level above in this year.").format(text=text), key)
        return None
    if len(found) > 1:
        job.problem(row, _("'{text}' names more than one goal; give the goal a code.").format(text=text), key)
        return None
    return found[0]


def _apply_goals(job: _Import, *, committee: OrgUnit, council: OrgUnit | None, year: int, rows: list[Row]) -> _GoalPool:
    owners = [committee.pk, *committee.ancestor_ids()]
    pool = _GoalPool(list(Goal.objects.filter(year=year, owner_id__in=owners).select_related("level", "parent")))
    levels = list(GoalLevel.objects.filter(year=year).order_by("depth"))
    by_name = {_fold(level.name): level for level in levels}
    by_depth = {str(level.depth): level for level in levels}
    matched: dict[int, int] = {}
    placed: list[tuple[Row, Goal]] = []
    taken = {cg.goal_id: cg for cg in CommitteeGoal.objects.filter(committee=committee, goal__year=year)}
    parsed = []
    for row in rows:
        level = by_name.get(_fold(row.text("level"))) or by_depth.get(row.text("level"))
        if level is None:
            known = ", ".join(level.name for level in levels) or _("none")
            job.problem(
                row,
                _("There is no level '{text}' in {year} (levels: {known}).").format(
                    text=row.text("level"), year=year, known=known
                ),
                "level",
            )
            continue
        if not row.text("title"):
            job.problem(row, _("The column is empty."), "title")
            continue
        parsed.append((row, level, job.whole(row, "order"), job.boolean(row, "adopted"), job.boolean(row, "retired")))
    parsed.sort(key=lambda item: item[1].depth)  # parents before children, whatever the file's order
    for row, level, order, adopted, _retired in parsed:
        owner = committee if level.owner == LevelOwner.COMMITTEE else council
        if owner is None:
            job.problem(row, _("The org tree has no council yet."), "level")
            continue
        parent = None
        if row.text("parent"):
            parent = _one(job, row, "parent", pool.find(row.text("parent"), depth=level.depth - 1), row.text("parent"))
            if parent is None:
                continue
        elif level.depth > 0:
            job.problem(row, _("A goal below the top level needs a parent goal."), "parent")
            continue
        code, title = row.text("code"), row.text("title")
        found = (pool.find(code, depth=level.depth, owner_id=owner.pk) if code else []) or [
            g for g in pool.find(title, depth=level.depth, owner_id=owner.pk) if _same_text(g.title, title)
        ]
        if len(found) > 1:
            job.problem(row, _("'{text}' names more than one goal; give the goal a code.").format(text=title), "title")
            continue
        goal = found[0] if found else None
        if goal is not None and goal.pk in matched:
            job.problem(row, _("The same goal is also on row {line}.").format(line=matched[goal.pk]), "title")
            continue
        description = row.text("description")
        if goal is None:
            made = job.attempt(
                row,
                goal_services.goal_create,
                actor=job.actor,
                level=level,
                parent=parent,
                committee=committee,
                code=code,
                title=title,
                description=description,
                sort_order=order,
            )
            if made is None:
                continue
            goal = made
            pool.add(goal)
            job.outcome.count("goals", created=True)
            if level.owner == LevelOwner.COMMITTEE:
                taken[goal.pk] = CommitteeGoal.objects.get(committee=committee, goal=goal)
        elif (goal.title, goal.description, goal.parent_id, goal.code) != (
            title,
            description,
            parent.pk if parent else None,
            code,
        ) or (order is not None and order != goal.sort_order):
            current = goal
            updated = job.attempt(
                row,
                goal_services.goal_update,
                actor=job.actor,
                goal=current,
                expected_version=None,
                title=title,
                description=description,
                parent=parent,
                sort_order=order,
                code=code,
            )
            if updated is None:
                continue
            job.outcome.count("goals", created=False)
        matched[goal.pk] = row.line
        placed.append((row, goal))
        _apply_goal_texts(job, row, committee=committee, goal=goal, adopted=adopted, taken=taken)
    for row, goal in placed:
        retired = job.boolean(row, "retired")
        goal.refresh_from_db(fields=["retired", "version"])
        if goal.retired != retired:
            current = goal
            if job.attempt(
                row,
                goal_services.goal_retire,
                key="retired",
                actor=job.actor,
                goal=current,
                expected_version=None,
                retired=retired,
            ):
                job.outcome.count("goals", created=False)
    return pool


def _apply_goal_texts(
    job: _Import, row: Row, *, committee: OrgUnit, goal: Goal, adopted: bool, taken: dict[int, CommitteeGoal]
) -> None:
    committee_goal = taken.get(goal.pk)
    if committee_goal is None and adopted:
        committee_goal = job.attempt(
            row, goal_services.committee_goal_adopt, key="adopted", actor=job.actor, committee=committee, goal=goal
        )
        if committee_goal is None:
            return
        for cg in CommitteeGoal.objects.filter(committee=committee, goal__year=goal.year):
            taken.setdefault(cg.goal_id, cg)
        job.outcome.count("goals", created=False)
    interpretation, special = row.text("interpretation"), row.text("special_priority")
    if committee_goal is None:
        if interpretation or special:
            job.problem(row, _("The committee's texts need the goal taken on (ja in the column)."), "adopted")
        return
    if (committee_goal.interpretation, committee_goal.special_priority) != (interpretation, special):
        current = committee_goal
        if job.attempt(
            row,
            goal_services.committee_goal_texts_set,
            key="interpretation",
            actor=job.actor,
            committee_goal=current,
            expected_version=None,
            interpretation=interpretation,
            special_priority=special,
        ):
            job.outcome.count("goals", created=False)


def _apply_measures(
    job: _Import, *, committee: OrgUnit, year: int, rows: list[Row], goals: _GoalPool
) -> dict[str, Measure]:
    measures = list(Measure.objects.filter(owner=committee).prefetch_related("goals__goal"))
    by_name: dict[str, list[Measure]] = {}
    for measure in measures:
        by_name.setdefault(measure.name.strip().casefold(), []).append(measure)
    taken = {cg.goal_id: cg for cg in CommitteeGoal.objects.filter(committee=committee, goal__year=year)}
    seen: dict[str, int] = {}
    result = {name: found[0] for name, found in by_name.items() if len(found) == 1}
    for row in rows:
        name = row.text("name")
        key = name.casefold()
        if key in seen:
            job.problem(row, _("The measure is also on row {line}.").format(line=seen[key]), "name")
            continue
        seen[key] = row.line
        found = by_name.get(key, [])
        if len(found) > 1:
            job.problem(row, _("The committee has more than one measure called '{name}'.").format(name=name), "name")
            continue
        before = len(job.problems)
        fields: dict[str, Any] = {"name": name}
        for field_name in MEASURE_COLUMNS:
            if field_name in ("name", "goals"):
                continue
            default = MEASURE_DEFAULTS.get(field_name)
            if field_name in CHOICES:
                fields[field_name] = job.choice(row, field_name, CHOICES[field_name], default)
            elif field_name in BOOLEAN_FIELDS:
                fields[field_name] = job.boolean(row, field_name)
            elif field_name in ("decimals", "sort_order"):
                fields[field_name] = job.whole(row, field_name, default=default)
            elif field_name == "ratio_scale":
                fields[field_name] = job.number(row, field_name) or default
            else:
                fields[field_name] = row.text(field_name)
        links: list[CommitteeGoal] = []
        for text in (part.strip() for part in row.text("goals").split(LINK_SEPARATOR)):
            if not text:
                continue
            matches = goals.find(text)
            if len(matches) != 1:
                message = (
                    _("There is no goal '{text}' in this year.")
                    if not matches
                    else _("'{text}' names more than one goal; give the goal a code.")
                )
                job.problem(row, message.format(text=text), "goals")
                continue
            committee_goal = (
                taken.get(matches[0].pk) or CommitteeGoal.objects.filter(committee=committee, goal=matches[0]).first()
            )
            if committee_goal is None:
                job.problem(
                    row,
                    _("The committee has not taken on the goal '{text}'; write ja in the goal's row.").format(
                        text=text
                    ),
                    "goals",
                )
                continue
            links.append(committee_goal)
        if len(job.problems) > before:
            continue
        if not found:
            made = job.attempt(
                row, measure_services.measure_create, actor=job.actor, committee=committee, goals=links, **fields
            )
            if made is not None:
                result[key] = made
                job.outcome.count("measures", created=True)
            continue
        measure = found[0]
        other_years = [cg for cg in measure.goals.all() if cg.goal.year != year]
        wanted = {cg.pk for cg in [*other_years, *links]}
        changed = {k: v for k, v in fields.items() if getattr(measure, k) != v}
        if changed or wanted != {cg.pk for cg in measure.goals.all()}:
            current = measure
            new_goals = [*other_years, *links]
            if job.attempt(
                row,
                measure_services.measure_update,
                actor=job.actor,
                measure=current,
                expected_version=None,
                goals=new_goals,
                **changed,
            ):
                job.outcome.count("measures", created=False)
    return result


def _apply_targets(job: _Import, *, rows: list[Row], measures: dict[str, Measure]) -> None:
    # The symbols as written (≥, >, ...) and the codes; symbols are not folded (folding drops them).
    comparators = {str(label): value for value, label in Comparator.choices}
    comparators.update({value: value for value in Comparator.values})
    comparators.update({">=": Comparator.GTE, "<=": Comparator.LTE})
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        name = row.text("measure")
        measure = measures.get(name.casefold())
        if measure is None:
            job.problem(row, _("The committee has no measure called '{name}'.").format(name=name), "measure")
            continue
        year = job.whole(row, "year")
        before = len(job.problems)
        if year is None or not 1990 <= year <= 2100:
            job.problem(row, _("'{text}' is not a year.").format(text=row.text("year")), "year")
            continue
        if (measure.pk, year) in seen:
            job.problem(
                row,
                _("The measure's target for {year} is also on row {line}.").format(
                    year=year, line=seen[(measure.pk, year)]
                ),
                "year",
            )
            continue
        seen[(measure.pk, year)] = row.line
        kind = job.choice(row, "kind", TargetKind, None)
        comparator = ""
        if row.text("comparator"):
            comparator = comparators.get(row.text("comparator").replace(" ", "").lower(), "")
            if not comparator:
                job.problem(
                    row,
                    _("'{text}' is not one of: {allowed}.").format(
                        text=row.text("comparator"), allowed=" ".join(Comparator.labels)
                    ),
                    "comparator",
                )
        qualitative = job.choice(row, "qualitative", Qualitative, "") or ""
        value, reference = job.number(row, "value"), job.number(row, "reference")
        note = row.text("note")
        if len(job.problems) > before or kind is None:
            continue
        target = Target.objects.filter(measure=measure, year=year).first()
        if target is not None and (
            target.kind,
            target.comparator,
            target.value,
            target.qualitative,
            target.reference,
            target.note,
        ) == (kind, comparator, value, qualitative, reference, note):
            continue
        if job.attempt(
            row,
            measure_services.target_set,
            actor=job.actor,
            measure=measure,
            year=year,
            expected_version=None,
            kind=kind,
            comparator=comparator,
            value=value,
            qualitative=qualitative,
            reference=reference,
            note=note,
        ):
            job.outcome.count("targets", created=target is None)
