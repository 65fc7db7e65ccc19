"""Reading meetings and their agenda, restricted to what the user may see.

Who sees the confidential items (sekretessärenden): those who may EDIT on the committee — its writers, approvers and
administrators (the nämndsekreterare and the officers who prepare its cases), and those of a unit above it. Everyone
else who may VIEW the committee (readers, controllers, roles on a unit below it) sees the public items only, on the
pages, in the API and in the documents (the public edition of the kallelse and of the handlingar). A case that is on
a confidential item is confidential too: its page and its row in the case list and API are shown to the entitled
only. The rule is `may_see_confidential`; every channel asks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.meetings.choices import AgendaItemKind, AgendaItemStatus
from digipuff.meetings.models import AgendaItem, Case, Meeting
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser

#: The action that entitles a user to the confidential items of a committee's meetings.
CONFIDENTIAL_ACTION = Action.EDIT


def may_see_confidential(user: AnyUser, committee: OrgUnit) -> bool:
    return policy.allows(user, CONFIDENTIAL_ACTION, committee)


def committee_meetings(*, committee: OrgUnit, year: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee=committee, year=year).order_by("starts_at", "pk")


def later_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """The committee's meetings after this one: where an item can be postponed to."""
    return Meeting.objects.filter(committee_id=meeting.committee_id, starts_at__gt=meeting.starts_at).order_by(
        "starts_at", "pk"
    )


def meeting_items(meeting: Meeting, *, confidential: bool) -> list[AgendaItem]:
    """Every item of the meeting (on the agenda or not) the reader may see, in agenda order."""
    items = meeting.items.select_related("case", "postponed_to", "postponed_from__meeting").order_by(
        "confidential", "position"
    )
    if not confidential:
        items = items.filter(confidential=False)
    return list(items)


@dataclass
class AgendaEntry:
    """One numbered point of the agenda: a single item, or consecutive items that share the number (information
    points under "Information"; tabled questions under "Övriga frågor")."""

    number: int
    heading: str
    items: list[AgendaItem]
    confidential: bool

    @property
    def diarienummer(self) -> str:
        return ", ".join(item.case.diarienummer for item in self.items if item.case is not None)

    @property
    def grouped(self) -> bool:
        return self.items[0].kind == AgendaItemKind.INFORMATION or len(self.items) > 1


@dataclass
class Agenda:
    """A meeting's agenda as one reader sees it: the numbered public part, the confidential part (empty for those not
    entitled) and the items taken off the agenda (postponed or withdrawn)."""

    public: list[AgendaEntry] = field(default_factory=list)
    confidential: list[AgendaEntry] = field(default_factory=list)
    off_agenda: list[AgendaItem] = field(default_factory=list)
    with_confidential: bool = False


def _joins(previous: AgendaItem, item: AgendaItem) -> bool:
    if previous.confidential != item.confidential:
        return False
    if item.kind == AgendaItemKind.INFORMATION:
        return previous.kind == AgendaItemKind.INFORMATION
    if item.kind == AgendaItemKind.TABLED_QUESTIONS:
        return previous.kind in (AgendaItemKind.OTHER_QUESTIONS, AgendaItemKind.TABLED_QUESTIONS)
    return False


def number_items(items: list[AgendaItem]) -> list[AgendaEntry]:
    """Number the items on the agenda: the public part first, the confidential part after it, the numbers running on
    (so an item has the same number in the public and in the complete edition)."""
    ordered = sorted(
        (item for item in items if item.status == AgendaItemStatus.ON_AGENDA),
        key=lambda item: (item.confidential, item.position),
    )
    entries: list[AgendaEntry] = []
    for item in ordered:
        if entries and _joins(entries[-1].items[-1], item):
            entries[-1].items.append(item)
            continue
        heading = _("Information") if item.kind == AgendaItemKind.INFORMATION else item.title
        entries.append(
            AgendaEntry(number=len(entries) + 1, heading=heading, items=[item], confidential=item.confidential)
        )
    return entries


def agenda(meeting: Meeting, *, confidential: bool) -> Agenda:
    """The meeting's agenda; with `confidential` (the reader is entitled: `may_see_confidential`) its confidential
    part too."""
    items = meeting_items(meeting, confidential=confidential)
    entries = number_items(items)
    for part in (False, True):
        on_part = [item for entry in entries if entry.confidential is part for item in entry.items]
        for item in on_part:
            # For the agenda's buttons: the first item of a part cannot move up, the last not down.
            item.first_in_part = item is on_part[0]  # type: ignore[attr-defined]
            item.last_in_part = item is on_part[-1]  # type: ignore[attr-defined]
    return Agenda(
        public=[entry for entry in entries if not entry.confidential],
        confidential=[entry for entry in entries if entry.confidential],
        off_agenda=[item for item in items if item.status != AgendaItemStatus.ON_AGENDA],
        with_confidential=confidential,
    )


def visible_meetings(user: AnyUser) -> QuerySet[Meeting]:
    return policy.restrict(Meeting.objects.select_related("committee"), user, Action.VIEW)


def visible_agenda_items(user: AnyUser) -> QuerySet[AgendaItem]:
    """The agenda items the user may see: of the committees they may view, the confidential ones only where they are
    entitled."""
    entitled = policy.restrict(AgendaItem.objects.all(), user, CONFIDENTIAL_ACTION).values("pk")
    return policy.restrict(
        AgendaItem.objects.select_related("meeting__committee", "case", "postponed_to", "postponed_from"),
        user,
        Action.VIEW,
    ).filter(Q(confidential=False) | Q(pk__in=entitled))


def confidential_cases_hidden(cases: QuerySet[Case], user: AnyUser) -> QuerySet[Case]:
    """`cases` without those on a confidential agenda item, unless the user is entitled on the case's committee."""
    on_confidential = AgendaItem.objects.filter(case=OuterRef("pk"), confidential=True)
    entitled = policy.restrict(Case.objects.all(), user, CONFIDENTIAL_ACTION).values("pk")
    return cases.filter(~Exists(on_confidential) | Q(pk__in=entitled))


def case_is_confidential(case: Case) -> bool:
    return AgendaItem.objects.filter(case=case, confidential=True).exists()
