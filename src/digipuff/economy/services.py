"""Writes of the economy module. Each one asks the policy first (Action.ECONOMY on the committee), checks the
version of records people edit, and leaves an audit entry. `actor=None` is the system itself (the demo loader).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError, check_version, save_new_or_conflict
from digipuff.economy import mapping
from digipuff.economy.models import (
    AccountRange,
    BalanceMeasure,
    CostLine,
    EconomyYear,
    Forecast,
    Investment,
    LedgerAmount,
    ObjectRange,
    OccasionRecord,
    OperationArea,
    StateGrant,
    Volume,
)
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

R = TypeVar("R", bound=OccasionRecord)


def require_economy(actor: User | None, committee: OrgUnit) -> None:
    """Economy writes need Action.ECONOMY (controller or admin) on the committee; None is the system itself."""
    if committee.kind != OrgUnitKind.COMMITTEE:
        raise ValidationError(_("{unit} is not a committee; the economy is kept per committee.").format(unit=committee))
    if actor is not None:
        policy.require(actor, Action.ECONOMY, committee)


# -- settings of the year --------------------------------------------------------------------------------------------


def economy_year_get(*, committee: OrgUnit, year: int) -> EconomyYear:
    """The committee's settings for the year; the defaults (unsaved) when none were saved."""
    return EconomyYear.objects.filter(committee=committee, year=year).first() or EconomyYear(
        committee=committee, year=year
    )


@transaction.atomic
def economy_year_set(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    expected_version: int | None,
    area_dimension: int,
    opening_equity: Decimal,
    equity_withdrawal: Decimal,
    profile: list[Decimal] | None,
    subtotal_label: str,
) -> EconomyYear:
    """Change the year's settings. A new area dimension applies to the next import of the ledger (the objects
    of the old dimension are what the stored amounts carry)."""
    require_economy(actor, committee)
    settings, _created = EconomyYear.objects.get_or_create(committee=committee, year=year)
    check_version(settings, expected_version=expected_version, actor=actor)
    settings.area_dimension = area_dimension
    settings.opening_equity = opening_equity
    settings.equity_withdrawal = equity_withdrawal
    settings.profile = [str(w) for w in profile] if profile else []
    settings.subtotal_label = subtotal_label
    settings.full_clean()
    with audit.acting_as(actor):
        settings.save()
    return settings


# -- mapping (per year) ----------------------------------------------------------------------------------------------


def cost_lines_ensure_default(*, committee: OrgUnit, year: int) -> None:
    """Give a committee-year without cost lines the Kommun-Bas defaults, so a first import maps at once."""
    if CostLine.objects.filter(committee=committee, year=year).exists():
        return
    with transaction.atomic():
        for order, spec in enumerate(mapping.KOMMUN_BAS):
            line = CostLine.objects.create(
                committee=committee, year=year, code=spec.code, name=spec.name, kind=spec.kind, sort_order=order * 10
            )
            AccountRange.objects.bulk_create(
                [AccountRange(cost_line=line, first=first, last=last) for first, last in spec.ranges]
            )


def _check_overlaps(items: list[tuple[str, str, str]]) -> None:
    problems = mapping.overlaps(items)
    if problems:
        raise ValidationError({"ranges": problems})


def _check_account_ranges(ranges: list[tuple[str, str]]) -> None:
    problems = mapping.account_range_problems(ranges)
    if problems:
        raise ValidationError({"ranges": problems})


