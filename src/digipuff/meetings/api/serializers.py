"""Cases in the shape of OParl 1.1's Paper where it fits: reference (the diarienummer), name, date, and the case's
own additions (status, its history, the report it concerns)."""

from typing import Any

from rest_framework import serializers

from digipuff.meetings.models import Case, CaseEvent


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["status", "at", "note"]


class CaseSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    reference = serializers.CharField(source="diarienummer", read_only=True)
    name = serializers.CharField(source="title", read_only=True)
    date = serializers.DateField(source="registered_on", read_only=True)
    committee = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    officer = serializers.CharField(source="officer_display", read_only=True)
    history = CaseEventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "type",
            "reference",
            "name",
            "date",
            "committee",
            "year",
            "number",
            "officer",
            "report",
            "status",
            "history",
            "version",
        ]

    def get_type(self, obj: Case) -> str:
        return "Paper"
