from __future__ import annotations

from typing import Any

from rest_framework import serializers

from digipuff.core.suppression import SUPPRESSED
from digipuff.indicators.models import Measure, MeasureValue
from digipuff.indicators.selectors import Published


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
    """A stored value as it is published (`core.suppression`): a value whose base is too small, or that would reveal
    one, leaves as "--". Numerator, denominator and count are raw figures: only those who may edit the values of the
    measure's committee get them; for everyone else they are null."""

    value = serializers.SerializerMethodField(
        help_text='A decimal as text (a ratio measure\'s ratio for the month); "--" when suppressed.'
    )
    suppressed = serializers.SerializerMethodField(help_text="True when the value is suppressed where it is published.")
    numerator = serializers.SerializerMethodField(help_text="Raw; null unless you may edit the measure's values.")
    denominator = serializers.SerializerMethodField(help_text="Raw; null unless you may edit the measure's values.")
    count = serializers.SerializerMethodField(
        help_text="The number of people behind the value; raw, null unless you may edit the measure's values."
    )

    class Meta:
        model = MeasureValue
        fields = [
            "id",
            "measure",
            "year",
            "month",
            "group",
            "value",
            "suppressed",
            "numerator",
            "denominator",
            "count",
            "status",
        ]

    def _published(self, obj: MeasureValue) -> Published:
        published: dict[int, Published] = self.context.get("published") or {}
        return published.get(obj.pk) or Published(obj.value, hidden=True)

    def _raw(self, obj: MeasureValue) -> bool:
        editable: set[int] = self.context.get("editable_measures") or set()
        return obj.measure_id in editable

    # The method of the `value` SerializerMethodField; this output-only serializer is never a nested input field,
    # whose get_value(data) it would hide.
    def get_value(self, obj: MeasureValue) -> str | None:  # type: ignore[override]
        published = self._published(obj)
        if published.value is None:
            return None
        if published.hidden and not self._raw(obj):
            return SUPPRESSED
        return str(published.value)

    def get_suppressed(self, obj: MeasureValue) -> bool:
        return self._published(obj).hidden

    def get_numerator(self, obj: MeasureValue) -> str | None:
        return str(obj.numerator) if self._raw(obj) and obj.numerator is not None else None

    def get_denominator(self, obj: MeasureValue) -> str | None:
        return str(obj.denominator) if self._raw(obj) and obj.denominator is not None else None

    def get_count(self, obj: MeasureValue) -> int | None:
        return obj.count if self._raw(obj) else None


class MeasureValueRowSerializer(serializers.Serializer[Any]):
    """One value to store: a measure's value for a period and group, or its numerator and denominator (a ratio
    measure computes its value, totals and r12 from them)."""

    measure = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The measure's id.")
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    month = serializers.IntegerField(min_value=0, max_value=12, default=0, help_text="1-12; 0 for the whole year.")
    group = serializers.CharField(
        max_length=60, default="T", help_text='"T" total, "K" women, "M" men, "area:..." or "age:...".'
    )
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, default=None)
    numerator = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, default=None)
    denominator = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, default=None)
    count = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, allow_null=True, default=None, help_text="The number of people behind it."
    )
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, default=0,
        help_text="The version of the stored value this row replaces; 0 (the default) for a new value.",
    )  # fmt: skip