def _cost_line_checked(
    *,
    committee: OrgUnit,
    year: int,
    cost_line: CostLine | None,
    code: str,
    name: str,
    kind: str,
    sort_order: int,
    ranges: list[tuple[str, str]],
    actor: User | None,
) -> CostLine:
    """The cost line as it would be saved (unsaved changes applied), after every check of the input."""
    if cost_line is None:
        cost_line = CostLine(committee=committee, year=year, updated_by=actor)
    cost_line.code, cost_line.name, cost_line.kind, cost_line.sort_order = code.strip().upper(), name, kind, sort_order
    cost_line.full_clean(validate_unique=False, exclude=["carried_from"])
    same_code = CostLine.objects.filter(committee=committee, year=year, code=cost_line.code).exclude(pk=cost_line.pk)
    if same_code.exists():
        raise ValidationError({"code": _("Another cost line already has the code {code}.").format(code=cost_line.code)})
    _check_account_ranges(ranges)
    others = [
        (r.first, r.last, r.cost_line.name)
        for r in AccountRange.objects.filter(cost_line__committee=committee, cost_line__year=year)
        .exclude(cost_line=cost_line.pk)
        .select_related("cost_line")
    ]
    _check_overlaps(others + [(first, last, name) for first, last in ranges])
    return cost_line


@dataclass(frozen=True)
class Move:
    """Stored amounts that a change of the mapping moves from one line (or area) to another: one account or object,
    its total in kronor (ledger sign) and the names of the old and new target ("" for unmapped)."""

    value: str
    amount: Decimal
    before: str
    after: str


def _moves(
    *, values: dict[str, Decimal], before: mapping.RangeMap, after: mapping.RangeMap, names: dict[int, str]
) -> list[Move]:
    moves = []
    for value, amount in sorted(values.items()):
        old, new = before(value), after(value)
        if old != new:
            moves.append(Move(value, amount, names.get(old, "") if old else "", names.get(new, "") if new else ""))
    return moves


def _stored_by(committee: OrgUnit, year: int, field: str) -> dict[str, Decimal]:
    rows = (
        LedgerAmount.objects.filter(committee=committee, year=year)
        .exclude(**{field: ""})
        .values_list(field)
        .annotate(total=Sum("amount"))
    )
    return dict(rows)


def cost_line_preview(
    *,
    committee: OrgUnit,
    year: int,
    cost_line: CostLine | None,
    code: str,
    name: str,
    kind: str,
    sort_order: int,
    ranges: list[tuple[str, str]],
) -> list[Move]:
    """What saving the cost line would re-derive: the year's accounts whose stored amounts change cost line.

    Raises the same ValidationError as the save, so the confirm step is only shown for a change that can be saved.
    """
    checked = _cost_line_checked(
        committee=committee, year=year, cost_line=cost_line, code=code, name=name, kind=kind,
        sort_order=sort_order, ranges=ranges, actor=None,
    )  # fmt: skip
    new_id = checked.pk or -1
    rows = [
        (f, la, line)
        for f, la, line in AccountRange.objects.filter(cost_line__committee=committee, cost_line__year=year)
        .exclude(cost_line=checked.pk)
        .values_list("first", "last", "cost_line_id")
    ]
    names = dict(CostLine.objects.filter(committee=committee, year=year).values_list("pk", "name"))
    names[new_id] = checked.name
    return _moves(
        values=_stored_by(committee, year, "account"),
        before=account_map(committee, year),
        after=mapping.RangeMap([*rows, *((f, la, new_id) for f, la in ranges)]),
        names=names,
    )


@transaction.atomic
def cost_line_save(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    cost_line: CostLine | None = None,
    expected_version: int | None = None,
    code: str,
    name: str,
    kind: str,
    sort_order: int,
    ranges: list[tuple[str, str]],
) -> CostLine:
    """Create or change a cost line of the year and its account ranges, then map the year's ledger anew."""
    require_economy(actor, committee)
    if cost_line is not None:
        if cost_line.committee_id != committee.pk or cost_line.year != year:
            raise ValidationError(_("The cost line does not belong to {year}.").format(year=year))
        check_version(cost_line, expected_version=expected_version, actor=actor)
    cost_line = _cost_line_checked(
        committee=committee, year=year, cost_line=cost_line, code=code, name=name, kind=kind,
        sort_order=sort_order, ranges=ranges, actor=actor,
    )  # fmt: skip
    with audit.acting_as(actor):
        cost_line.save()
        cost_line.ranges.all().delete()
        AccountRange.objects.bulk_create([AccountRange(cost_line=cost_line, first=f, last=la) for f, la in ranges])
    mapping_reapply(committee=committee, year=year)
    return cost_line


