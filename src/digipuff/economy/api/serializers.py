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
