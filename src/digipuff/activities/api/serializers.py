from typing import Any

from rest_framework import serializers

from digipuff.activities.models import Activity, ActivityFollowUp, Commitment, FollowUpStatus


class FollowUpStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpStatus
        fields = ["id", "code", "name", "sort_order", "is_done", "is_at_risk", "is_active"]


class GoalLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(source="goal.title", read_only=True)
    year = serializers.IntegerField(source="goal.year", read_only=True)


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
