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
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.core import importing
from digipuff.core.formatting import format_number
from digipuff.core.importing import ImportFailed, ImportProblem, ImportReport
from digipuff.economy import services
from digipuff.economy.choices import ImportSource, LedgerKind
from digipuff.economy.importers.common import Key, LedgerPlan, plan_apply, plan_with_defaults, report_for, sha256
from digipuff.economy.mapping import RangeMap, is_result_account
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


def sie_read(data: bytes, *, filename: str, committee: OrgUnit, dry_run: bool = False) -> tuple[LedgerPlan, SieFile]:
    """Parse and validate a SIE file into a plan; raises ImportFailed with every problem found.

    In a dry run only a file that is not valid SIE is refused: whatever the real import would refuse (a financial
    year that is not a calendar year or not a planning year, an unbalanced voucher, balances that do not agree with
    the vouchers, a file without monthly figures) is listed in `plan.refusals`, and the file is still summarised.
    """
    name = filename.rsplit("/", 1)[-1]
    try:
        # The parser sums the rows per month, account and object as it reads; no row is kept (a million rows fit).
        # The parse looks at the import's time budget once a megabyte (the parser itself knows no budget).
        sie = parse_bytes(
            data,
            filename=name,
            allow_unbalanced=dry_run,
            keep_transactions=False,
            check=lambda: importing.check_time(name),
        )
    except SieParseError as exc:
        raise ImportFailed(
            [ImportProblem(file=name, line=e.line or None, message=_sie_message(e.message)) for e in exc.errors]
        ) from exc
    problems: list[ImportProblem] = []

    def problem(line: int | None, message: str) -> None:
        problems.append(ImportProblem(file=name, line=line or None, message=message))

    if dry_run:
        for warning in sie.warnings:
            if "does not balance" in warning.message:
                problem(warning.line, _sie_message(warning.message.split(";")[0]))

    def refuse() -> tuple[LedgerPlan, SieFile]:
        """Stop reading: raise for a real import; a dry run gets the summary and the refusals."""
        if not dry_run:
            raise ImportFailed(problems)
        plan = LedgerPlan(source=ImportSource.SIE, filename=name, sha256=sha256(data), year=year or 0)
        plan.summary = summary(sie)
        plan.lines = _summary_lines(name, sie, plan, transactions=sie.transaction_count)
        plan.refusals = list(problems)
        return plan, sie

    year: int | None = None
    current = sie.fiscal_years.get(0)
    if current is None:
        problem(None, _("The file declares no financial year (#RAR 0), so its periods cannot be placed."))
        return refuse()
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
        return refuse()
    if not PlanningYear.objects.filter(year=year).exists():
        problem(current.line, _("{year} is not a planning year in DigiPUFF; open the year first.").format(year=year))
        if not dry_run:
            raise ImportFailed(problems)

    dimension = services.economy_year_get(committee=committee, year=year).area_dimension
    maps = _Maps(committee, year)
    plan = LedgerPlan(source=ImportSource.SIE, filename=name, sha256=sha256(data), year=year)
    plan.program = _printable(" ".join(x for x in (sie.program, sie.program_version) if x))

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
        elif day.month > last_month:
            last_month = day.month
    # The parser's ledger: the rows of every voucher summed per month of the voucher date, account and object list.
    for (total_year, month, account, objects), total in sie.ledger.items():
        if total_year != year:
            continue  # vouchers outside the year are refused above
        count += total.rows
        per_account[account] += total.amount
        per_month_account[(month, account)] += total.amount
        if not is_result_account(account):
            other_rows += total.rows
            continue
        obj = ""
        for dim, value in objects:
            if dim == dimension:
                obj = value
                break
        amounts[(month, account, obj)] += total.amount
    plan.transactions = count
    has_vouchers = bool(sie.vouchers)

    balance_notes: list[str] = []
    if has_vouchers:
        _check_balances(sie, year, per_account, per_month_account, problem, balance_notes)
    if sie.balances_until is not None and sie.balances_until.year == year:
        last_month = max(last_month, sie.balances_until.month)

    actual = LedgerKind.ACTUAL
    if has_vouchers:
        for (month, account, obj), amount in amounts.items():
            if not (account.isprintable() and obj.isprintable()):
                # Checked per aggregated amount, not per #TRANS row (a million rows import in seconds).
                problem(
                    None,
                    _("The account {account} or object {object} contains a control character.").format(
                        account=ascii(account), object=ascii(obj)
                    ),
                )
                continue
            plan.amounts[maps.key(actual, year, month, account, obj)] = amount
        plan.months(actual, year).update(range(1, last_month + 1))
    for year_index, kind in ((0, actual), (-1, actual), (0, LedgerKind.BUDGET)):
        if year_index == 0 and kind == actual and has_vouchers:
            continue
        source = sie.period_balances if kind == actual else sie.period_budgets
        rows = [r for r in source if r.year == year_index and is_result_account(r.account)]
        expected_year = year + year_index
        for (cal_year, month, account, obj), (amount, line) in _period_amounts(rows, dimension).items():
            if not (account.isprintable() and obj.isprintable()):
                problem(line, _("An account or object of the row contains a control character."))
                continue
            if cal_year != expected_year:
                problem(
                    line,
                    _("The period {period} does not lie in the financial year {year}.").format(
                        period=f"{cal_year}{month:02d}", year=expected_year
                    ),
                )
                continue
            plan.amounts[maps.key(kind, cal_year, month, account, obj)] = amount
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
            _(
                "The file (SIE type {type}) has no vouchers (#TRANS), period balances (#PSALDO) or budget (#PBUDGET) "
                "for {year}: DigiPUFF needs monthly figures, so there is nothing to import. Export SIE 4 with "
                "transactions, or SIE 2/3 with period balances."
            ).format(type=sie.sie_type or "?", year=year),
        )
    if problems and not dry_run:
        raise ImportFailed(problems)
    plan.refusals = list(problems)
    kept_previous = _keep_previous_year(plan, committee, year)

    plan.summary = _printable(summary(sie))
    plan.summary["area_dimension"] = dimension
    covered = plan.replaces.get((actual, year))
    if covered:
        # The last month the file's actuals cover (an export up to March covers March even without bookings in it).
        plan.summary["actuals_until"] = max(covered)
    plan.lines = _summary_lines(name, sie, plan, transactions=count)
    if other_rows:
        plan.lines.append(
            _("{rows} rows on balance sheet accounts (classes 1–2) are not part of the operating statement.").format(
                rows=other_rows
            )
        )
    plan.lines += balance_notes
    if kept_previous:
        plan.lines.append(
            _(
                "{year} has a ledger imported of its own: the file's figures for {year} (#PSALDO -1) are not used, so "
                "that year's figures stay as they are."
            ).format(year=year - 1)
        )
    if not services.year_has_set_up(committee, year):
        plan.lines.append(
            _(
                "{year} has no economy set-up for {committee} yet: the import creates the Kommun-Bas default cost "
                "lines, and this summary maps with them."
            ).format(year=year, committee=committee.name)
        )
    return plan, sie


