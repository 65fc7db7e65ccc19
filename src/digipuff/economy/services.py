"""Writes of the economy module. Each one asks the policy first (Action.ECONOMY on the committee), checks the
version of records people edit, and leaves an audit entry. `actor=None` is the system itself (the demo loader).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
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


# -- mapping ---------------------------------------------------------------------------------------------------------


def cost_lines_ensure_default(*, committee: OrgUnit) -> None:
    """Give a committee without cost lines the Kommun-Bas defaults, so a first import maps at once."""
    if CostLine.objects.filter(committee=committee).exists():
        return
    with transaction.atomic():
        for order, spec in enumerate(mapping.KOMMUN_BAS):
            line = CostLine.objects.create(
                committee=committee, code=spec.code, name=spec.name, kind=spec.kind, sort_order=order * 10
            )
            AccountRange.objects.bulk_create(
                [AccountRange(cost_line=line, first=first, last=last) for first, last in spec.ranges]
            )


def _check_overlaps(items: list[tuple[str, str, str]]) -> None:
    problems = mapping.overlaps(items)
    if problems:
        raise ValidationError({"ranges": problems})


@transaction.atomic
def cost_line_save(
    *,
    actor: User | None,
    committee: OrgUnit,
    cost_line: CostLine | None = None,
    expected_version: int | None = None,
    code: str,
    name: str,
    kind: str,
    sort_order: int,
    ranges: list[tuple[str, str]],
) -> CostLine:
    """Create or change a cost line and its account ranges, then map the committee's ledger anew."""
    require_economy(actor, committee)
    if cost_line is None:
        cost_line = CostLine(committee=committee, updated_by=actor)
    else:
        check_version(cost_line, expected_version=expected_version, actor=actor)
    cost_line.code, cost_line.name, cost_line.kind, cost_line.sort_order = code.strip().upper(), name, kind, sort_order
    cost_line.full_clean(validate_unique=False)
    if CostLine.objects.filter(committee=committee, code=cost_line.code).exclude(pk=cost_line.pk).exists():
        raise ValidationError({"code": _("Another cost line already has the code {code}.").format(code=cost_line.code)})
    others = [
        (r.first, r.last, r.cost_line.name)
        for r in AccountRange.objects.filter(cost_line__committee=committee)
        .exclude(cost_line=cost_line.pk)
        .select_related("cost_line")
    ]
    _check_overlaps(others + [(first, last, name) for first, last in ranges])
    with audit.acting_as(actor):
        cost_line.save()
        cost_line.ranges.all().delete()
        AccountRange.objects.bulk_create([AccountRange(cost_line=cost_line, first=f, last=la) for f, la in ranges])
    mapping_reapply(committee=committee)
    return cost_line


@transaction.atomic
def cost_line_delete(*, actor: User | None, cost_line: CostLine) -> None:
    """Remove a cost line; its accounts become unmapped (and are listed as such), its forecasts go with it."""
    require_economy(actor, cost_line.committee)
    with audit.acting_as(actor):
        cost_line.delete()
    mapping_reapply(committee=cost_line.committee)


@transaction.atomic
def operation_area_save(
    *,
    actor: User | None,
    committee: OrgUnit,
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
    """Create or change an operation area and the dimension objects that belong to it."""
    require_economy(actor, committee)
    if org_unit is not None and not org_unit.path.startswith(committee.path):
        raise ValidationError({"org_unit": _("The org unit must belong to {committee}.").format(committee=committee)})
    if area is None:
        area = OperationArea(committee=committee, updated_by=actor)
    else:
        check_version(area, expected_version=expected_version, actor=actor)
    area.code, area.name, area.org_unit = code.strip().upper(), name, org_unit
    area.separate, area.earmarked, area.sort_order = separate, earmarked, sort_order
    area.full_clean(validate_unique=False)
    if OperationArea.objects.filter(committee=committee, code=area.code).exclude(pk=area.pk).exists():
        raise ValidationError({"code": _("Another operation area already has the code {code}.").format(code=area.code)})
    others = [
        (r.first, r.last, r.area.name)
        for r in ObjectRange.objects.filter(area__committee=committee).exclude(area=area.pk).select_related("area")
    ]
    _check_overlaps(others + [(first, last, name) for first, last in ranges])
    with audit.acting_as(actor):
        area.save()
        area.ranges.all().delete()
        ObjectRange.objects.bulk_create([ObjectRange(area=area, first=f, last=la) for f, la in ranges])
    mapping_reapply(committee=committee)
    return area


@transaction.atomic
def operation_area_delete(*, actor: User | None, area: OperationArea) -> None:
    require_economy(actor, area.committee)
    with audit.acting_as(actor):
        area.delete()
    mapping_reapply(committee=area.committee)


def account_map(committee: OrgUnit) -> mapping.RangeMap:
    """Account -> cost line id; a committee without cost lines gets the Kommun-Bas defaults when it first imports,
    so a dry run before that answers with them (negative ids stand for lines not yet created)."""
    rows = list(
        AccountRange.objects.filter(cost_line__committee=committee).values_list("first", "last", "cost_line_id")
    )
    if not rows and not CostLine.objects.filter(committee=committee).exists():
        rows = [(f, la, -i - 1) for i, spec in enumerate(mapping.KOMMUN_BAS) for f, la in spec.ranges]
    return mapping.RangeMap(rows)


def object_map(committee: OrgUnit) -> mapping.RangeMap:
    rows = ObjectRange.objects.filter(area__committee=committee).values_list("first", "last", "area_id")
    return mapping.RangeMap(rows)


def mapping_reapply(*, committee: OrgUnit) -> int:
    """Map the committee's stored ledger amounts anew after the mapping changed; returns the rows changed.

    Amounts entered per cost line or area (budget files) keep what they were given: only rows with an account
    or an object are looked up.
    """
    accounts, objects = account_map(committee), object_map(committee)
    amounts = LedgerAmount.objects.filter(committee=committee)
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
    if area.committee_id != committee.pk:
        raise ValidationError(_("The operation area does not belong to {committee}.").format(committee=committee))
    lines = {line.pk: line for line in CostLine.objects.filter(committee=committee, pk__in=list(amounts))}
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
    if area is not None and area.committee_id != record.committee_id:
        raise ValidationError({"area": _("The operation area does not belong to the committee.")})
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
