"""Read endpoints of the economy: the import records and the tables of a report occasion."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core import policy
from digipuff.core.api.errors import ErrorSerializer
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
        if year:
            queryset = queryset.filter(year=_QueryYear.valid(year))
        return queryset


class _QueryYear(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=1, max_value=9999)

    @classmethod
    def valid(cls, raw: str) -> int:
        query = cls(data={"year": raw})
        query.is_valid(raise_exception=True)
        return int(query.validated_data["year"])


class _TableQuery(serializers.Serializer[Any]):
    committee = serializers.CharField()
    year = serializers.IntegerField(min_value=1, max_value=9999)
    month = serializers.IntegerField(min_value=1, max_value=12)
    table = serializers.ChoiceField(choices=selectors.TABLE_KEYS, default="by_area")


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
        responses={
            200: EconomyTableSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No committee has that code."),
        },
    )
    def list(self, request: Request) -> Response:
        query = _TableQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        code, year, month, key = (query.validated_data[name] for name in ("committee", "year", "month", "table"))
        committee = selectors.committee_by_code(code)
        if committee is None:
            raise NotFound(_("No committee has the code {code}.").format(code=code))
        if not policy.allows(request.user, Action.VIEW, committee):
            raise PermissionDenied
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
