from __future__ import annotations

from rest_framework import permissions, viewsets

from digipuff.followup.api.serializers import FollowUpStatusSerializer
from digipuff.followup.models import FollowUpStatus


class FollowUpStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """The municipality's status set for follow-up (Klart, Blir klart i år, ...); the same for every user."""

    queryset = FollowUpStatus.objects.order_by("sort_order", "name")
    serializer_class = FollowUpStatusSerializer
    permission_classes = [permissions.IsAuthenticated]