@dataclass(frozen=True)
class Consequences:
    """What removing a cost line or an operation area takes with it (shown on the confirm page)."""

    ranges: list[str]
    amounts: Decimal
    amount_rows: int
    forecasts: int
    measures: int


def cost_line_consequences(cost_line: CostLine) -> Consequences:
    amounts = LedgerAmount.objects.filter(cost_line=cost_line).aggregate(total=Sum("amount"), n=Count("pk"))
    return Consequences(
        ranges=[str(r) for r in cost_line.ranges.all()],
        amounts=amounts["total"] or Decimal(0),
        amount_rows=amounts["n"],
        forecasts=Forecast.objects.filter(cost_line=cost_line).count(),
        measures=0,
    )


def operation_area_consequences(area: OperationArea) -> Consequences:
    amounts = LedgerAmount.objects.filter(area=area).aggregate(total=Sum("amount"), n=Count("pk"))
    return Consequences(
        ranges=[str(r) for r in area.ranges.all()],
        amounts=amounts["total"] or Decimal(0),
        amount_rows=amounts["n"],
        forecasts=Forecast.objects.filter(area=area).count(),
        measures=BalanceMeasure.objects.filter(area=area).count(),
    )


@transaction.atomic
def cost_line_delete(*, actor: User | None, cost_line: CostLine, expected_version: int | None = None) -> None:
    """Remove a cost line of one year; its accounts become unmapped (and are listed as such), its forecasts go
    with it. Other years keep their own cost lines."""
    require_economy(actor, cost_line.committee)
    check_version(cost_line, expected_version=expected_version, actor=actor)  # locks it; refuses one already gone
    with audit.acting_as(actor):
        cost_line.delete()
    mapping_reapply(committee=cost_line.committee, year=cost_line.year)


def _operation_area_checked(
    *,
    committee: OrgUnit,
    year: int,
    area: OperationArea | None,
    code: str,
    name: str,
    org_unit: OrgUnit | None,
    separate: bool,
    earmarked: bool,
    sort_order: int,
    ranges: list[tuple[str, str]],
    actor: User | None,
) -> OperationArea:
    if org_unit is not None and not org_unit.path.startswith(committee.path):
        raise ValidationError({"org_unit": _("The org unit must belong to {committee}.").format(committee=committee)})
    if area is None:
        area = OperationArea(committee=committee, year=year, updated_by=actor)
    area.code, area.name, area.org_unit = code.strip().upper(), name, org_unit
    area.separate, area.earmarked, area.sort_order = separate, earmarked, sort_order
    area.full_clean(validate_unique=False, exclude=["carried_from"])
    if OperationArea.objects.filter(committee=committee, year=year, code=area.code).exclude(pk=area.pk).exists():
        raise ValidationError({"code": _("Another operation area already has the code {code}.").format(code=area.code)})
    others = [
        (r.first, r.last, r.area.name)
        for r in ObjectRange.objects.filter(area__committee=committee, area__year=year)
        .exclude(area=area.pk)
        .select_related("area")
    ]
    _check_overlaps(others + [(first, last, name) for first, last in ranges])
    return area


def operation_area_preview(*, committee: OrgUnit, year: int, area: OperationArea | None, **values: Any) -> list[Move]:
    """What saving the operation area would re-derive: the year's objects whose stored amounts change area."""
    checked = _operation_area_checked(committee=committee, year=year, area=area, actor=None, **values)
    new_id = checked.pk or -1
    rows = list(
        ObjectRange.objects.filter(area__committee=committee, area__year=year)
        .exclude(area=checked.pk)
        .values_list("first", "last", "area_id")
    )
    names = dict(OperationArea.objects.filter(committee=committee, year=year).values_list("pk", "name"))
    names[new_id] = checked.name
    return _moves(
        values=_stored_by(committee, year, "object_id"),
        before=object_map(committee, year),
        after=mapping.RangeMap([*rows, *((f, la, new_id) for f, la in values["ranges"])]),
        names=names,
    )


