"""Read access to the cached Kolada KPI catalogue. Public national metadata: every signed-in user may read it, so
it is not restricted by org unit (it belongs to none)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from digipuff.integrations.kolada import selectors
from digipuff.integrations.kolada.api.serializers import KpiSerializer
from digipuff.integrations.kolada.models import KpiMetadata


@extend_schema_view(
    list=extend_schema(
        summary="Kolada KPIs in the local catalogue",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words that must all occur in id, title or definition.")
        ],
    ),
    retrieve=extend_schema(summary="One Kolada KPI"),
)
class KpiViewSet(viewsets.ReadOnlyModelViewSet[KpiMetadata]):
    serializer_class = KpiSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = KpiMetadata.objects.all()
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[KpiMetadata]:
        if self.action == "retrieve":
            return KpiMetadata.objects.all()
        return selectors.kpi_search(words=self.request.query_params.get("q", ""))
