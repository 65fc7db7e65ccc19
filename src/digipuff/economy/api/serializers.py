from typing import Any

from rest_framework import serializers

from digipuff.economy.models import LedgerImport


class LedgerImportSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    imported_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = LedgerImport
        fields = [
            "id",
            "committee",
            "source",
            "year",
            "first_month",
            "last_month",
            "filename",
            "sha256",
            "imported_by",
            "imported_at",
            "transactions",
            "rows",
            "actual_total",
            "budget_total",
        ]


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    # A declared field (the serializer metaclass collects it), not the stubs' Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField(help_text="money (kronor), number, percent, bool or text")


class RowSerializer(serializers.Serializer):
    # A declared field (the serializer metaclass collects it), not the stubs' Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    code = serializers.CharField()
    # A declared field (the serializer metaclass collects it), not the stubs' Field.style.
    style = serializers.CharField(help_text="'' for a row, 'subtotal', 'total' or 'section'")  # type: ignore[assignment]
    values = serializers.DictField(
        child=serializers.JSONField(),
        help_text='Amounts in kronor as exact decimal strings; "--" for a suppressed small count (volumes)',
    )


class EconomyTableSerializer(serializers.Serializer):
    committee = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)


class ForecastRowSerializer(serializers.Serializer[Any]):
    """One forecast to store: the full-year forecast (helårsprognos) of an operation area and cost line at the report
    occasion of a month, in kronor with the ledger's sign (costs positive)."""

    committee = serializers.CharField(max_length=20, help_text="The committee's code, e.g. SN.")
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12, help_text="The occasion's month: 3, 8, 12.")
    area = serializers.CharField(max_length=20, help_text="The operation area's code in that year.")
    cost_line = serializers.CharField(max_length=20, help_text="The cost line's code in that year.")
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True, help_text="Kronor; null removes the forecast of the line."
    )
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, default=0,
        help_text="The version of the stored forecast this row replaces; 0 (the default) for a new one.",
    )  # fmt: skip
