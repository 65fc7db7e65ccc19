"""The meetings' share of the public portal (`core.portal.portal_sections`): per committee and year, the kallelse of
each meeting once signed and the protokoll of each meeting once justerat — the public editions only (never a
confidential item, never a draft) — readable by anyone at `/meetings/oppet/<pk>/kallelse.pdf` and
`/meetings/oppet/<pk>/protokoll.pdf` (`public_views`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.portal import PortalItem, PortalSection, portal_sections
from digipuff.meetings.choices import ProtokollStatus
from digipuff.meetings.models import Meeting
from digipuff.meetings.protokoll import meeting_date
from digipuff.organisation.models import OrgUnit


def public_kallelse_meetings() -> QuerySet[Meeting]:
    """Meetings whose kallelse is public: signed (it has its date of signing)."""
    return Meeting.objects.filter(signed_on__isnull=False).select_related("committee")


def public_protokoll_meetings() -> QuerySet[Meeting]:
    """Meetings whose protokoll is public: justerat."""
    return Meeting.objects.filter(protokoll__status=ProtokollStatus.ADJUSTED).select_related("committee")


def _items(meetings: list[Meeting], adjusted: set[int]) -> list[PortalItem]:
    items: list[PortalItem] = []
    for meeting in meetings:
        day = meeting_date(meeting)
        if meeting.signed_on is not None:
            items.append(
                PortalItem(
                    title=_("Notice of the meeting of {date}").format(date=day.isoformat()),
                    url=reverse("meetings:public_kallelse", args=[meeting.pk]),
                    kind=_("Notice"),
                    date=meeting.signed_on,
                    summary=meeting.committee.name,
                )
            )
        if meeting.pk in adjusted:
            items.append(
                PortalItem(
                    title=_("Minutes of the meeting of {date}").format(date=day.isoformat()),
                    url=reverse("meetings:public_protokoll", args=[meeting.pk]),
                    kind=_("Minutes"),
                    date=day,
                    summary=meeting.committee.name,
                )
            )
    return items


def public_meeting_items(*, committee: OrgUnit, year: int) -> list[PortalItem]:
    meetings = list(
        Meeting.objects.filter(committee=committee, year=year)
        .filter(Q(signed_on__isnull=False) | Q(protokoll__status=ProtokollStatus.ADJUSTED))
        .select_related("committee")
        .order_by("starts_at")
    )
    adjusted = set(public_protokoll_meetings().filter(pk__in=[m.pk for m in meetings]).values_list("pk", flat=True))
    return _items(meetings, adjusted)


def search_public_meetings(*, query: str, limit: int) -> list[PortalItem]:
    """Public meetings whose committee's name contains the query."""
    meetings = list(
        Meeting.objects.filter(committee__name__icontains=query)
        .filter(Q(signed_on__isnull=False) | Q(protokoll__status=ProtokollStatus.ADJUSTED))
        .select_related("committee")
        .order_by("-starts_at")[:limit]
    )
    adjusted = set(public_protokoll_meetings().filter(pk__in=[m.pk for m in meetings]).values_list("pk", flat=True))
    return _items(meetings, adjusted)[:limit]


portal_sections.register(
    PortalSection(
        name="meetings",
        label=gettext_lazy("Notices and minutes"),
        order=30,
        items=public_meeting_items,
        search=search_public_meetings,
    )
)
