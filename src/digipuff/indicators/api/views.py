from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from digipuff.core import policy
from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.core.choices import Action
from digipuff.indicators.api.serializers import MeasureSerializer, MeasureValueSerializer
from digipuff.indicators.models import Measure, MeasureValue
from digipuff.indicators.selectors import stored_values_published
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
