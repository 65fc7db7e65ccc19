from typing import Any

from rest_framework import serializers

from digipuff.goals.api.serializers import GoalLinkSerializer
from digipuff.internal_control.models import (
    CompetitionTest,
    Control,
    ProviderFollowUp,
    ReviewAction,
    Risk,
    RiskAction,
)

PLAN_FIELDS = ["id", "committee", "year", "owner_unit", "responsible", "version"]


class FollowUpOut(serializers.Serializer):
    occasion = serializers.CharField(source="occasion.name", read_only=True)
    status = serializers.CharField(source="status.code", read_only=True, allow_null=True)
    comment = serializers.CharField(read_only=True)


class PlanSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    owner_unit = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    follow_ups = FollowUpOut(many=True, read_only=True)


class RiskActionSerializer(serializers.ModelSerializer):
    owner_unit = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    follow_ups = FollowUpOut(many=True, read_only=True)

    class Meta:
        model = RiskAction
        fields = ["id", "title", "description", "owner_unit", "responsible", "due", "follow_ups", "version"]


class RiskSerializer(PlanSerializer):
    goal = GoalLinkSerializer(read_only=True, allow_null=True)
    risk_value = serializers.IntegerField(read_only=True)
    actions = RiskActionSerializer(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            *PLAN_FIELDS,
            "title",
            "background",
            "goal",
            "process",
            "probability",
            "consequence",
            "risk_value",
            "prioritised",
            "actions",
        ]


class ControlSerializer(PlanSerializer):
    goal = GoalLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Control
        fields = [*PLAN_FIELDS, "title", "goal", "process", "what", "why", "method", "frequency", "follow_ups"]


class ReviewActionSerializer(PlanSerializer):
    class Meta:
        model = ReviewAction
        fields = [
            *PLAN_FIELDS,
            "review",
            "reviewer",
            "case_number",
            "recommendation",
            "background",
            "title",
            "description",
            "due",
            "follow_ups",
        ]


class ProviderFollowUpSerializer(PlanSerializer):
    class Meta:
        model = ProviderFollowUp
        fields = [*PLAN_FIELDS, "agreement", "area", "kind", "timing", "interval", "recipient", "follow_ups"]


class CompetitionTestSerializer(PlanSerializer):
    class Meta:
        model = CompetitionTest
        fields = [*PLAN_FIELDS, "operation", "description", "form", "timing", "follow_ups"]
