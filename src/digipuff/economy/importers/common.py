"""What the ledger and budget importers share: the plan an importer builds and the one transaction that applies it.

An importer reads and validates the whole file into a `LedgerPlan` (all problems collected, nothing written), and
`plan_apply` replaces the periods the file covers in one transaction: re-importing the same file changes nothing,
importing a corrected file replaces what the earlier one brought.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.core import audit
from digipuff.core.formatting import format_number
from digipuff.core.importing import ImportProblem, ImportReport
from digipuff.economy import mapping, services
from digipuff.economy.choices import LedgerKind
from digipuff.economy.models import CostLine, LedgerAmount, LedgerImport

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.organisation.models import OrgUnit

BATCH = 2000
CENT = Decimal("0.01")

#: (kind, year, month, account, object id, cost line id or None, area id or None)
Key = tuple[str, int, int, str, str, int | None, int | None]


@dataclass
class LedgerPlan:
    """What an import will store: amounts per (kind, year, month, account, object) and the periods they replace."""

    source: str
    filename: str
    sha256: str
    year: int
    amounts: dict[Key, Decimal] = field(default_factory=dict)
    #: (kind, year) -> months whose stored amounts the import replaces
    replaces: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    program: str = ""
    transactions: int = 0
    summary: dict[str, object] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    #: In a dry run, what the real import would refuse (empty when it would apply).
    refusals: list[ImportProblem] = field(default_factory=list)

    def months(self, kind: str, year: int) -> set[int]:
        return self.replaces.setdefault((kind, year), set())

    def total(self, kind: str, year: int | None = None) -> Decimal:
        return sum(
            (a for k, a in self.amounts.items() if k[0] == kind and (year is None or k[1] == year)), Decimal(0)
        ).quantize(CENT)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unmapped(plan: LedgerPlan, committee: OrgUnit) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The plan year's accounts without a cost line (class 9 and any other the mapping does not cover) and objects
    without an operation area, with their amounts."""
    accounts: dict[str, Decimal] = {}
    objects: dict[str, Decimal] = {}
    for (_kind, year, _month, account, obj, line, area), amount in plan.amounts.items():
        if year != plan.year:
            continue
        if account and line is None:
            accounts[account] = accounts.get(account, Decimal(0)) + amount
        if area is None:
            key = obj or _("(no object)")
            objects[key] = objects.get(key, Decimal(0)) + amount
    return dict(sorted(accounts.items())), dict(sorted(objects.items()))


def describe(plan: LedgerPlan, committee: OrgUnit) -> list[str]:
    """The lines a user reads after a dry run or an import."""
    lines = list(plan.lines)
    for (kind, year), months in sorted(plan.replaces.items()):
        if months:
            label = _("actuals") if kind == LedgerKind.ACTUAL else _("budget")
            lines.append(
                _("{what} {year}, months {first}–{last}: {rows} monthly amounts, total {total} kr").format(
                    what=label,
                    year=year,
                    first=min(months),
                    last=max(months),
                    rows=sum(1 for k in plan.amounts if k[0] == kind and k[1] == year),
                    total=format_number(plan.total(kind, year), 2),
                )
            )
    accounts, objects = unmapped(plan, committee)
    if accounts:
        lines.append(
            _("Accounts without a cost line ({count}, {total} kr in all): {list}").format(
                count=len(accounts),
                total=format_number(sum(accounts.values(), Decimal(0)), 2),
                list=_listed(accounts),
            )
        )
    if objects:
        lines.append(
            _("Objects without an operation area ({count}, {total} kr in all): {list}").format(
                count=len(objects),
                total=format_number(sum(objects.values(), Decimal(0)), 2),
                list=_listed(objects),
            )
        )
    if not accounts and not objects and plan.amounts:
        lines.append(_("Every account and object is mapped."))
    return lines


def _listed(values: dict[str, Decimal], shown: int = 30) -> str:
    text = ", ".join(f"{a} ({format_number(v, 2)} kr)" for a, v in list(values.items())[:shown])
    if len(values) > shown:
        text += " " + _("and {count} more").format(count=len(values) - shown)
    return text


def plan_with_defaults(*, actor: User | None, committee: OrgUnit, plan: LedgerPlan) -> None:
    """Inside the import's transaction: give a year without a set-up the Kommun-Bas default cost lines and point
    the plan's amounts at them (the plan was read with their stand-in negative ids)."""
    if services.year_has_set_up(committee, plan.year):
        return
    with audit.acting_as(actor):
        services.cost_lines_ensure_default(committee=committee, year=plan.year)
    ids = dict(CostLine.objects.filter(committee=committee, year=plan.year).values_list("code", "pk"))
    real = {-i - 1: ids[spec.code] for i, spec in enumerate(mapping.KOMMUN_BAS)}
    plan.amounts = {
        (kind, year, month, account, obj, real.get(line, line) if line is not None else None, area): amount
        for (kind, year, month, account, obj, line, area), amount in plan.amounts.items()
    }


@transaction.atomic
def plan_apply(*, actor: User | None, committee: OrgUnit, plan: LedgerPlan) -> LedgerImport:
    """Replace the covered periods with the plan's amounts and keep a record of the import."""
    months = [m for ms in plan.replaces.values() for m in ms] or [1]
    record = LedgerImport(
        committee=committee,
        source=plan.source,
        year=plan.year,
        first_month=min(months),
        last_month=max(months),
        filename=plan.filename[-255:],
        sha256=plan.sha256,
        imported_by=actor,
        program=plan.program[:200],
        transactions=plan.transactions,
        rows=len(plan.amounts),
        actual_total=plan.total(LedgerKind.ACTUAL, plan.year),
        budget_total=plan.total(LedgerKind.BUDGET, plan.year),
        summary=plan.summary,
    )
    record.full_clean()
    with audit.acting_as(actor):
        record.save()
    for (kind, year), replaced in plan.replaces.items():
        if replaced:
            LedgerAmount.objects.filter(committee=committee, kind=kind, year=year, month__in=sorted(replaced)).delete()
    LedgerAmount.objects.bulk_create(
        (
            LedgerAmount(
                committee=committee,
                import_record=record,
                kind=kind,
                year=year,
                month=month,
                account=account,
                object_id=obj,
                cost_line_id=line,
                area_id=area,
                amount=amount.quantize(CENT),
            )
            for (kind, year, month, account, obj, line, area), amount in plan.amounts.items()
        ),
        batch_size=BATCH,
    )
    return record


def report_for(plan: LedgerPlan, committee: OrgUnit, *, applied: bool) -> ImportReport:
    lines = describe(plan, committee)
    if plan.refusals:
        lines.append(_("The real import would refuse the file ({count} problems):").format(count=len(plan.refusals)))
        lines += [str(problem) for problem in plan.refusals[:50]]
        if len(plan.refusals) > 50:
            lines.append(_("... and {count} more problems").format(count=len(plan.refusals) - 50))
    elif not applied:
        lines.append(_("The real import would apply the file."))
    lines.insert(
        0,
        _("Imported into {committee}:").format(committee=committee.name)
        if applied
        else _("Dry run for {committee}; nothing was changed:").format(committee=committee.name),
    )
    return ImportReport(lines=lines, counts={"rows": len(plan.amounts), "transactions": plan.transactions})
