from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core import policy
from digipuff.core.api.batch import BatchWriteViewSet, Problems, Row, batch_schema, may_write, version_problem
from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.core.choices import Action
from digipuff.core.models import ApiToken
from digipuff.indicators.api.serializers import MeasureSerializer, MeasureValueRowSerializer, MeasureValueSerializer
from digipuff.indicators.models import Measure, MeasureValue
from digipuff.indicators.selectors import stored_values_published
from digipuff.indicators.services import ValueInput, measure_values_set, value_input_problems
from digipuff.organisation.selectors import suppression_threshold


class MeasureFilterSet(django_filters.FilterSet):
    committee = django_filters.CharFilter(field_name="owner__code")

    class Meta:
        model = Measure
        fields = ["committee", "source", "kind"]


class MeasureViewSet(PolicyReadOnlyViewSet):
    """Measures and indicators of the committees the user may read."""

    queryset = (
        Measure.objects.select_related("owner").prefetch_related("goals").order_by("owner__path", "sort_order", "pk")
    )
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet


class MeasureValueFilterSet(django_filters.FilterSet):
    class Meta:
        model = MeasureValue
        fields = ["measure", "year", "month", "group"]


class MeasureValueViewSet(PolicyReadOnlyViewSet):
    """Stored values (utfall) per period and group, as published: small counts and what would reveal them are "--"
    (`core.suppression`); raw numerators, denominators and counts only for those who may edit the values. Totals and
    r12 of ratio measures are computed by the pages."""

    queryset = MeasureValue.objects.select_related("measure__owner").order_by("measure_id", "year", "month", "group")
    serializer_class = MeasureValueSerializer
    filterset_class = MeasureValueFilterSet

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # The values on this page decide their suppression together with the other groups of their periods.
        if args and isinstance(args[0], (list, QuerySet, MeasureValue)):
            items = [args[0]] if isinstance(args[0], MeasureValue) else list(args[0])
            self._published = stored_values_published(items, threshold=suppression_threshold())
            user = self.request.user
            measures = {item.measure_id: item.measure for item in items}
            self._editable = {pk for pk, measure in measures.items() if policy.allows(user, Action.EDIT, measure)}
        return super().get_serializer(*args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["published"] = getattr(self, "_published", {})
        context["editable_measures"] = getattr(self, "_editable", set())
        return context


class ValueBatchViewSet(BatchWriteViewSet):
    """Store measure values (utfall) from another system: POST `{"rows": [...]}`."""

    token_scope = ApiToken.Scope.WRITE_VALUES
    row_serializer_class = MeasureValueRowSerializer

    @batch_schema(
        MeasureValueRowSerializer,
        "MeasureValueBatch",
        "Store values of measures, all or none: each row needs EDIT on its measure's committee (writers, approvers, "
        "administrators) and is checked as the value form checks it; a stored value is replaced only by a row that "
        "names its version. Audited as the token's user. Token scope: write_values.",
    )
    def create(self, request: Request) -> Response:
        return super().create(request)

    def check(self, rows: list[Row], problems: Problems, user: User) -> dict[Measure, list[tuple[int, ValueInput]]]:
        measures = Measure.objects.select_related("owner").in_bulk({row.data["measure"] for row in rows})
        seen: dict[tuple[int, int, int, str], int] = {}
        good: dict[Measure, list[tuple[int, ValueInput]]] = {}
        for row in rows:
            measure = measures.get(row.data["measure"])
            if not may_write(problems, row.index, "measure", measure, user, Action.EDIT):
                continue
            assert measure is not None
            item = ValueInput(**{name: row.data[name] for name in VALUE_FIELDS}, expected_version=row.data["version"])
            for message in value_input_problems(measure, item):
                problems.add(row.index, None, message)
            key = (measure.pk, item.year, item.month, item.group)
            if key in seen:
                problems.add(
                    row.index, None, _("Row {row} gives the same measure, period and group.").format(row=seen[key])
                )
            seen.setdefault(key, row.index)
            good.setdefault(measure, []).append((row.index, item))
        stored = {
            (v.measure_id, v.year, v.month, v.group): v.version
            for v in MeasureValue.objects.select_for_update().filter(
                measure__in=list(good), year__in={item.year for items in good.values() for _i, item in items}
            )
        }
        for measure, items in good.items():
            for index, item in items:
                current = stored.get((measure.pk, item.year, item.month, item.group))
                version_problem(problems, index, current, item.expected_version or 0)
        return good

    def apply(self, checked: dict[Measure, list[tuple[int, ValueInput]]], user: User) -> list[dict[str, Any]]:
        saved = []
        for measure, items in checked.items():
            records = measure_values_set(actor=user, measure=measure, values=[item for _index, item in items])
            saved += [
                {"row": index, "id": record.pk, "version": record.version}
                for (index, _item), record in zip(items, records, strict=True)
            ]
        return sorted(saved, key=lambda row: row["row"])


VALUE_FIELDS = ("year", "month", "group", "value", "numerator", "denominator", "count")