@transaction.atomic
def operation_area_save(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    area: OperationArea | None = None,
    expected_version: int | None = None,
    code: str,
    name: str,
    org_unit: OrgUnit | None,
    separate: bool,
    earmarked: bool,
    sort_order: int,
    ranges: list[tuple[str, str]],
) -> OperationArea:
    """Create or change an operation area of the year and the dimension objects that belong to it."""
    require_economy(actor, committee)
    if area is not None:
        if area.committee_id != committee.pk or area.year != year:
            raise ValidationError(_("The operation area does not belong to {year}.").format(year=year))
        check_version(area, expected_version=expected_version, actor=actor)
    area = _operation_area_checked(
        committee=committee, year=year, area=area, code=code, name=name, org_unit=org_unit, separate=separate,
        earmarked=earmarked, sort_order=sort_order, ranges=ranges, actor=actor,
    )  # fmt: skip
    with audit.acting_as(actor):
        area.save()
        area.ranges.all().delete()
        ObjectRange.objects.bulk_create([ObjectRange(area=area, first=f, last=la) for f, la in ranges])
    mapping_reapply(committee=committee, year=year)
    return area


@transaction.atomic
def operation_area_delete(*, actor: User | None, area: OperationArea, expected_version: int | None = None) -> None:
    """Remove an operation area of one year; its objects become unmapped, its forecasts and measures go with it."""
    require_economy(actor, area.committee)
    check_version(area, expected_version=expected_version, actor=actor)  # locks it; refuses one already gone
    with audit.acting_as(actor):
        area.delete()
    mapping_reapply(committee=area.committee, year=area.year)


def account_map(committee: OrgUnit, year: int) -> mapping.RangeMap:
    """Account -> cost line id of the year; a year without cost lines gets the Kommun-Bas defaults when it first
    imports, so a dry run before that answers with them (negative ids stand for lines not yet created)."""
    rows = list(
        AccountRange.objects.filter(cost_line__committee=committee, cost_line__year=year).values_list(
            "first", "last", "cost_line_id"
        )
    )
    if not rows and not CostLine.objects.filter(committee=committee, year=year).exists():
        rows = [(f, la, -i - 1) for i, spec in enumerate(mapping.KOMMUN_BAS) for f, la in spec.ranges]
    return mapping.RangeMap(rows)


def default_line_names() -> dict[int, str]:
    """The names of the Kommun-Bas default lines by the negative ids `account_map` gives them."""
    return {-i - 1: spec.name for i, spec in enumerate(mapping.KOMMUN_BAS)}


def object_map(committee: OrgUnit, year: int) -> mapping.RangeMap:
    rows = ObjectRange.objects.filter(area__committee=committee, area__year=year).values_list(
        "first", "last", "area_id"
    )
    return mapping.RangeMap(rows)


def year_has_set_up(committee: OrgUnit, year: int) -> bool:
    return CostLine.objects.filter(committee=committee, year=year).exists()


def mapping_reapply(*, committee: OrgUnit, year: int) -> int:
    """Map the committee's stored ledger amounts of `year` anew after the year's mapping changed; returns the rows
    changed. Amounts of other years keep their own year's mapping.

    Amounts entered per cost line or area (budget files) keep what they were given: only rows with an account
    or an object are looked up.
    """
    accounts = account_map(committee, year) if year_has_set_up(committee, year) else mapping.RangeMap([])
    objects = object_map(committee, year)
    amounts = LedgerAmount.objects.filter(committee=committee, year=year)
    changed = 0
    by_line: dict[int | None, list[str]] = defaultdict(list)
    for account in amounts.exclude(account="").values_list("account", flat=True).distinct():
        by_line[accounts(account)].append(account)
    for line, values in by_line.items():
        for start in range(0, len(values), 500):
            changed += (
                amounts.filter(account__in=values[start : start + 500])
                .exclude(cost_line_id=line)
                .update(cost_line=line)
                if line is not None
                else amounts.filter(account__in=values[start : start + 500], cost_line__isnull=False).update(
                    cost_line=None
                )
            )
    by_area: dict[int | None, list[str]] = defaultdict(list)
    for obj in amounts.exclude(object_id="").values_list("object_id", flat=True).distinct():
        by_area[objects(obj)].append(obj)
    for area, values in by_area.items():
        for start in range(0, len(values), 500):
            chunk = amounts.filter(object_id__in=values[start : start + 500])
            changed += (
                chunk.exclude(area_id=area).update(area=area)
                if area is not None
                else chunk.filter(area__isnull=False).update(area=None)
            )
    return changed


