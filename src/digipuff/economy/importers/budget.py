"""Import of a year's budget from Excel (.xlsx) or CSV, following the template in `BUDGET_TEMPLATE_HELP`.

One row per operation area and cost line (or per object and account). Amounts are kronor as they read in the
reports: revenues and costs both as positive figures (the cost line or the account class says which it is).
A row gives the whole year (`helår`) and is spread over the months by the year's budget profile (even unless the
controller set one), or gives the twelve months (`jan` … `dec`); with both, the months must add up to the year.
The import replaces the committee's whole budget for the year.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import audit, importing
from digipuff.core.formatting import parse_number
from digipuff.core.importing import ImportFailed, ImportProblem, ImportReport
from digipuff.economy import services
from digipuff.economy.choices import ImportSource, LedgerKind
from digipuff.economy.importers.common import LedgerPlan, plan_apply, report_for, sha256
from digipuff.economy.mapping import KOMMUN_BAS, is_result_account
from digipuff.economy.models import CostLine, LedgerImport, OperationArea
from digipuff.organisation.models import PlanningYear

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.organisation.models import OrgUnit

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
COLUMNS = ["verksamhetsområde", "objekt", "kostnadsslag", "konto", "helår", *MONTHS]
_ALIASES = {"verksamhetsomrade": "verksamhetsområde", "helar": "helår", "may": "maj", "oct": "okt", "ansvar": "objekt"}

BUDGET_TEMPLATE_HELP = gettext_lazy(
    "One row per operation area and cost line. Columns (the first row names them): "
    "'verksamhetsområde' (the area's code) or 'objekt' (an ansvar/verksamhet object id); "
    "'kostnadsslag' (the cost line's code) or 'konto' (an account); "
    "'helår' (kronor for the whole year) and/or 'jan' … 'dec' (kronor per month). "
    "Revenues and costs are both positive, as in the reports. A year amount is spread by the year's budget profile. "
    "The file replaces the committee's whole budget for the year."
)

CENT = Decimal("0.01")


def spread(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split kronor over twelve months by weight, to the öre; the last weighted month takes the rounding."""
    weight_sum = sum(weights)
    parts = [(total * w / weight_sum).quantize(CENT, rounding=ROUND_HALF_UP) for w in weights]
    last = max(i for i, w in enumerate(weights) if w > 0)
    parts[last] += total - sum(parts)
    return parts


