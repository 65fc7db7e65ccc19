from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet

from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.goals.api.serializers import CommitteeGoalSerializer
from digipuff.goals.models import CommitteeGoal, GoalAssessment


class CommitteeGoalFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="goal__year")
    committee = django_filters.CharFilter(field_name="committee__code")

    class Meta:
        model = CommitteeGoal
        fields = ["year", "committee"]


class CommitteeGoalViewSet(PolicyReadOnlyViewSet):
    """The goals of the committees the user may read, with their texts and assessments."""

    queryset = CommitteeGoal.objects.none()
    serializer_class = CommitteeGoalSerializer
    filterset_class = CommitteeGoalFilterSet

    def get_queryset(self) -> QuerySet[CommitteeGoal]:
        self.queryset = (
            CommitteeGoal.objects.select_related("goal", "goal__level", "committee")
            .prefetch_related(Prefetch("assessments", queryset=GoalAssessment.objects.select_related("occasion")))
            .order_by("goal__year", "committee__path", "goal__level__depth", "goal__sort_order", "pk")
        )
        return super().get_queryset()