def set_up_copy(*, actor: User | None, committee: OrgUnit, from_year: int, to_year: int) -> tuple[int, int]:
    """Copy the cost lines and operation areas (with their ranges) and the year's settings of `from_year` into
    `to_year`, which must have none yet; returns the numbers of cost lines and areas copied."""
    if (
        CostLine.objects.filter(committee=committee, year=to_year).exists()
        or OperationArea.objects.filter(committee=committee, year=to_year).exists()
    ):
        return 0, 0
    with audit.acting_as(actor):
        lines = list(CostLine.objects.filter(committee=committee, year=from_year).prefetch_related("ranges"))
        for line in lines:
            copy = CostLine.objects.create(
                committee=committee, year=to_year, code=line.code, name=line.name, kind=line.kind,
                sort_order=line.sort_order, carried_from=line, updated_by=actor,
            )  # fmt: skip
            AccountRange.objects.bulk_create(
                [AccountRange(cost_line=copy, first=r.first, last=r.last) for r in line.ranges.all()]
            )
        areas = list(OperationArea.objects.filter(committee=committee, year=from_year).prefetch_related("ranges"))
        for area in areas:
            copy_area = OperationArea.objects.create(
                committee=committee, year=to_year, code=area.code, name=area.name, org_unit=area.org_unit,
                separate=area.separate, earmarked=area.earmarked, sort_order=area.sort_order, carried_from=area,
                updated_by=actor,
            )  # fmt: skip
            ObjectRange.objects.bulk_create(
                [ObjectRange(area=copy_area, first=r.first, last=r.last) for r in area.ranges.all()]
            )
        previous = EconomyYear.objects.filter(committee=committee, year=from_year).first()
        if previous is not None and not EconomyYear.objects.filter(committee=committee, year=to_year).exists():
            EconomyYear.objects.create(
                committee=committee, year=to_year, area_dimension=previous.area_dimension,
                profile=previous.profile, subtotal_label=previous.subtotal_label, updated_by=actor,
            )  # fmt: skip
    mapping_reapply(committee=committee, year=to_year)
    return len(lines), len(areas)


# -- forecasts -------------------------------------------------------------------------------------------------------


@transaction.atomic
def forecast_set(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    month: int,
    area: OperationArea,
    amounts: dict[int, Decimal | None],
    versions: dict[int, int | None] | None = None,
) -> list[Forecast]:
    """Save the full-year forecast of one operation area per cost line (kronor, ledger sign) at an occasion.

    `versions` holds, per cost line, the version the form showed (0 when it showed none); a row saved by someone
    else since then refuses the whole save. A None amount removes the forecast of that cost line.
    """
    require_economy(actor, committee)
    if area.committee_id != committee.pk or area.year != year:
        raise ValidationError(
            _("The operation area does not belong to {committee} {year}.").format(committee=committee, year=year)
        )
    lines = {line.pk: line for line in CostLine.objects.filter(committee=committee, year=year, pk__in=list(amounts))}
    versions = versions or {}
    existing = {
        f.cost_line_id: f
        for f in Forecast.objects.select_for_update().filter(committee=committee, year=year, month=month, area=area)
    }
    saved = []
    with audit.acting_as(actor):
        for line_id, amount in amounts.items():
            if line_id not in lines:
                raise ValidationError(_("Unknown cost line."))
            expected = versions.get(line_id)
            forecast = existing.get(line_id)
            if forecast is None:
                if amount is None:
                    continue
                if expected not in (None, 0):
                    raise ConflictError(_("This record has been removed by someone else."), current_version=0)
                forecast = Forecast(
                    committee=committee, year=year, month=month, area=area, cost_line=lines[line_id], updated_by=actor
                )
            else:
                check_version(forecast, expected_version=expected, actor=actor)
                if amount is None:
                    forecast.delete()
                    continue
                if forecast.amount == amount:
                    continue
            forecast.amount = amount
            forecast.full_clean(validate_unique=False, validate_constraints=False)
            keys = {"committee": committee, "year": year, "month": month, "area": area, "cost_line_id": line_id}
            save_new_or_conflict(forecast, keys=keys)
            saved.append(forecast)
    return saved


