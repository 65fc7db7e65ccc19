"""Import of the ledger (and its budget, where the file has one) from a SIE 4 file.

The parser (`integrations.sie.parser`) reads the file faithfully and refuses malformed files and unbalanced
vouchers. This importer then checks what a municipality's follow-up needs: a financial year that is a calendar
year DigiPUFF plans, vouchers inside that year, and period balances (#PSALDO), #RES and #UB that agree with the
vouchers. It aggregates the result accounts' transactions per month, account and object of the committee's area
dimension (a million #TRANS rows become a few thousand monthly amounts) and replaces the months the file covers.

Where the file has no vouchers (SIE 3 style), #PSALDO gives the monthly actuals; previous-year #PSALDO rows give
the comparison year. #PBUDGET rows give the budget of the year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from digipuff.core import importing
from digipuff.core.formatting import format_number
from digipuff.core.importing import ImportFailed, ImportProblem, ImportReport
from digipuff.economy import services
from digipuff.economy.choices import ImportSource, LedgerKind
from digipuff.economy.importers.common import LedgerPlan, plan_apply, report_for, sha256
from digipuff.economy.mapping import is_result_account
from digipuff.economy.models import LedgerImport
from digipuff.integrations.sie.parser import PeriodBalance, SieFile, SieParseError, parse_bytes, summary
from digipuff.organisation.models import PlanningYear

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.organisation.models import OrgUnit

ZERO = Decimal(0)


def _period_amounts(rows: list[PeriodBalance], dimension: int) -> dict[tuple[int, int, str, str], tuple[Decimal, int]]:
    """Monthly amounts per (calendar year, month, account, object) from #PSALDO/#PBUDGET rows.

    A file may give an account's month as a whole ({}) and broken down by the objects of one or more dimensions.
    The breakdown by the area dimension is used where it exists, and whatever the whole has beyond it is kept
    without an object, so the month's total is never lost or counted twice.
    """
    totals: dict[tuple[int, int, str], tuple[Decimal, int]] = {}
    by_object: dict[tuple[int, int, str], dict[str, tuple[Decimal, int]]] = defaultdict(dict)
    for row in rows:
        key = (row.calendar_year, row.month, row.account)
        if not row.objects:
            amount, _line = totals.get(key, (ZERO, row.line))
            totals[key] = (amount + row.amount, row.line)
        elif len(row.objects) == 1 and row.objects[0][0] == dimension:
            obj = row.objects[0][1]
            amount, _line = by_object[key].get(obj, (ZERO, row.line))
            by_object[key][obj] = (amount + row.amount, row.line)
    result: dict[tuple[int, int, str, str], tuple[Decimal, int]] = {}
    for key in set(totals) | set(by_object):
        parts = by_object.get(key, {})
        for obj, value in parts.items():
            result[(*key, obj)] = value
        if key in totals:
            whole, line = totals[key]
            rest = whole - sum((amount for amount, _l in parts.values()), ZERO)
            if rest or not parts:
                result[(*key, "")] = (rest, line)
    return result


def sie_read(data: bytes, *, filename: str, committee: OrgUnit) -> tuple[LedgerPlan, SieFile]:
    """Parse and validate a SIE file into a plan; raises ImportFailed with every problem found."""
    name = filename.rsplit("/", 1)[-1]
    try:
        sie = parse_bytes(data, filename=name)
    except SieParseError as exc:
        raise ImportFailed(
            [ImportProblem(file=name, line=e.line or None, message=_sie_message(e.message)) for e in exc.errors]
        ) from exc
    problems: list[ImportProblem] = []

    def problem(line: int | None, message: str) -> None:
        problems.append(ImportProblem(file=name, line=line or None, message=message))

    current = sie.fiscal_years.get(0)
    if current is None:
        problem(None, _("The file declares no financial year (#RAR 0), so its periods cannot be placed."))
        raise ImportFailed(problems)
    year = current.start.year
    if (current.start.month, current.start.day, current.end.month, current.end.day, current.end.year) != (
        1,
        1,
        12,
        31,
        year,
    ):
        problem(
            current.line,
            _(
                "The financial year {start}–{end} is not a calendar year; a municipality's year runs January–December."
            ).format(start=current.start.isoformat(), end=current.end.isoformat()),
        )
        raise ImportFailed(problems)
    if not PlanningYear.objects.filter(year=year).exists():
        problem(current.line, _("{year} is not a planning year in DigiPUFF; open the year first.").format(year=year))
        raise ImportFailed(problems)

    dimension = services.economy_year_get(committee=committee, year=year).area_dimension
    accounts, objects = services.account_map(committee), services.object_map(committee)
    plan = LedgerPlan(source=ImportSource.SIE, filename=name, sha256=sha256(data), year=year)
    plan.program = " ".join(x for x in (sie.program, sie.program_version) if x)

    amounts: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    per_account: dict[str, Decimal] = defaultdict(Decimal)
    per_month_account: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    other_rows = 0
    count = 0
    last_month = 0
    for voucher in sie.vouchers:
        day = voucher.date
        if day is None or day.year != year:
            problem(
                voucher.line,
                _("Voucher {voucher} is dated {date}, outside the financial year {year}.").format(
                    voucher=voucher.label, date=day.isoformat() if day else "-", year=year
                ),
            )
            continue
        month = day.month
        last_month = max(last_month, month)
        for t in voucher.transactions:
            count += 1
            account = t.account
            per_account[account] += t.amount
            per_month_account[(month, account)] += t.amount
            if not is_result_account(account):
                other_rows += 1
                continue
            obj = ""
            for dim, value in t.objects:
                if dim == dimension:
                    obj = value
                    break
            amounts[(month, account, obj)] += t.amount
    plan.transactions = count
    has_vouchers = bool(sie.vouchers)

    if has_vouchers:
        _check_balances(sie, year, per_account, per_month_account, problem)
    if sie.balances_until is not None and sie.balances_until.year == year:
        last_month = max(last_month, sie.balances_until.month)

    actual = LedgerKind.ACTUAL
    if has_vouchers:
        for (month, account, obj), amount in amounts.items():
            plan.amounts[_key(actual, year, month, account, obj, accounts, objects)] = amount
        plan.months(actual, year).update(range(1, last_month + 1))
    for year_index, kind in ((0, actual), (-1, actual), (0, LedgerKind.BUDGET)):
        if year_index == 0 and kind == actual and has_vouchers:
            continue
        source = sie.period_balances if kind == actual else sie.period_budgets
        rows = [r for r in source if r.year == year_index and is_result_account(r.account)]
        expected_year = year + year_index
        for (cal_year, month, account, obj), (amount, line) in _period_amounts(rows, dimension).items():
            if cal_year != expected_year:
                problem(
                    line,
                    _("The period {period} does not lie in the financial year {year}.").format(
                        period=f"{cal_year}{month:02d}", year=expected_year
                    ),
                )
                continue
            plan.amounts[_key(kind, cal_year, month, account, obj, accounts, objects)] = amount
            if kind == actual:
                plan.months(kind, cal_year).add(month)
        if kind == LedgerKind.BUDGET and rows:
            # A budget in the file is the year's budget: it replaces the whole year, months without rows included.
            plan.months(kind, year).update(range(1, 13))
    months = plan.replaces.get((actual, year))
    if months:
        # An export up to a month covers every month before it, also one without bookings.
        plan.replaces[(actual, year)] = set(range(1, max(months) + 1))
    if not any(plan.replaces.values()):
        problem(
            None,
            _("The file has no vouchers, period balances or budget for {year}: there is nothing to import.").format(
                year=year
            ),
        )
    if problems:
        raise ImportFailed(problems)

    plan.summary = summary(sie)
    plan.summary["area_dimension"] = dimension
    plan.lines = [
        _("{file}: SIE type {type} from {program}, {company}").format(
            file=name, type=sie.sie_type or "?", program=plan.program or "?", company=sie.company_name or "?"
        ),
        _("Financial year {year}; periods {periods}").format(
            year=year,
            periods=", ".join(str(p) for p in plan.summary["periods"]) or "-",  # type: ignore[attr-defined]
        ),
        _(
            "{accounts} accounts, {dimensions} dimensions, {objects} objects, {vouchers} vouchers, "
            "{transactions} transaction rows"
        ).format(
            accounts=len(sie.accounts),
            dimensions=len(sie.dimensions),
            objects=len(sie.objects),
            vouchers=len(sie.vouchers),
            transactions=count,
        ),
        _("Totals per account class: {totals}").format(
            totals=", ".join(
                f"{cls}: {format_number(Decimal(v), 2)}"
                for cls, v in plan.summary["totals_per_account_class"].items()  # type: ignore[attr-defined]
            )
            or "-"
        ),
    ]
    if other_rows:
        plan.lines.append(
            _("{rows} rows on balance sheet accounts (classes 1–2) are not part of the operating statement.").format(
                rows=other_rows
            )
        )
    if sie.warnings:
        plan.lines.append(
            _("{count} warnings from the file, e.g.: {first}").format(
                count=len(sie.warnings), first=str(sie.warnings[0])
            )
        )
    return plan, sie


def _key(kind: str, year: int, month: int, account: str, obj: str, accounts: object, objects: object) -> tuple:
    line = accounts(account) if is_result_account(account) else None  # type: ignore[operator]
    area = objects(obj) if obj else None  # type: ignore[operator]
    return (kind, year, month, account, obj, line, area)


def _check_balances(
    sie: SieFile,
    year: int,
    per_account: dict[str, Decimal],
    per_month_account: dict[tuple[int, str], Decimal],
    problem: Callable[..., None],
) -> None:
    """A file whose balances do not add up is refused: #PSALDO, #RES and #UB − #IB must agree with the vouchers."""
    for row in sie.period_balances:
        if row.year != 0 or row.objects:
            continue
        if row.calendar_year != year:
            continue
        booked = per_month_account.get((row.month, row.account), ZERO)
        if booked != row.amount:
            problem(
                row.line,
                _("#PSALDO for account {account} in {period} is {stated} but the vouchers add up to {booked}.").format(
                    account=row.account, period=row.period, stated=row.amount, booked=booked
                ),
            )
    for result in sie.results:
        if result.year == 0 and not result.objects and per_account.get(result.account, ZERO) != result.amount:
            problem(
                result.line,
                _("#RES for account {account} is {stated} but the vouchers add up to {booked}.").format(
                    account=result.account, stated=result.amount, booked=per_account.get(result.account, ZERO)
                ),
            )
    opening = {b.account: b.amount for b in sie.opening_balances if b.year == 0}
    for closing in sie.closing_balances:
        if closing.year != 0:
            continue
        movement = closing.amount - opening.get(closing.account, ZERO)
        booked = per_account.get(closing.account, ZERO)
        if movement != booked:
            problem(
                closing.line,
                _(
                    "#UB for account {account} is {stated}: {movement} more than #IB, "
                    "but the vouchers add up to {booked}."
                ).format(account=closing.account, stated=closing.amount, movement=movement, booked=booked),
            )


def _sie_message(message: str) -> str:
    """The parser explains in English; the problem says that it is the file's format that is wrong."""
    return _("The file is not valid SIE: {reason}").format(reason=message)


def sie_import(
    *, actor: User | None, committee: OrgUnit, data: bytes, filename: str, dry_run: bool = False
) -> tuple[ImportReport, LedgerImport | None]:
    """Read, validate and (unless a dry run) apply a SIE file for the committee, whole or not at all."""
    services.require_economy(actor, committee)
    importing.check_size(data, filename, kind="sie")  # the shared limits, before anything is read or set up
    importing.check_text(data, filename)
    importing.check_rows(data.count(b"\n"), filename, kind="sie")
    if not dry_run:
        services.cost_lines_ensure_default(committee=committee)
    plan, _sie = sie_read(data, filename=filename, committee=committee)
    if dry_run:
        return report_for(plan, committee, applied=False), None
    record = plan_apply(actor=actor, committee=committee, plan=plan)
    return report_for(plan, committee, applied=True), record
