from typing import Any

from rest_framework import serializers

from digipuff.activities.models import Activity, ActivityFollowUp, Commitment
from digipuff.goals.api.serializers import GoalLinkSerializer


class CommitmentSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    municipality_wide = serializers.BooleanField(source="is_municipality_wide", read_only=True)
    goals = GoalLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "owner", "year", "title", "background", "description", "municipality_wide", "goals", "version"]


class ActivitySerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    owner_unit = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    goals = GoalLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "committee",
            "year",
            "commitment",
            "title",
            "background",
            "description",
            "owner_unit",
            "responsible_role",
            "starts",
            "ends",
            "goals",
            "described_under",
            "carried_from",
            "version",
        ]


class ActivityFollowUpSerializer(serializers.ModelSerializer):
    activity = serializers.PrimaryKeyRelatedField[Any](source="item", read_only=True)
    occasion = serializers.CharField(source="occasion.name", read_only=True)
    status = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)

    class Meta:
        model = ActivityFollowUp
        fields = ["id", "activity", "occasion", "status", "comment", "version", "updated_at"]
