"""Writes of follow-up: a status and comment per item and occasion, and the municipality's status set.

Writing follow-up needs EDIT on the item's owner unit (for a kommunövergripande commitment: on the committee whose
follow-up it is); changing the status set needs ADMINISTER on the whole municipality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError, check_version, save_new_or_conflict
from digipuff.followup.models import FollowUp, FollowUpStatus
from digipuff.followup.registry import of
from digipuff.organisation.choices import OccasionKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["follow_up_set", "follow_up_status_save", "writable_occasion"]


def writable_occasion(item: Any, occasion: ReportOccasion) -> None:
    """Follow-up is written at the year's follow-up occasions, never in the plan itself."""
    if occasion.year.year != item.year:
        raise ValidationError(
            _("{occasion} belongs to another year than {item}.").format(occasion=occasion.name, item=item)
        )
    if occasion.kind == OccasionKind.PLAN:
        raise ValidationError(_("Follow-up is written at Delår 1, Delår 2 and the annual report, not in the plan."))


@transaction.atomic
def follow_up_set(
    *,
    actor: User | None,
    item: Any,
    occasion: ReportOccasion,
    status: FollowUpStatus | None,
    comment: str,
    expected_version: int | None,
    committee: OrgUnit | None = None,
) -> FollowUp:
    """Set the status and comment of `item` at `occasion` (creating the record the first time).

    `expected_version` is the version the user's form was rendered from (0 when there was no record yet), so a
    save based on an old copy is refused with a message naming who saved last. For a kommunövergripande
    commitment, `committee` says whose follow-up it is.
    """
    spec = of(item)
    if spec.per_committee:
        if committee is None:
            committee = item.owner
        if item.owner_id not in (committee.pk, *committee.ancestor_ids()):
            raise ValidationError(_("The commitment is not part of {committee}'s plan.").format(committee=committee))
        if actor is not None:
            policy.require(actor, Action.EDIT, committee)
    elif actor is not None:
        policy.require(actor, Action.EDIT, item)
    writable_occasion(item, occasion)
    if status is not None and not status.is_active:
        raise ValidationError({"status": _("The status {name} is no longer in use.").format(name=status.name)})
    model = spec.follow_up_model
    keys: dict[str, Any] = {"item": item, "occasion": occasion}
    if spec.per_committee:
        keys["committee"] = committee
    # The registry names the model at run time; every follow-up model is a FollowUp with `item` and `occasion`.
    record: Any = model._default_manager.filter(**keys).first()
    if record is None:
        if expected_version:
            raise ConflictError(_("This record has been removed by someone else."), current_version=0)
        record = model(**keys, version=1, updated_by=actor)
    else:
        check_version(record, expected_version=expected_version, actor=actor)
    record.status = status
    record.comment = comment.strip()
    record.full_clean(validate_unique=False, validate_constraints=False)
    with audit.acting_as(actor):
        # Somebody may write the first follow-up for this occasion at the same moment: the second is refused.
        save_new_or_conflict(record, keys=keys)
    return cast(FollowUp, record)


@transaction.atomic
def follow_up_status_save(
    *,
    actor: User | None,
    code: str,
    name: str,
    sort_order: int,
    is_done: bool,
    is_at_risk: bool,
    is_active: bool = True,
) -> FollowUpStatus:
    """Add or change a status of the municipality's status set; only administrators of the whole municipality."""
    if actor is not None and not actor.is_superuser:
        council = OrgUnit.objects.filter(parent__isnull=True).first()
        if council is None or not policy.allows(actor, Action.ADMINISTER, council):
            raise PermissionDenied(_("Only an administrator of the whole municipality may change the statuses."))
    if is_done and is_at_risk:
        raise ValidationError(_("A status cannot both mean done and at risk."))
    with audit.acting_as(actor):
        status = FollowUpStatus.objects.select_for_update().filter(code=code).first() or FollowUpStatus(code=code)
        status.name, status.sort_order, status.is_done, status.is_at_risk = name, sort_order, is_done, is_at_risk
        status.is_active, status.updated_by = is_active, actor
        if status.pk:
            status.version += 1
        status.full_clean()
        status.save()
    return status
