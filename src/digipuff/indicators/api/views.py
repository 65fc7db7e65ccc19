from __future__ import annotations

from typing import Any

import django_filters

from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.indicators.api.serializers import MeasureSerializer, MeasureValueSerializer
from digipuff.indicators.models import Measure, MeasureValue
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
    """Stored values (utfall) per period and group; totals and r12 of ratio measures are computed by the pages."""

    queryset = MeasureValue.objects.select_related("measure").order_by("measure_id", "year", "month", "group")
    serializer_class = MeasureValueSerializer
    filterset_class = MeasureValueFilterSet

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["suppression_threshold"] = suppression_threshold()
        return context
