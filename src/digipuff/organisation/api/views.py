from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.organisation import selectors
from digipuff.organisation.api.serializers import OrgUnitSerializer, PlanningYearSerializer
from digipuff.organisation.filtersets import OrgUnitFilterSet
from digipuff.organisation.models import OrgUnit, PlanningYear


class OrgUnitViewSet(PolicyReadOnlyViewSet):
    """Org units the user may view (their role units and everything under them)."""

    queryset = OrgUnit.objects.select_related("parent").order_by("path")
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    lookup_field = "code"


class PlanningYearViewSet(viewsets.ReadOnlyModelViewSet):
    """The planning years (verksamhetsår); the same for every signed-in user."""

    queryset = PlanningYear.objects.none()
    serializer_class = PlanningYearSerializer
    # Years belong to no unit: the policy's object check (PolicyPermission) cannot answer for one (it raised, a 500).
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "year"

    def get_queryset(self) -> QuerySet[PlanningYear]:
        return selectors.planning_years()
