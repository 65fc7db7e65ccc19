"""Read endpoints of the economy: the import records and the tables of a report occasion."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core import policy
from digipuff.core.api.batch import (
    NOT_FOUND,
    BatchWriteViewSet,
    Problems,
    Row,
    batch_schema,
    may_write,
    version_problem,
)
from digipuff.core.api.errors import ErrorSerializer
from digipuff.core.api.permissions import PolicyPermission
from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.core.choices import Action
from digipuff.core.models import ApiToken
from digipuff.economy import selectors, services
from digipuff.economy.api.serializers import EconomyTableSerializer, ForecastRowSerializer, LedgerImportSerializer
from digipuff.economy.models import CostLine, Forecast, LedgerImport, OperationArea
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit


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


ForecastKey = tuple[OrgUnit, int, int, OperationArea]


class ForecastBatchViewSet(BatchWriteViewSet):
    """Store forecasts from another system: POST `{"rows": [...]}`."""

    token_scope = ApiToken.Scope.WRITE_FORECASTS
    row_serializer_class = ForecastRowSerializer

    @batch_schema(
        ForecastRowSerializer,
        "ForecastBatch",
        "Store full-year forecasts per operation area and cost line at a report occasion, all or none: each row "
        "needs ECONOMY on the committee (controllers, administrators), as the forecast form does. A stored forecast "
        "is replaced (or removed, amount null) only by a row that names its version. Audited as the token's user. "
        "Token scope: write_forecasts.",
    )
    def create(self, request: Request) -> Response:
        return super().create(request)

    def check(self, rows: list[Row], problems: Problems, user: User) -> dict[ForecastKey, list[tuple[int, Any]]]:
        committees = {u.code: u for u in OrgUnit.objects.filter(code__in={row.data["committee"] for row in rows})}
        years = {row.data["year"] for row in rows}
        areas = {(a.committee_id, a.year, a.code): a for a in OperationArea.objects.filter(year__in=years)}
        lines = {(c.committee_id, c.year, c.code): c for c in CostLine.objects.filter(year__in=years)}
        grouped: dict[ForecastKey, list[tuple[int, Any]]] = {}
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            data = row.data
            committee = committees.get(data["committee"])
            if committee is None:
                problems.add(row.index, "committee", _("There is no committee with this code."), NOT_FOUND)
                continue
            if not may_write(problems, row.index, "committee", committee, user, Action.ECONOMY, unit=True):
                continue
            year = data["year"]
            area = areas.get((committee.pk, year, data["area"]))
            line = lines.get((committee.pk, year, data["cost_line"]))
            if committee.kind != OrgUnitKind.COMMITTEE:
                problems.add(row.index, "committee", _("The economy is kept per committee."))
                continue
            if area is None:
                problems.add(
                    row.index, "area", _("{committee} has no operation area {code} in {year}.").format(
                        committee=committee.code, code=data["area"], year=year
                    ),
                )  # fmt: skip
            if line is None:
                problems.add(
                    row.index, "cost_line", _("{committee} has no cost line {code} in {year}.").format(
                        committee=committee.code, code=data["cost_line"], year=year
                    ),
                )  # fmt: skip
            if area is None or line is None:
                continue
            key = (committee.pk, year, data["month"], area.pk, line.pk)
            if key in seen:
                problems.add(row.index, None, _("Row {row} gives the same forecast.").format(row=seen[key]))
            seen.setdefault(key, row.index)
            grouped.setdefault((committee, year, data["month"], area), []).append((row.index, {**data, "line": line}))
        for (committee, year, month, area), items in grouped.items():
            stored = dict(
                Forecast.objects.select_for_update()
                .filter(committee=committee, year=year, month=month, area=area)
                .values_list("cost_line_id", "version")
            )
            for index, data in items:
                version_problem(problems, index, stored.get(data["line"].pk), data["version"])
        return grouped

    def apply(self, checked: dict[ForecastKey, list[tuple[int, Any]]], user: User) -> list[dict[str, Any]]:
        saved = []
        for (committee, year, month, area), items in checked.items():
            services.forecast_set(
                actor=user, committee=committee, year=year, month=month, area=area,
                amounts={data["line"].pk: data["amount"] for _index, data in items},
                versions={data["line"].pk: data["version"] for _index, data in items},
            )  # fmt: skip
            stored = {
                f.cost_line_id: f
                for f in Forecast.objects.filter(committee=committee, year=year, month=month, area=area)
            }
            for index, data in items:
                record = stored.get(data["line"].pk)
                saved.append(
                    {"row": index, "id": record.pk if record else None, "version": record.version if record else 0}
                )
        return sorted(saved, key=lambda row: row["row"])
