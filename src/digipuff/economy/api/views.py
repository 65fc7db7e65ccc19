"""Read endpoints of the economy: the import records and the tables of a report occasion."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core import policy
from digipuff.core.api.permissions import PolicyPermission
from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.core.choices import Action
from digipuff.economy import selectors
from digipuff.economy.api.serializers import EconomyTableSerializer, LedgerImportSerializer
from digipuff.economy.models import LedgerImport


class LedgerImportViewSet(PolicyReadOnlyViewSet):
    """Imports of ledger and budget files (who, when, file hash, period, totals) for committees the user may view."""

    queryset = LedgerImport.objects.select_related("committee", "imported_by").order_by("-imported_at", "-pk")
    serializer_class = LedgerImportSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("committee", OpenApiTypes.STR, description="Committee code, e.g. SN"),
            OpenApiParameter("year", OpenApiTypes.INT),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        code = self.request.query_params.get("committee")
        year = self.request.query_params.get("year")
        if code:
            queryset = queryset.filter(committee__code__iexact=code)
        if year and year.isdecimal():
            queryset = queryset.filter(year=int(year))
        return queryset


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class EconomyTableViewSet(viewsets.ViewSet):
    """The economy tables of a committee at a report occasion, amounts in kronor (exact decimal strings)."""

    permission_classes = [PolicyPermission]
    serializer_class = EconomyTableSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("committee", OpenApiTypes.STR, required=True, description="Committee code, e.g. SN"),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
            OpenApiParameter("month", OpenApiTypes.INT, required=True, description="3 Delår 1, 8 Delår 2, 12 VB"),
            OpenApiParameter("table", OpenApiTypes.STR, enum=list(selectors.TABLE_KEYS), default="by_area"),
        ],
        responses=EconomyTableSerializer,
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        committee = selectors.committee_by_code(params.get("committee", ""))
        if committee is None:
            raise NotFound("Unknown committee.")
        if not policy.allows(request.user, Action.VIEW, committee):
            raise PermissionDenied
        try:
            year, month = int(params.get("year", "")), int(params.get("month", ""))
        except ValueError:
            raise ValidationError({"year": "year and month are integers"}) from None
        key = params.get("table", "by_area")
        if key not in selectors.TABLE_KEYS or not 1 <= month <= 12:
            raise ValidationError({"table": f"one of {', '.join(selectors.TABLE_KEYS)}; month 1-12"})
        if not selectors.has_economy(committee, year):
            raise NotFound(_("{committee} has no economy for {year}.").format(committee=committee.name, year=year))
        table = selectors.all_tables(committee, year, month)[key]
        data = {
            "committee": committee.code,
            "year": year,
            "month": month,
            "key": table.key,
            "title": table.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
            "rows": [
                {
                    "label": r.label,
                    "code": r.code,
                    "style": r.style,
                    "values": {k: _plain(v) for k, v in r.values.items()},
                }
                for r in table.rows
            ],
        }
        return Response(EconomyTableSerializer(data).data)