# -- records per occasion: measures, investments, grants, volumes ------------------------------------------------------


def _record_save(*, actor: User | None, record: R, expected_version: int | None, values: dict[str, Any]) -> R:
    require_economy(actor, record.committee)
    if record.pk:
        check_version(record, expected_version=expected_version, actor=actor)
    else:
        record.updated_by = actor
    area = values.get("area")
    if area is not None and (area.committee_id != record.committee_id or area.year != record.year):
        raise ValidationError({"area": _("The operation area does not belong to the committee's year.")})
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    with audit.acting_as(actor):
        record.save()
    return record


@transaction.atomic
def measure_save(
    *, actor: User | None, measure: BalanceMeasure, expected_version: int | None = None, **values: Any
) -> BalanceMeasure:
    """Save a measure for a budget in balance (description, operation area, expected effect in kronor)."""
    return _record_save(actor=actor, record=measure, expected_version=expected_version, values=values)


@transaction.atomic
def investment_save(
    *, actor: User | None, investment: Investment, expected_version: int | None = None, **values: Any
) -> Investment:
    """Save an investment project's budget, actual and forecast."""
    return _record_save(actor=actor, record=investment, expected_version=expected_version, values=values)


@transaction.atomic
def state_grant_save(
    *, actor: User | None, grant: StateGrant, expected_version: int | None = None, **values: Any
) -> StateGrant:
    """Save a targeted state grant: amount, cost and whether budget and forecast count it."""
    return _record_save(actor=actor, record=grant, expected_version=expected_version, values=values)


@transaction.atomic
def volume_save(*, actor: User | None, volume: Volume, expected_version: int | None = None, **values: Any) -> Volume:
    """Save a volume (e.g. placements per month) against its budgeted volume."""
    return _record_save(actor=actor, record=volume, expected_version=expected_version, values=values)


def forecast_rows(*, committee: OrgUnit, year: int, month: int, area: OperationArea) -> list[Forecast]:
    """The forecast of one operation area at an occasion: a row per cost line."""
    return list(
        Forecast.objects.filter(committee=committee, year=year, month=month, area=area).select_related("cost_line")
    )


def forecast_scope(*, committee: OrgUnit, year: int, month: int) -> deletion.Scope:
    return deletion.Scope(committee=committee, years=frozenset({year}), month=month)


@transaction.atomic
def forecast_delete(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    month: int,
    area: OperationArea,
    expected_versions: dict[int, int] | None,
) -> deletion.DeletionPlan:
    """Remove the forecast of an operation area at an occasion (every cost line's row), each row as the
    confirmation showed it; not when a decided report of the occasion shows it."""
    require_economy(actor, committee)
    rows = forecast_rows(committee=committee, year=year, month=month, area=area)
    return deletion.delete_rows(
        rows,
        actor=actor,
        expected_versions=expected_versions,
        scope=forecast_scope(committee=committee, year=year, month=month),
    )


def record_scope(record: OccasionRecord) -> deletion.Scope:
    """A record of one occasion shows in the reports of that occasion (its month) only."""
    return deletion.Scope(committee=record.committee, years=frozenset({record.year}), month=record.month)


@transaction.atomic
def occasion_record_delete(
    *, actor: User | None, record: OccasionRecord, expected_version: int | None
) -> deletion.DeletionPlan:
    """Remove a measure, investment, grant or volume: not when a decided report of its occasion shows it."""
    require_economy(actor, record.committee)
    return deletion.delete(record, actor=actor, expected_version=expected_version, scope=record_scope(record))
