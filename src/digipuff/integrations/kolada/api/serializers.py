from __future__ import annotations

from rest_framework import serializers

from digipuff.integrations.kolada.models import KpiMetadata


class KpiSerializer(serializers.ModelSerializer[KpiMetadata]):
    class Meta:
        model = KpiMetadata
        fields = [
            "id",
            "title",
            "description",
            "operating_area",
            "perspective",
            "publication_period",
            "publication_date",
            "has_ou_data",
            "is_divided_by_gender",
            "fetched_at",
            "disappeared_at",
        ]
