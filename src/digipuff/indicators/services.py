"""Writes to measures: definitions, values, targets, equality judgements and analyses. Policy first, audited,
and refused when someone else saved the same record after the user opened it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError, check_version, lock_or_new, save_new_or_conflict
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators.choices import MEN, TOTAL, WOMEN, Breakdown
from digipuff.indicators.models import EqualityJudgement, Measure, MeasureAnalysis, MeasureValue, Target
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MEASURE_FIELDS = (
    "name",
    "description",
    "kind",
    "unit",
    "decimals",
    "direction",
    "source",
    "source_id",
    "source_note",
    "periodicity",
    "is_ratio",
    "ratio_scale",
    "rolling_12",
    "is_count",
    "breakdown",
    "equality_threshold",
    "comparison_group",
    "sort_order",
)


def _require(actor: User | None, action: str, obj: Model) -> None:
    if actor is not None:
        policy.require(actor, action, obj)


@transaction.atomic
def measure_create(
    *, actor: User | None, committee: OrgUnit, goals: list[CommitteeGoal] | None = None, **fields: Any
) -> Measure:
    """Define a measure or indicator of a committee (administrators of the committee)."""
    if committee.kind != OrgUnitKind.COMMITTEE:
        raise ValidationError(_("Measures belong to a committee."))
    _require(actor, Action.ADMINISTER, committee)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown measure fields: {sorted(unknown)}")
    measure = Measure(owner=committee, updated_by=actor, **fields)
    measure.full_clean()
    with audit.acting_as(actor):
        measure.save()
        if goals:
            _set_goals(measure, goals)
    return measure


@transaction.atomic
def measure_update(
    *,
    actor: User | None,
    measure: Measure,
    expected_version: int | None,
    goals: list[CommitteeGoal] | None = None,
    **fields: Any,
) -> Measure:
    _require(actor, Action.ADMINISTER, measure)
    check_version(measure, expected_version=expected_version, actor=actor)
    for name, value in fields.items():
        if name not in MEASURE_FIELDS:
            raise TypeError(f"Unknown measure field: {name}")
        setattr(measure, name, value)
    measure.full_clean()
    with audit.acting_as(actor):
        measure.save()
        if goals is not None:
            _set_goals(measure, goals)
    return measure


def _set_goals(measure: Measure, goals: list[CommitteeGoal]) -> None:
    foreign = [g for g in goals if g.committee_id != measure.owner_id]
    if foreign:
        raise ValidationError(_("A measure can only answer to its own committee's goals."))
    measure.goals.set(goals)


@dataclass(frozen=True)
class ValueInput:
    """One value to store: a period, a group and either a value or numerator and denominator."""

    year: int
    month: int = 0
    group: str = TOTAL
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: int | None = None
    expected_version: int | None = None
    is_forecast: bool = False


def value_input_problems(measure: Measure, item: ValueInput) -> list[str]:
    """What is wrong with one value for this measure (shared by the service, the forms and the import)."""
    """What is wrong with one value for this measure (shared by the form, the import and the service)."""
    problems = []
    if not 0 <= item.month <= 12:
        problems.append(_("The month must be 1–12 (or 0 for the whole year)."))
    if measure.is_ratio:
        if item.value is not None:
            problems.append(_("This measure is computed from numerator and denominator; do not type the value."))
        if (item.numerator is None) != (item.denominator is None):
            problems.append(_("Give both numerator and denominator."))
        if item.denominator is not None and item.denominator <= 0:
            problems.append(_("The denominator must be greater than zero."))
        if item.numerator is not None and item.numerator < 0:
            problems.append(_("The numerator cannot be negative."))
    elif item.numerator is not None or item.denominator is not None:
        problems.append(_("This measure takes a value, not numerator and denominator."))
    allowed = {TOTAL}
    if measure.breakdown == Breakdown.GENDER:
        allowed |= {WOMEN, MEN}
    if item.group not in allowed and not (
        measure.breakdown in (Breakdown.AREA, Breakdown.AGE) and item.group.startswith(f"{measure.breakdown}:")
    ):
        problems.append(_("The group {group} does not fit the measure's breakdown.").format(group=item.group))
    if measure.is_ratio and measure.breakdown == Breakdown.GENDER and item.group == TOTAL:
        problems.append(_("The total is computed from women and men; enter their figures."))
    if item.count is not None and item.count < 0:
        problems.append(_("A count cannot be negative."))
    return problems


@transaction.atomic
def measure_values_set(*, actor: User | None, measure: Measure, values: list[ValueInput]) -> list[MeasureValue]:
    """Store values of a measure; all of them or none. Each edit of an existing value is version-checked."""
    _require(actor, Action.EDIT, measure)
    problems = [
        f"{item.year}-{item.month:02d} {item.group}: {p}"
        for item in values
        for p in value_input_problems(measure, item)
    ]
    if problems:
        raise ValidationError(problems)
    existing = {
        (v.year, v.month, v.group): v
        for v in MeasureValue.objects.select_for_update().filter(measure=measure, year__in={i.year for i in values})
    }
    saved = []
    with audit.acting_as(actor):
        for item in values:
            keys = {"measure": measure, "year": item.year, "month": item.month, "group": item.group}
            record = existing.get((item.year, item.month, item.group))
            if record is None:
                # A form that showed a value (version > 0) edits one that is gone; 0 (or None for an import) creates.
                if item.expected_version:
                    raise ConflictError(_("This record has been removed by someone else."), current_version=0)
                record = MeasureValue(**keys, updated_by=actor)
            else:
                check_version(record, expected_version=item.expected_version, actor=actor)
            record.value, record.numerator, record.denominator = item.value, item.numerator, item.denominator
            record.count = item.count
            record.is_forecast = item.is_forecast
            record.updated_by = actor
            record.full_clean(exclude=["measure"], validate_unique=False, validate_constraints=False)
            save_new_or_conflict(record, keys=keys)
            saved.append(record)
    return saved


@transaction.atomic
def target_set(
    *,
    actor: User | None,
    measure: Measure,
    year: int,
    expected_version: int | None,
    kind: str,
    comparator: str = "",
    value: Decimal | None = None,
    qualitative: str = "",
    reference: Decimal | None = None,
    note: str = "",
) -> Target:
    """Set the target (etappmål) of a measure for a year. Writers and approvers of the committee may. Saving a target
    copied from the year before (to be revised) clears that mark."""
    _require(actor, Action.EDIT, measure)
    keys = {"measure": measure, "year": year}
    target = lock_or_new(Target, keys=keys, expected_version=expected_version, actor=actor)
    target.kind, target.comparator, target.value = kind, comparator, value
    target.qualitative, target.reference, target.note = qualitative, reference, note
    target.to_revise = False  # a person has now set this year's target
    target.updated_by = actor
    target.full_clean(validate_unique=False, validate_constraints=False)
    with audit.acting_as(actor):
        save_new_or_conflict(target, keys=keys)
    return target


@transaction.atomic
def equality_judgement_set(
    *,
    actor: User | None,
    measure: Measure,
    year: int,
    month: int,
    expected_version: int | None,
    judgement: str,
    text: str,
) -> EqualityJudgement:
    """The writer says whether a flagged difference between groups is motiverad or omotiverad, and why."""
    _require(actor, Action.EDIT, measure)
    if not text.strip():
        raise ValidationError({"text": _("Explain the difference.")})
    keys = {"measure": measure, "year": year, "month": month}
    record = lock_or_new(EqualityJudgement, keys=keys, expected_version=expected_version, actor=actor)
    record.judgement, record.text, record.updated_by = judgement, text, actor
    record.full_clean(validate_unique=False, validate_constraints=False)
    with audit.acting_as(actor):
        save_new_or_conflict(record, keys=keys)
    return record


@transaction.atomic
def measure_analysis_set(
    *, actor: User | None, measure: Measure, occasion: ReportOccasion, expected_version: int | None, text: str
) -> MeasureAnalysis:
    _require(actor, Action.EDIT, measure)
    keys = {"measure": measure, "occasion": occasion}
    record = lock_or_new(MeasureAnalysis, keys=keys, expected_version=expected_version, actor=actor)
    record.text, record.updated_by = text, actor
    record.full_clean(validate_unique=False, validate_constraints=False)
    with audit.acting_as(actor):
        save_new_or_conflict(record, keys=keys)
    return record


@transaction.atomic
def target_remove(*, actor: User | None, target: Target, expected_version: int | None) -> None:
    """Remove a measure's target for a year (the measure then has none that year). Audited like every change."""
    _require(actor, Action.EDIT, target)
    check_version(target, expected_version=expected_version, actor=actor)
    with audit.acting_as(actor):
        target.delete()


def measure_scope(measure: Measure) -> deletion.Scope:
    """A measure shows in the reports of every year it has values, targets, analyses or judgements for."""
    years = {
        *measure.values.values_list("year", flat=True).distinct(),
        *measure.targets.values_list("year", flat=True),
        *measure.equality_judgements.values_list("year", flat=True),
        *measure.analyses.values_list("occasion__year__year", flat=True),
    }
    return deletion.Scope(committee=measure.owner, years=frozenset(years))


@transaction.atomic
def measure_delete(*, actor: User | None, measure: Measure, expected_version: int | None) -> deletion.DeletionPlan:
    """Delete a measure with its values, targets, analyses and judgements (administrators of the committee, as for
    defining it). Refused when a decided report of a year it has figures for shows it."""
    _require(actor, Action.ADMINISTER, measure)
    return deletion.delete(measure, actor=actor, expected_version=expected_version, scope=measure_scope(measure))
