from rest_framework import serializers

from digipuff.organisation.models import OrgUnit, PlanningYear


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "parent", "valid_from", "valid_to", "depth"]


class PlanningYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanningYear
        fields = ["year", "is_open"]
