"""Follow-up per report occasion, the same for every kind of planned item.

Activities, commitments, risk actions, systematic controls, review actions, provider follow-ups and competition
tests are all followed up the same way: at each report occasion (Delår 1, Delår 2, Verksamhetsberättelse) a status
and a comment. Each kind registers its item model and follow-up model here, so that one service writes them, one
view edits them in place, and one selector pairs each item with this occasion's and the previous occasion's values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError, check_version
from digipuff.organisation.choices import OccasionKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.activities.models import FollowUp, FollowUpStatus


@dataclass(frozen=True)
class Followable:
    """One kind of item that is followed up per occasion. `kind` names it in URLs."""

    kind: str
    item_model: type[Model]
    follow_up_model: type[FollowUp]
    per_committee: bool = False  # kommunövergripande commitments: each committee follows them up itself


_registry: dict[str, Followable] = {}


def register(
    kind: str, item_model: type[Model], follow_up_model: type[FollowUp], *, per_committee: bool = False
) -> None:
    _registry[kind] = Followable(kind, item_model, follow_up_model, per_committee)


def by_kind(kind: str) -> Followable | None:
    return _registry.get(kind)


def of(item: Model) -> Followable:
    for spec in _registry.values():
        if isinstance(item, spec.item_model):
            return spec
    raise TypeError(f"{type(item).__name__} is not followed up per occasion.")


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
    record = model._default_manager.filter(**keys).first()
    if record is None:
        if expected_version:
            raise ConflictError(_("This record has been removed by someone else."), current_version=0)
        record = model(**keys, version=1, updated_by=actor)
    else:
        check_version(record, expected_version=expected_version, actor=actor)
    record.status = status
    record.comment = comment.strip()
    record.full_clean(validate_unique=False)
    try:
        with transaction.atomic(), audit.acting_as(actor):
            record.save()
    except IntegrityError as exc:
        # Somebody wrote the first follow-up for this occasion at the same moment.
        raise ConflictError(
            _("Someone else saved this follow-up at the same time. Reload the page and make your changes again."),
            current_version=1,
        ) from exc
    return record


@dataclass(frozen=True)
class FollowUpView:
    """What a page shows for one item at one occasion: this occasion's record and the latest earlier one."""

    current: Any | None
    previous: Any | None

    @property
    def version(self) -> int:
        return self.current.version if self.current else 0

    @property
    def status(self) -> Any | None:
        return self.current.status if self.current else None

    @property
    def comment(self) -> str:
        return self.current.comment if self.current else ""

    @property
    def missing_comment(self) -> bool:
        return not self.comment.strip()

    @property
    def is_late(self) -> bool:
        return bool(self.current and self.current.status and self.current.status.is_at_risk)

    @property
    def is_done(self) -> bool:
        return bool(self.current and self.current.status and self.current.status.is_done)


def follow_ups_for(
    model: type[Model],
    item_ids: Iterable[int],
    *,
    occasion: ReportOccasion | None,
    occasions: Sequence[ReportOccasion],
    committee: OrgUnit | None = None,
) -> dict[int, FollowUpView]:
    """One query: every item's record at `occasion` and its latest record at an earlier occasion of the year."""
    ids = list(item_ids)
    result: dict[int, FollowUpView] = {pk: FollowUpView(None, None) for pk in ids}
    if occasion is None or not ids:
        return result
    order = {o.pk: (o.period_end, o.pk) for o in occasions}
    earlier = [o.pk for o in occasions if order[o.pk] < order.get(occasion.pk, (occasion.period_end, occasion.pk))]
    rows: QuerySet[Any] = model._default_manager.filter(
        item_id__in=ids, occasion_id__in=[occasion.pk, *earlier]
    ).select_related("status", "occasion")
    if committee is not None:
        rows = rows.filter(committee=committee)
    current: dict[int, Any] = {}
    previous: dict[int, Any] = {}
    for row in rows:
        if row.occasion_id == occasion.pk:
            current[row.item_id] = row
        elif row.item_id not in previous or order[row.occasion_id] > order[previous[row.item_id].occasion_id]:
            previous[row.item_id] = row
    for pk in ids:
        result[pk] = FollowUpView(current.get(pk), previous.get(pk))
    return result


def default_occasion(occasions: Sequence[ReportOccasion], today: Any) -> ReportOccasion | None:
    """The occasion people write for now: the first follow-up occasion whose period has not ended long ago.

    Follow-up for an occasion is written in the weeks after its period end, so the latest occasion that has
    ended is the default; before the first one ends, the first one.
    """
    follow_up = [o for o in occasions if o.kind != OccasionKind.PLAN]
    if not follow_up:
        return None
    ended = [o for o in follow_up if o.period_end <= today]
    return ended[-1] if ended else follow_up[0]
