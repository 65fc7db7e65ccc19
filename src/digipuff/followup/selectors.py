"""Reads of follow-up: each item's record at an occasion beside its latest earlier one, and the status set.

Which occasion a page opens on when none is asked for is one rule for every module:
`digipuff.organisation.selectors.default_occasion` (occasions belong to the organisation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from digipuff.followup.models import FollowUpStatus
from digipuff.organisation.models import OrgUnit, ReportOccasion
from digipuff.organisation.selectors import chosen_occasion, default_occasion

# The occasion rule is the organisation's; it is named here too because every follow-up page needs it.
__all__ = ["FollowUpView", "chosen_occasion", "default_occasion", "follow_ups_for", "statuses"]


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


def statuses() -> list[FollowUpStatus]:
    """The statuses in use, in their order."""
    return list(FollowUpStatus.objects.filter(is_active=True).order_by("sort_order", "name"))