def _summary_lines(name: str, sie: SieFile, plan: LedgerPlan, *, transactions: int) -> list[str]:
    summary_ = plan.summary
    lines = [
        _("{file}: SIE type {type} from {program}, {company}").format(
            file=name,
            type=sie.sie_type or "?",
            program=" ".join(x for x in (sie.program, sie.program_version) if x) or "?",
            company=sie.company_name or "?",
        ),
        _("Financial year {year}; periods {periods}").format(
            year=plan.year or "?",
            periods=", ".join(str(p) for p in summary_.get("periods", [])) or "-",  # type: ignore[attr-defined]
        ),
        _(
            "{accounts} accounts, {dimensions} dimensions, {objects} objects, {vouchers} vouchers, "
            "{transactions} transaction rows"
        ).format(
            accounts=len(sie.accounts),
            dimensions=len(sie.dimensions),
            objects=len(sie.objects),
            vouchers=len(sie.vouchers),
            transactions=transactions,
        ),
        _("Totals per account class: {totals}").format(
            totals=", ".join(
                f"{cls}: {format_number(Decimal(v), 2)}"
                for cls, v in summary_.get("totals_per_account_class", {}).items()  # type: ignore[attr-defined]
            )
            or "-"
        ),
    ]
    if sie.warnings:
        lines.append(
            _("{count} warnings from the file, e.g.: {first}").format(
                count=len(sie.warnings), first=str(sie.warnings[0])
            )
        )
    return lines


