from __future__ import annotations

from typing import Any

from rest_framework import serializers

from digipuff.core.suppression import default_threshold, suppressed_value
from digipuff.indicators.models import Measure, MeasureValue


class MeasureSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="owner.code")
    goal_ids = serializers.PrimaryKeyRelatedField[Any](source="goals", many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "committee",
            "name",
            "description",
            "kind",
            "unit",
            "decimals",
            "direction",
            "source",
            "source_id",
            "periodicity",
            "is_ratio",
            "rolling_12",
            "breakdown",
            "goal_ids",
        ]


class MeasureValueSerializer(serializers.ModelSerializer):
    """A stored value. Counts of people below the suppression threshold leave the system as "--"."""

    value = serializers.SerializerMethodField(help_text='A decimal as text; "--" when a small count is suppressed.')
    count = serializers.SerializerMethodField(help_text='The number of people; "--" when below the threshold.')

    class Meta:
        model = MeasureValue
        fields = ["id", "measure", "year", "month", "group", "value", "numerator", "denominator", "count", "status"]

    def _threshold(self) -> int:
        return int(self.context.get("suppression_threshold") or default_threshold())

    # The method of the `value` SerializerMethodField; this output-only serializer is never a nested input field,
    # whose get_value(data) it would hide.
    def get_value(self, obj: MeasureValue) -> str | None:  # type: ignore[override]
        count = obj.count if obj.count is not None else (obj.value if obj.measure.is_count else None)
        shown = suppressed_value(obj.value, count=count, threshold=self._threshold())
        return None if shown is None else str(shown)

    def get_count(self, obj: MeasureValue) -> str | None:
        return (
            None
            if obj.count is None
            else str(suppressed_value(obj.count, count=obj.count, threshold=self._threshold()))
        )
