from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import viewsets

from digipuff.meetings import selectors
from digipuff.meetings.api.serializers import CaseSerializer
from digipuff.meetings.models import Case


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Committee cases (ärenden) the user may view, with their registry number and status history."""

    queryset = Case.objects.none()
    serializer_class = CaseSerializer
    filterset_fields = ["year", "status"]

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.visible_cases(self.request.user).order_by("committee__path", "-year", "-number")
