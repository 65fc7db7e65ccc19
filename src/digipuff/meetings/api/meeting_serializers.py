"""Meetings and agenda items in the shape of OParl 1.1's Meeting and AgendaItem where it fits: a meeting's name,
start, location and organization (the committee) with its agenda items; an item's number, order, name, whether it
is public, and its consultation (the case, OParl's Paper, it concerns). Confidential items are absent for those not
entitled (the views give only the items the user may see)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from digipuff.meetings import meeting_selectors
from digipuff.meetings.models import AgendaItem, ItemDecision, Meeting


class ConsultationSerializer(serializers.Serializer[Any]):
    """OParl's Consultation: the paper (case) an item deals with."""

    type = serializers.CharField()
    paper = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()


def _numbers(context: Any, meeting: Meeting) -> dict[int, int]:
    """The agenda numbers of the meeting's items as the reader sees them, worked out once per meeting."""
    cache = context.setdefault("agenda_numbers", {})
    if meeting.pk not in cache:
        request = context["request"]
        items = list(meeting_selectors.visible_agenda_items(request.user).filter(meeting=meeting))
        cache[meeting.pk] = {
            item.pk: entry.number for entry in meeting_selectors.number_items(items) for item in entry.items
        }
    numbers: dict[int, int] = cache[meeting.pk]
    return numbers


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    type = serializers.SerializerMethodField()
    number = serializers.SerializerMethodField()
    order = serializers.IntegerField(source="position", read_only=True)
    name = serializers.CharField(source="title", read_only=True)
    public = serializers.SerializerMethodField()
    consultation = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "type",
            "meeting",
            "number",
            "order",
            "name",
            "kind",
            "public",
            "status",
            "description",
            "presenter",
            "presenter_role",
            "consultation",
            "postponed_to",
            "postponed_from",
            "paragraph",
            "version",
        ]

    def get_type(self, obj: AgendaItem) -> str:
        return "AgendaItem"

    def get_public(self, obj: AgendaItem) -> bool:
        return not obj.confidential

    def get_number(self, obj: AgendaItem) -> int | None:
        """The item's number on the agenda; null when it is no longer on it (postponed or withdrawn)."""
        return _numbers(self.context, obj.meeting).get(obj.pk)

    @extend_schema_field(ConsultationSerializer(allow_null=True))
    def get_consultation(self, obj: AgendaItem) -> dict[str, Any] | None:
        if obj.case is None:
            return None
        return {
            "type": "Consultation",
            "paper": obj.case.pk,
            "reference": obj.case.diarienummer,
            "name": obj.case.title,
        }


class LocationSerializer(serializers.Serializer[Any]):
    description = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    type = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    start = serializers.DateTimeField(source="starts_at", read_only=True)
    location = serializers.SerializerMethodField()
    organization = serializers.SlugRelatedField[Any](source="committee", slug_field="code", read_only=True)
    chair = serializers.CharField(source="chair_name", read_only=True)
    secretary = serializers.CharField(source="secretary_name", read_only=True)
    agendaItem = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "type",
            "name",
            "start",
            "location",
            "organization",
            "year",
            "chair",
            "secretary",
            "agendaItem",
            "version",
        ]

    def get_type(self, obj: Meeting) -> str:
        return "Meeting"

    def get_name(self, obj: Meeting) -> str:
        return f"{obj.committee.name} {timezone.localtime(obj.starts_at):%Y-%m-%d}"

    @extend_schema_field(LocationSerializer)
    def get_location(self, obj: Meeting) -> dict[str, str]:
        return {"description": obj.place}

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agendaItem(self, obj: Meeting) -> list[dict[str, Any]]:
        items = getattr(obj, "visible_items", [])
        for item in items:
            item.meeting = obj
        return list(AgendaItemSerializer(items, many=True, context=self.context).data)


class DecisionSerializer(serializers.ModelSerializer[ItemDecision]):
    """A paragraph's decision in the shape of OParl 1.1's Consultation where it fits: the agenda item and meeting,
    the paper (case) with its reference (diarienummer), the paragraph (§), the result and whether it is
    authoritative (the protokoll is justerat)."""

    type = serializers.SerializerMethodField()
    agenda_item = serializers.IntegerField(source="item_id", read_only=True)
    meeting = serializers.IntegerField(source="item.meeting_id", read_only=True)
    paper = serializers.IntegerField(source="item.case_id", read_only=True, allow_null=True)
    reference = serializers.SerializerMethodField()
    paragraph = serializers.IntegerField(source="item.paragraph", read_only=True, allow_null=True)
    name = serializers.CharField(source="item.title", read_only=True)
    result = serializers.CharField(source="outcome", read_only=True)
    result_label = serializers.CharField(source="get_outcome_display", read_only=True)
    authoritative = serializers.SerializerMethodField()

    class Meta:
        model = ItemDecision
        fields = [
            "id",
            "type",
            "agenda_item",
            "meeting",
            "paper",
            "reference",
            "paragraph",
            "name",
            "result",
            "result_label",
            "proposal",
            "motions",
            "procedure",
            "decision",
            "reservations",
            "disqualified",
            "authoritative",
            "version",
        ]

    def get_type(self, obj: ItemDecision) -> str:
        return "Consultation"

    def get_reference(self, obj: ItemDecision) -> str:
        return obj.item.case.diarienummer if obj.item.case is not None else ""

    def get_authoritative(self, obj: ItemDecision) -> bool:
        protokoll = getattr(obj.item.meeting, "protokoll", None)
        return bool(protokoll is not None and protokoll.is_adjusted)