def _keep_previous_year(plan: LedgerPlan, committee: OrgUnit, year: int) -> bool:
    """Last year's #PSALDO rows fill last year's actuals only while that year has no ledger of its own: a file for
    2020 never changes the figures of a 2019 that was imported for itself."""
    previous = (LedgerKind.ACTUAL, year - 1)
    if previous not in plan.replaces:
        return False
    if not LedgerImport.objects.filter(committee=committee, year=year - 1, source=ImportSource.SIE).exists():
        return False
    del plan.replaces[previous]
    plan.amounts = {k: v for k, v in plan.amounts.items() if (k[0], k[1]) != previous}
    return True


def _printable(value: Any) -> Any:
    """The summary without control characters (PostgreSQL stores no NUL in text or JSON)."""
    if isinstance(value, str):
        return "".join(c for c in value if c.isprintable())
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in value]
    return value


class _Maps:
    """The mapping each year's amounts are stored with: a row of year Y points at Y's cost lines and areas.

    The file's own year uses its set-up, or the Kommun-Bas defaults (negative ids, created by the import) when it has
    none; last year's rows (#PSALDO -1) use last year's set-up, or stay unmapped when it has none (the year's tables
    compare them in this year's set-up anyway)."""

    def __init__(self, committee: OrgUnit, year: int) -> None:
        self.committee, self.year = committee, year
        self.cache: dict[int, tuple[RangeMap, RangeMap]] = {}

    def maps(self, year: int) -> tuple[RangeMap, RangeMap]:
        if year not in self.cache:
            if year == self.year or services.year_has_set_up(self.committee, year):
                accounts = services.account_map(self.committee, year)
            else:
                accounts = RangeMap([])
            self.cache[year] = (accounts, services.object_map(self.committee, year))
        return self.cache[year]

    def key(self, kind: str, year: int, month: int, account: str, obj: str) -> Key:
        accounts, objects = self.maps(year)
        line = accounts(account) if is_result_account(account) else None
        area = objects(obj) if obj else None
        return (kind, year, month, account, obj, line, area)


def _check_balances(
    sie: SieFile,
    year: int,
    per_account: dict[str, Decimal],
    per_month_account: dict[tuple[int, str], Decimal],
    problem: Callable[..., None],
    notes: list[str],
) -> None:
    """A file whose balances do not add up is refused: #PSALDO, #RES and #UB − #IB must agree with the vouchers on
    every account that is imported. The balance sheet (classes 1–2) is not imported: a #UB there that the vouchers
    do not explain is reported in the summary, not refused (sie.se's Sie4.se sample has one)."""
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
            message = _(
                "#UB for account {account} is {stated}: {movement} more than #IB, but the vouchers add up to {booked}."
            ).format(account=closing.account, stated=closing.amount, movement=movement, booked=booked)
            if is_result_account(closing.account):
                problem(closing.line, message)
            else:
                notes.append(
                    _("Line {line}: {message} The balance sheet is not imported.").format(
                        line=closing.line, message=message
                    )
                )


def _sie_message(message: str) -> str:
    """The parser explains in English; the problem says that it is the file's format that is wrong."""
    return _("The file is not valid SIE: {reason}").format(reason=message)


def sie_import(
    *, actor: User | None, committee: OrgUnit, data: bytes, filename: str, dry_run: bool = False
) -> tuple[ImportReport, LedgerImport | None]:
    """Read, validate and (unless a dry run) apply a SIE file for the committee, whole or not at all.

    The real import is one transaction: the year's default cost lines (when the year has no set-up yet), the
    amounts and the import record, with their audit entries, are all kept or none. A dry run changes nothing.
    """
    services.require_economy(actor, committee)
    importing.check_size(data, filename, kind="sie")  # the shared limits, before anything is read or set up
    importing.check_text(data, filename)
    importing.check_rows(data.count(b"\n"), filename, kind="sie")
    if dry_run:
        plan, _sie = sie_read(data, filename=filename, committee=committee, dry_run=True)
        return report_for(plan, committee, applied=False), None
    with transaction.atomic():
        plan, _sie = sie_read(data, filename=filename, committee=committee)
        plan_with_defaults(actor=actor, committee=committee, plan=plan)
        record = plan_apply(actor=actor, committee=committee, plan=plan)
    return report_for(plan, committee, applied=True), record
