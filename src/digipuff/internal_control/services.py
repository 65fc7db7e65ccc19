"""Writes to the internal control plan. Setting up the plan needs ADMINISTER on the committee; follow-up (status,
comment, result) needs EDIT on the row's owner unit and goes through `digipuff.followup.services.follow_up_set`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.core.rollover import RolloverResult
from digipuff.followup.services import follow_up_set
from digipuff.goals.selectors import matching_goals
from digipuff.internal_control.choices import PRIORITY_THRESHOLD
from digipuff.internal_control.models import (
    CompetitionTest,
    Control,
    PlanItem,
    ProviderFollowUp,
    ReviewAction,
    Risk,
    RiskAction,
)
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "carry_forward",
    "competition_test_create",
    "competition_test_update",
    "control_create",
    "control_update",
    "follow_up_set",
    "plan_item_delete",
    "provider_follow_up_create",
    "provider_follow_up_update",
    "review_action_create",
    "review_action_update",
    "risk_action_create",
    "risk_action_delete",
    "risk_action_update",
    "risk_create",
    "risk_update",
]

M = TypeVar("M", Risk, Control, ReviewAction, ProviderFollowUp, CompetitionTest)

FIELDS: dict[type, tuple[str, ...]] = {
    Risk: (
        "title",
        "background",
        "goal",
        "process",
        "probability",
        "consequence",
        "prioritised",
        "owner_unit",
        "responsible",
        "sort_order",
    ),
    Control: (
        "title",
        "goal",
        "process",
        "what",
        "why",
        "method",
        "frequency",
        "owner_unit",
        "responsible",
        "sort_order",
    ),
    ReviewAction: (
        "review",
        "reviewer",
        "case_number",
        "recommendation",
        "background",
        "title",
        "description",
        "due",
        "owner_unit",
        "responsible",
        "sort_order",
    ),
    ProviderFollowUp: (
        "agreement",
        "area",
        "kind",
        "timing",
        "interval",
        "recipient",
        "owner_unit",
        "responsible",
        "sort_order",
    ),
    CompetitionTest: ("operation", "description", "form", "timing", "owner_unit", "responsible", "sort_order"),
    RiskAction: ("title", "description", "owner_unit", "responsible", "due", "sort_order"),
}


def _require(actor: User | None, action: str, obj: Any) -> None:
    if actor is not None:
        policy.require(actor, action, obj)


def _apply(obj: Any, fields: dict[str, Any]) -> None:
    allowed = FIELDS[type(obj)]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no editable fields {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


def _create(model: type[M], *, actor: User | None, committee: OrgUnit, year: int, fields: dict[str, Any]) -> M:
    _require(actor, Action.ADMINISTER, committee)
    fields.setdefault("owner_unit", None)
    if fields["owner_unit"] is None:
        fields["owner_unit"] = committee
    obj = model(committee=committee, year=year, updated_by=actor)
    _apply(obj, fields)
    obj.full_clean()
    with audit.acting_as(actor):
        obj.save()
    return obj


def _update(obj: M, *, actor: User | None, expected_version: int | None, fields: dict[str, Any]) -> M:
    _require(actor, Action.ADMINISTER, obj.committee)
    check_version(obj, expected_version=expected_version, actor=actor)
    if fields.get("owner_unit", obj.owner_unit) is None:
        fields["owner_unit"] = obj.committee
    _apply(obj, fields)
    obj.full_clean()
    with audit.acting_as(actor):
        obj.save()
    return obj


@transaction.atomic
def risk_create(*, actor: User | None, committee: OrgUnit, year: int, **fields: Any) -> Risk:
    """Add a risk to the committee's plan. Unless told otherwise it is prioritised when its value is 9 or more."""
    if "prioritised" not in fields:
        fields["prioritised"] = int(fields.get("probability") or 0) * int(fields.get("consequence") or 0) >= (
            PRIORITY_THRESHOLD
        )
    return _create(Risk, actor=actor, committee=committee, year=year, fields=fields)


@transaction.atomic
def risk_update(*, actor: User | None, risk: Risk, expected_version: int | None, **fields: Any) -> Risk:
    """Change a risk: its texts, link, probability, consequence, priority and owner."""
    return _update(risk, actor=actor, expected_version=expected_version, fields=fields)


@transaction.atomic
def risk_action_create(*, actor: User | None, risk: Risk, **fields: Any) -> RiskAction:
    """Add a risk-reducing action; without an owner unit the committee owns it."""
    _require(actor, Action.ADMINISTER, risk.committee)
    if fields.get("owner_unit") is None:
        fields["owner_unit"] = risk.committee
    action = RiskAction(risk=risk, updated_by=actor)
    _apply(action, fields)
    action.full_clean()
    with audit.acting_as(actor):
        action.save()
    return action


@transaction.atomic
def risk_action_update(
    *, actor: User | None, action: RiskAction, expected_version: int | None, **fields: Any
) -> RiskAction:
    _require(actor, Action.ADMINISTER, action.risk.committee)
    check_version(action, expected_version=expected_version, actor=actor)
    if fields.get("owner_unit", action.owner_unit) is None:
        fields["owner_unit"] = action.risk.committee
    _apply(action, fields)
    action.full_clean()
    with audit.acting_as(actor):
        action.save()
    return action


@transaction.atomic
def control_create(*, actor: User | None, committee: OrgUnit, year: int, **fields: Any) -> Control:
    """Add a systematic control to the committee's plan."""
    return _create(Control, actor=actor, committee=committee, year=year, fields=fields)


@transaction.atomic
def control_update(*, actor: User | None, control: Control, expected_version: int | None, **fields: Any) -> Control:
    return _update(control, actor=actor, expected_version=expected_version, fields=fields)


