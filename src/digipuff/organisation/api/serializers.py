from typing import Any

from rest_framework import serializers

from digipuff.organisation.models import OrgUnit, PlanningYear


class OrgUnitSerializer(serializers.ModelSerializer):
    # A declared field (the serializer metaclass collects it), not the stubs' Field.parent.
    parent = serializers.SlugRelatedField[Any](slug_field="code", read_only=True, allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "parent", "valid_from", "valid_to", "depth"]


class PlanningYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanningYear
        fields = ["year", "is_open"]
