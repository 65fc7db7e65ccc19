from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework import viewsets

from digipuff.meetings import meeting_selectors
from digipuff.meetings.api.meeting_serializers import AgendaItemSerializer, MeetingSerializer
from digipuff.meetings.models import AgendaItem, Meeting


class MeetingViewSet(viewsets.ReadOnlyModelViewSet[Meeting]):
    """Committee meetings (sammanträden) the user may view, each with the agenda items the user may see: the
    confidential items (sekretessärenden) only for those entitled (EDIT on the committee)."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    filterset_fields = ["year"]

    def get_queryset(self) -> QuerySet[Meeting]:
        items = meeting_selectors.visible_agenda_items(self.request.user).order_by("confidential", "position")
        return (
            meeting_selectors.visible_meetings(self.request.user)
            .prefetch_related(Prefetch("items", queryset=items, to_attr="visible_items"))
            .order_by("committee__path", "starts_at", "pk")
        )


class AgendaItemViewSet(viewsets.ReadOnlyModelViewSet[AgendaItem]):
    """Agenda items the user may see (the confidential ones only for those entitled), in agenda order."""

    queryset = AgendaItem.objects.none()
    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "kind", "status"]

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return meeting_selectors.visible_agenda_items(self.request.user).order_by(
            "meeting__starts_at", "meeting_id", "confidential", "position"
        )