@transaction.atomic
def review_action_create(*, actor: User | None, committee: OrgUnit, year: int, **fields: Any) -> ReviewAction:
    """Add an action on a recommendation from audit or another external review."""
    return _create(ReviewAction, actor=actor, committee=committee, year=year, fields=fields)


@transaction.atomic
def review_action_update(
    *, actor: User | None, review_action: ReviewAction, expected_version: int | None, **fields: Any
) -> ReviewAction:
    return _update(review_action, actor=actor, expected_version=expected_version, fields=fields)


@transaction.atomic
def provider_follow_up_create(*, actor: User | None, committee: OrgUnit, year: int, **fields: Any) -> ProviderFollowUp:
    """Add a row to the plan for uppföljning och insyn."""
    return _create(ProviderFollowUp, actor=actor, committee=committee, year=year, fields=fields)


@transaction.atomic
def provider_follow_up_update(
    *, actor: User | None, provider_follow_up: ProviderFollowUp, expected_version: int | None, **fields: Any
) -> ProviderFollowUp:
    return _update(provider_follow_up, actor=actor, expected_version=expected_version, fields=fields)


@transaction.atomic
def competition_test_create(*, actor: User | None, committee: OrgUnit, year: int, **fields: Any) -> CompetitionTest:
    """Add a row to the konkurrensprövningsplan."""
    return _create(CompetitionTest, actor=actor, committee=committee, year=year, fields=fields)


@transaction.atomic
def competition_test_update(
    *, actor: User | None, competition_test: CompetitionTest, expected_version: int | None, **fields: Any
) -> CompetitionTest:
    return _update(competition_test, actor=actor, expected_version=expected_version, fields=fields)


def item_scope(item: PlanItem) -> deletion.Scope:
    return deletion.Scope(committee=item.committee, years=frozenset({item.year}))


@transaction.atomic
def plan_item_delete(*, actor: User | None, item: PlanItem, expected_version: int | None) -> deletion.DeletionPlan:
    """Delete a risk (with its actions), a control, an action on a review, a provider follow-up or a competition
    test, with their follow-up; the plan's administrators may. Refused when a decided report shows it or it was
    carried forward to a later year."""
    _require(actor, Action.ADMINISTER, item.committee)
    return deletion.delete(item, actor=actor, expected_version=expected_version, scope=item_scope(item))


@transaction.atomic
def risk_action_delete(
    *, actor: User | None, action: RiskAction, expected_version: int | None
) -> deletion.DeletionPlan:
    """Delete a risk-reducing action with its follow-up."""
    _require(actor, Action.ADMINISTER, action.risk.committee)
    return deletion.delete(action, actor=actor, expected_version=expected_version, scope=item_scope(action.risk))


@transaction.atomic
def carry_forward(
    *,
    actor: User | None,
    committee: OrgUnit,
    from_year: int,
    to_year: int,
    risk_ids: Sequence[int] | None = None,
    control_ids: Sequence[int] | None = None,
) -> RolloverResult:
    """Copy chosen risks (with their actions) and controls (all when the ids are None) into `to_year`, linked to
    next year's goals by title. Follow-ups stay with the old year; what was carried before is not copied again."""
    _require(actor, Action.ADMINISTER, committee)
    if to_year <= from_year:
        raise ValidationError(_("A plan is carried forward to a later year."))
    result = RolloverResult()
    risks = Risk.objects.filter(committee=committee, year=from_year).select_related("goal__goal", "owner_unit")
    if risk_ids is not None:
        risks = risks.filter(pk__in=risk_ids)
    for risk in risks.prefetch_related("actions__owner_unit"):
        if Risk.objects.filter(carried_from=risk, year=to_year).exists():
            result.skipped.append(risk.title)
            continue
        goal = _goal_in(risk, committee=committee, to_year=to_year, result=result)
        copy = risk_create(
            actor=actor,
            committee=committee,
            year=to_year,
            title=risk.title,
            background=risk.background,
            goal=goal,
            process=risk.process or ("" if goal or not risk.goal else risk.goal.goal.title),
            probability=risk.probability,
            consequence=risk.consequence,
            prioritised=risk.prioritised,
            owner_unit=risk.owner_unit,
            responsible=risk.responsible,
            sort_order=risk.sort_order,
        )
        Risk.objects.filter(pk=copy.pk).update(carried_from=risk)
        for action in risk.actions.all():
            risk_action_create(
                actor=actor,
                risk=copy,
                title=action.title,
                description=action.description,
                owner_unit=action.owner_unit,
                responsible=action.responsible,
                sort_order=action.sort_order,
            )
        result.created.append(_("Risk: {title}").format(title=risk.title))
    controls = Control.objects.filter(committee=committee, year=from_year).select_related("goal__goal", "owner_unit")
    if control_ids is not None:
        controls = controls.filter(pk__in=control_ids)
    for control in controls:
        if Control.objects.filter(carried_from=control, year=to_year).exists():
            result.skipped.append(control.title)
            continue
        copy_control = control_create(
            actor=actor,
            committee=committee,
            year=to_year,
            title=control.title,
            goal=_goal_in(control, committee=committee, to_year=to_year, result=result),
            process=control.process,
            what=control.what,
            why=control.why,
            method=control.method,
            frequency=control.frequency,
            owner_unit=control.owner_unit,
            responsible=control.responsible,
            sort_order=control.sort_order,
        )
        Control.objects.filter(pk=copy_control.pk).update(carried_from=control)
        result.created.append(_("Control: {title}").format(title=control.title))
    return result


def _goal_in(item: Risk | Control, *, committee: OrgUnit, to_year: int, result: RolloverResult) -> Any:
    if item.goal is None:
        return None
    found = matching_goals([item.goal], committee=committee, year=to_year, result=result, item=item.title)
    return found[0] if found else None
