from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core.api.batch import BatchWriteViewSet, Problems, Row, batch_schema, may_write, version_problem
from digipuff.core.choices import Action
from digipuff.core.models import ApiToken
from digipuff.followup.api.serializers import FollowUpRowSerializer, FollowUpStatusSerializer
from digipuff.followup.models import FollowUpStatus
from digipuff.followup.registry import by_kind
from digipuff.followup.services import follow_up_set, writable_occasion
from digipuff.organisation.models import ReportOccasion


class FollowUpStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """The municipality's status set for follow-up (Klart, Blir klart i år, ...); the same for every user."""

    queryset = FollowUpStatus.objects.order_by("sort_order", "name")
    serializer_class = FollowUpStatusSerializer
    permission_classes = [permissions.IsAuthenticated]


@dataclass(frozen=True)
class _Checked:
    index: int
    kind: str
    item: Any
    occasion: ReportOccasion
    status: FollowUpStatus | None
    comment: str
    version: int


class FollowUpBatchViewSet(BatchWriteViewSet):
    """Store statuses and comments of followed-up items per report occasion: POST `{"rows": [...]}`."""

    token_scope = ApiToken.Scope.WRITE_STATUSES
    row_serializer_class = FollowUpRowSerializer

    @batch_schema(
        FollowUpRowSerializer,
        "FollowUpBatch",
        "Store the status and comment of activities, risk-reducing actions and the other followed-up items at a "
        "report occasion, all or none: each row needs EDIT on the item's owner unit, as the follow-up form does; "
        "follow-up is written at the year's follow-up occasions, not in the plan. A stored follow-up is replaced "
        "only by a row that names its version. Audited as the token's user. Token scope: write_statuses.",
    )
    def create(self, request: Request) -> Response:
        return super().create(request)

    def check(self, rows: list[Row], problems: Problems, user: User) -> list[_Checked]:
        statuses = {s.code: s for s in FollowUpStatus.objects.all()}
        occasions: dict[tuple[int, str], list[ReportOccasion]] = {}
        for each in ReportOccasion.objects.select_related("year"):
            # By name, and by kind where the year has one occasion of that kind (interim1: Delår 1).
            occasions.setdefault((each.year.year, each.name), []).append(each)
            occasions.setdefault((each.year.year, each.kind), []).append(each)
        items: dict[tuple[str, int], Any] = {}
        for kind in {row.data["kind"] for row in rows}:
            spec = by_kind(kind)
            assert spec is not None, kind
            of_kind = spec.item_model._default_manager.in_bulk({r.data["item"] for r in rows if r.data["kind"] == kind})
            items.update({(kind, pk): item for pk, item in of_kind.items()})
        checked: list[_Checked] = []
        seen: dict[tuple[str, int, int], int] = {}
        for row in rows:
            data = row.data
            item = items.get((data["kind"], data["item"]))
            if not may_write(problems, row.index, "item", item, user, Action.EDIT):
                continue
            assert item is not None
            found = occasions.get((item.year, data["occasion"]), [])
            occasion = found[0] if len(found) == 1 else None
            if occasion is None:
                problems.add(
                    row.index, "occasion", _("{year} has no report occasion named or of the kind {name}.").format(
                        year=item.year, name=data["occasion"]
                    ),
                )  # fmt: skip
                continue
            try:
                writable_occasion(item, occasion)
            except ValidationError as exc:
                problems.add_error(row.index, exc)
            status = None
            if data["status"] is not None:
                status = statuses.get(data["status"])
                if status is None or not status.is_active:
                    problems.add(row.index, "status", _("There is no status in use with this code."))
            key = (data["kind"], item.pk, occasion.pk)
            if key in seen:
                problems.add(row.index, None, _("Row {row} gives the same item and occasion.").format(row=seen[key]))
            seen.setdefault(key, row.index)
            checked.append(_Checked(row.index, data["kind"], item, occasion, status, data["comment"], data["version"]))
        for entry in checked:
            spec = by_kind(entry.kind)
            assert spec is not None
            record = spec.follow_up_model._default_manager.select_for_update().filter(
                item=entry.item, occasion=entry.occasion
            )
            current = record.values_list("version", flat=True).first()
            version_problem(problems, entry.index, current, entry.version)
        return checked

    def apply(self, checked: list[_Checked], user: User) -> list[dict[str, Any]]:
        saved = []
        for entry in checked:
            record = follow_up_set(
                actor=user, item=entry.item, occasion=entry.occasion, status=entry.status, comment=entry.comment,
                expected_version=entry.version,
            )  # fmt: skip
            saved.append({"row": entry.index, "id": record.pk, "version": record.version})
        return saved
