from rest_framework import serializers

from digipuff.followup.models import FollowUpStatus


class FollowUpStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpStatus
        fields = ["id", "code", "name", "sort_order", "is_done", "is_at_risk", "is_active"]
