from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from rest_framework import viewsets

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.internal_control.api import serializers as s
from digipuff.internal_control.filtersets import RiskFilterSet
from digipuff.internal_control.models import (
    CompetitionTest,
    Control,
    ProviderFollowUp,
    ReviewAction,
    Risk,
    RiskAction,
)


class _PlanViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    filterset_fields: list[str] | None = ["year"]
    model: type[Model] = Risk

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.model._default_manager.select_related("committee", "owner_unit").order_by(
            "year", "committee__path", "sort_order", "pk"
        )
        if self.model is not Risk:
            queryset = queryset.prefetch_related("follow_ups__occasion", "follow_ups__status")
        return policy.restrict(queryset, self.request.user, Action.VIEW)


class RiskViewSet(_PlanViewSet):
    """Risks of the committees the user may view, with risk value, actions and their follow-up per occasion."""

    queryset = Risk.objects.none()
    serializer_class = s.RiskSerializer
    filterset_class = RiskFilterSet
    filterset_fields = None
    model = Risk

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("goal__goal")
            .prefetch_related(
                Prefetch(
                    "actions",
                    queryset=RiskAction.objects.select_related("owner_unit").prefetch_related(
                        "follow_ups__occasion", "follow_ups__status"
                    ),
                )
            )
        )


class ControlViewSet(_PlanViewSet):
    """Systematic controls with their results per occasion."""

    queryset = Control.objects.none()
    serializer_class = s.ControlSerializer
    model = Control

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("goal__goal")


class ReviewActionViewSet(_PlanViewSet):
    """Actions on recommendations from audit or other external review, with follow-up per occasion."""

    queryset = ReviewAction.objects.none()
    serializer_class = s.ReviewActionSerializer
    model = ReviewAction


class ProviderFollowUpViewSet(_PlanViewSet):
    """The plan for uppföljning och insyn, with results per occasion."""

    queryset = ProviderFollowUp.objects.none()
    serializer_class = s.ProviderFollowUpSerializer
    model = ProviderFollowUp


class CompetitionTestViewSet(_PlanViewSet):
    """The konkurrensprövningsplan, with results per occasion."""

    queryset = CompetitionTest.objects.none()
    serializer_class = s.CompetitionTestSerializer
    model = CompetitionTest
