from rest_framework import serializers

from digipuff.economy.models import LedgerImport


class LedgerImportSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)
    imported_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

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
    label = serializers.CharField()
    kind = serializers.CharField(help_text="money (kronor), number, percent, bool or text")


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    code = serializers.CharField()
    style = serializers.CharField(help_text="'' for a row, 'subtotal', 'total' or 'section'")
    values = serializers.DictField(
        child=serializers.JSONField(), help_text="Amounts in kronor as exact decimal strings"
    )


class EconomyTableSerializer(serializers.Serializer):
    committee = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
