from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import viewsets

from digipuff.activities import selectors
from digipuff.activities.api.serializers import (
    ActivityFollowUpSerializer,
    ActivitySerializer,
    CommitmentSerializer,
)
from digipuff.activities.filtersets import ActivityFilterSet
from digipuff.activities.models import Activity, ActivityFollowUp, Commitment


class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Development commitments of the units the user may view, and every kommunövergripande one."""

    queryset = Commitment.objects.none()
    serializer_class = CommitmentSerializer
    filterset_fields = ["year"]

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.visible_commitments(self.request.user)


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities the user may view. With `occasion` the filters status, missing_comment and late apply at it."""

    queryset = Activity.objects.none()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet

    def get_queryset(self) -> QuerySet[Activity]:
        return selectors.visible_activities(self.request.user)


class ActivityFollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    """Status and comment of activities per report occasion (the history of every occasion)."""

    queryset = ActivityFollowUp.objects.none()
    serializer_class = ActivityFollowUpSerializer
    filterset_fields = ["item", "occasion"]

    def get_queryset(self) -> QuerySet[ActivityFollowUp]:
        return selectors.visible_follow_ups(self.request.user)
