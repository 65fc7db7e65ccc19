from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from rest_framework import viewsets

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.meetings import meeting_selectors
from digipuff.meetings.api.meeting_serializers import AgendaItemSerializer, DecisionSerializer, MeetingSerializer
from digipuff.meetings.choices import ProtokollStatus
from digipuff.meetings.models import AgendaItem, ItemDecision, Meeting


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


class DecisionViewSet(viewsets.ReadOnlyModelViewSet[ItemDecision]):
    """The protokoll's decisions the user may see: of justerade protokoll (drafts too for those who may edit the
    committee), the confidential items' decisions only for those entitled."""

    queryset = ItemDecision.objects.none()
    serializer_class = DecisionSerializer
    filterset_fields = ["item__meeting", "outcome"]

    def get_queryset(self) -> QuerySet[ItemDecision]:
        user = self.request.user
        items = meeting_selectors.visible_agenda_items(user)
        editable = policy.restrict(AgendaItem.objects.all(), user, Action.EDIT).values("pk")
        return (
            ItemDecision.objects.filter(item__in=items.values("pk"))
            .filter(Q(item__meeting__protokoll__status=ProtokollStatus.ADJUSTED) | Q(item__in=editable))
            .select_related("item__case", "item__meeting__protokoll")
            .order_by("item__meeting__starts_at", "item__paragraph", "pk")
        )