def _rows(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The file's rows that hold a value, as text cells with their 1-based row numbers.

    Read through the shared safe readers (core.importing): size, row and time limits; for Excel the zip checked
    first, a wrong <dimension> ignored, formulas without a value, error values and NaN refused with the cell named;
    for CSV the encoding detected (UTF-8, UTF-16 with BOM, Windows-1252) or refused, and broken CSV refused."""
    reader = importing.sheet_rows if filename.lower().endswith((".xlsx", ".xlsm")) else importing.csv_rows
    return [
        (row.line, ["" if v is None else (format(v, "f") if isinstance(v, Decimal) else str(v)) for v in row.cells])
        for row in reader(data, filename, kind="budget")
    ]


def budget_read(data: bytes, *, filename: str, committee: OrgUnit, year: int) -> LedgerPlan:
    """Read and validate a budget file into a plan; raises ImportFailed with every problem (row and column)."""
    name = filename.rsplit("/", 1)[-1]
    problems: list[ImportProblem] = []

    def problem(line: int | None, message: str, column: str | None = None) -> None:
        problems.append(ImportProblem(file=name, line=line, column=column, message=message))

    if not PlanningYear.objects.filter(year=year).exists():
        problem(None, _("{year} is not a planning year in DigiPUFF; open the year first.").format(year=year))
        raise ImportFailed(problems)
    set_up = services.year_has_set_up(committee, year)
    rows = [(n, r) for n, r in _rows(data, name) if any(cell.strip() for cell in r)]
    if not rows:
        problem(None, _("The file is empty."))
        raise ImportFailed(problems)
    header_line, header = rows[0]
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        label = heading.strip().lower()
        label = _ALIASES.get(label, label)
        if label in COLUMNS:
            columns[label] = index
        elif label:
            problem(header_line, _("Unknown column '{name}'.").format(name=heading.strip()), column=heading.strip())
    if "verksamhetsområde" not in columns and "objekt" not in columns:
        problem(header_line, _("A column 'verksamhetsområde' or 'objekt' is needed."))
    if "kostnadsslag" not in columns and "konto" not in columns:
        problem(header_line, _("A column 'kostnadsslag' or 'konto' is needed."))
    if "helår" not in columns and not all(m in columns for m in MONTHS):
        problem(header_line, _("A column 'helår' or all twelve month columns 'jan' … 'dec' are needed."))
    if problems:
        raise ImportFailed(problems)

    weights = services.economy_year_get(committee=committee, year=year).weights()
    if set_up:
        lines = {line.code.upper(): line for line in CostLine.objects.filter(committee=committee, year=year)}
    else:
        # A dry run for a year without a set-up reads with the Kommun-Bas defaults the import would create
        # (stand-in negative ids, as services.account_map gives them).
        lines = {
            spec.code: CostLine(pk=-i - 1, code=spec.code, name=spec.name, kind=spec.kind)
            for i, spec in enumerate(KOMMUN_BAS)
        }
    areas = {area.code.upper(): area for area in OperationArea.objects.filter(committee=committee, year=year)}
    accounts, objects = services.account_map(committee, year), services.object_map(committee, year)
    seen: dict[tuple[str, str, str, str], int] = {}
    plan = LedgerPlan(source=ImportSource.BUDGET, filename=name, sha256=sha256(data), year=year)
    kind = LedgerKind.BUDGET

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    def number(line: int, row: list[str], column: str) -> Decimal | None:
        try:
            return parse_number(cell(row, column))
        except ValueError:
            problem(line, _("'{text}' is not an amount.").format(text=cell(row, column)), column=column)
            return None

    for line, row in rows[1:]:
        area_code, obj = cell(row, "verksamhetsområde").upper(), cell(row, "objekt")
        line_code, account = cell(row, "kostnadsslag").upper(), cell(row, "konto")
        area_id = cost_line = None
        revenue = False
        if area_code:
            if area_code not in areas:
                problem(
                    line,
                    _("Unknown operation area '{code}'. Known: {known}.").format(
                        code=area_code, known=", ".join(sorted(areas)) or "-"
                    ),
                    column="verksamhetsområde",
                )
                continue
            area_id, obj = areas[area_code].pk, ""
        elif not obj:
            problem(line, _("The row names neither an operation area nor an object."), column="verksamhetsområde")
            continue
        else:
            area_id = objects(obj)
        if line_code:
            if line_code not in lines:
                problem(
                    line,
                    _("Unknown cost line '{code}'. Known: {known}.").format(
                        code=line_code, known=", ".join(sorted(lines)) or "-"
                    ),
                    column="kostnadsslag",
                )
                continue
            cost_line, account, revenue = lines[line_code].pk, "", lines[line_code].is_revenue
        elif not (account.isdecimal() and account.isascii()) or not is_result_account(account):
            problem(
                line,
                _("'{account}' is not an account of the operating statement (digits, not classes 1–2).").format(
                    account=account
                ),
                column="konto",
            )
            continue
        else:
            cost_line, revenue = accounts(account), account.startswith("3")
        what = (area_code, obj, line_code, account)
        if what in seen:
            problem(
                line,
                _(
                    "The row repeats row {first} ({what}): each operation area and cost line is given once; "
                    "nothing is added up."
                ).format(first=seen[what], what=" / ".join(x for x in what if x)),
            )
            continue
        seen[what] = line
        before = len(problems)
        year_amount = number(line, row, "helår") if "helår" in columns else None
        monthly = [number(line, row, m) for m in MONTHS if m in columns]
        given = [m for m in monthly if m is not None]
        if len(problems) > before:
            continue
        if len(given) == 12:
            months = [m or Decimal(0) for m in monthly]
            if year_amount is not None and sum(months) != year_amount:
                problem(
                    line,
                    _("The months add up to {months} but 'helår' says {year}.").format(
                        months=sum(months), year=year_amount
                    ),
                    column="helår",
                )
                continue
        elif given:
            problem(line, _("Give all twelve months or none."), column="jan")
            continue
        elif year_amount is not None:
            months = spread(year_amount, weights)
        else:
            # A blank amount is refused rather than read as "no budget": the file replaces the year's budget, so a
            # blank would silently remove the line's budget.
            problem(
                line,
                _("The row gives no amount: write 0 for a zero budget, or remove the row."),
                column="helår" if "helår" in columns else "jan",
            )
            continue
        sign = Decimal(-1) if revenue else Decimal(1)
        for month, amount in enumerate(months, 1):
            key = (kind, year, month, account, obj, cost_line, area_id)
            # Different rows may meet in one key (two accounts of one line are kept apart by account; an object
            # and its area by object), so amounts of distinct rows are added, never those of a repeated row.
            plan.amounts[key] = plan.amounts.get(key, Decimal(0)) + sign * amount
    if problems:
        raise ImportFailed(problems)
    plan.months(kind, year).update(range(1, 13))
    plan.transactions = len(rows) - 1
    plan.lines = [_("{file}: {rows} budget rows for {year}").format(file=name, rows=len(rows) - 1, year=year)]
    plan.summary = {"rows": len(rows) - 1, "year": year, "total": str(plan.total(kind, year))}
    return plan


def budget_import(
    *, actor: User | None, committee: OrgUnit, data: bytes, filename: str, year: int, dry_run: bool = False
) -> tuple[ImportReport, LedgerImport | None]:
    """Read, validate and (unless a dry run) apply a budget file, replacing the committee's budget for the year.

    The real import is one transaction: the year's default cost lines (when the year has no set-up yet), the amounts
    and the import record, with their audit entries, are all kept or none.
    """
    services.require_economy(actor, committee)
    importing.check_size(data, filename, kind="budget")  # the shared limits, before anything is read or set up
    if dry_run:
        plan = budget_read(data, filename=filename, committee=committee, year=year)
        return report_for(plan, committee, applied=False), None
    with transaction.atomic():
        if PlanningYear.objects.filter(year=year).exists():
            with audit.acting_as(actor):
                services.cost_lines_ensure_default(committee=committee, year=year)
        plan = budget_read(data, filename=filename, committee=committee, year=year)
        record = plan_apply(actor=actor, committee=committee, plan=plan)
    return report_for(plan, committee, applied=True), record
