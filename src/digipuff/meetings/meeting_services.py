"""Writing meetings and their agenda: create and edit a meeting, add items of each kind, move them, postpone
(bordlägga) an item to a later meeting, withdraw it, mark it confidential. Each asks the policy (EDIT on the
committee) first, checks the version the user saw and leaves an audit entry.

Kept apart from `services.py` (the cases) so that the agenda and the case documents grow independently."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.meetings.choices import AgendaItemKind, AgendaItemStatus, ProtokollStatus
from digipuff.meetings.models import AgendaItem, Case, Meeting, Protokoll
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

UP, DOWN = "up", "down"


def _check_meeting_fields(*, starts_at: datetime, place: str) -> None:
    errors = {}
    if not place.strip():
        errors["place"] = _("Say where the meeting is held.")
    if starts_at is None:
        errors["starts_at"] = _("Give the meeting's date and time.")
    if errors:
        raise ValidationError(errors)


def meeting_create(
    *,
    actor: User | None,
    committee: OrgUnit,
    starts_at: datetime,
    place: str,
    chair_name: str = "",
    secretary_name: str = "",
    signed_place: str = "",
    signed_on: date | None = None,
) -> Meeting:
    """Plan a meeting of the committee at a time and place."""
    if actor is not None:
        policy.require(actor, Action.EDIT, committee)
    if committee.kind != "committee":
        raise ValidationError(
            _("{name} is not a committee; meetings are held by committees.").format(name=committee.name)
        )
    _check_meeting_fields(starts_at=starts_at, place=place)
    with transaction.atomic(), audit.acting_as(actor):
        meeting = Meeting(
            committee=committee,
            year=timezone.localtime(starts_at).year,
            starts_at=starts_at,
            place=place.strip(),
            chair_name=chair_name.strip(),
            secretary_name=secretary_name.strip(),
            signed_place=signed_place.strip(),
            signed_on=signed_on,
            updated_by=actor,
        )
        meeting.full_clean()
        meeting.save()
    return meeting


def meeting_update(
    *,
    actor: User | None,
    meeting: Meeting,
    expected_version: int | None,
    starts_at: datetime,
    place: str,
    chair_name: str,
    secretary_name: str,
    signed_place: str,
    signed_on: date | None,
) -> Meeting:
    """Change a meeting's time, place or signatures."""
    if actor is not None:
        policy.require(actor, Action.EDIT, meeting)
    _check_meeting_fields(starts_at=starts_at, place=place)
    with transaction.atomic(), audit.acting_as(actor):
        _refuse_if_adjusted(meeting.pk)
        check_version(meeting, expected_version=expected_version, actor=actor)
        meeting.starts_at = starts_at
        meeting.year = timezone.localtime(starts_at).year
        meeting.place = place.strip()
        meeting.chair_name = chair_name.strip()
        meeting.secretary_name = secretary_name.strip()
        meeting.signed_place = signed_place.strip()
        meeting.signed_on = signed_on
        meeting.full_clean()
        meeting.save()
    return meeting


def _default_title(kind: str) -> str:
    if kind == AgendaItemKind.OTHER_QUESTIONS:
        return _("Other questions")
    if kind == AgendaItemKind.TABLED_QUESTIONS:
        return _("Tabled questions")
    return ""


def _checked_title(*, meeting: Meeting, kind: str, title: str, case: Case | None) -> str:
    if kind not in AgendaItemKind.values:
        raise ValidationError({"kind": _("Choose what kind of item it is.")})
    if kind == AgendaItemKind.CASE:
        if case is None:
            raise ValidationError({"case": _("Choose the case the item concerns.")})
        if case.committee_id != meeting.committee_id:
            raise ValidationError({"case": _("The case belongs to another committee.")})
        return title.strip() or case.title
    if case is not None:
        raise ValidationError({"case": _("Only an item of the kind “Case” concerns a case.")})
    title = title.strip() or _default_title(kind)
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    return title


def _next_position(meeting: Meeting) -> int:
    # The meeting row is locked by the caller, so two items added at once never take the same position.
    highest = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"]
    return (highest or 0) + 1


def _refuse_if_adjusted(meeting_id: int) -> None:
    """Once the meeting's protokoll is justerat, its agenda is a record: nothing on it changes any more."""
    if Protokoll.objects.filter(meeting_id=meeting_id, status=ProtokollStatus.ADJUSTED).exists():
        raise ValidationError(
            _("The meeting's protokoll is adjusted; the meeting and its agenda can no longer change.")
        )


def _lock(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


def agenda_item_add(
    *,
    actor: User | None,
    meeting: Meeting,
    kind: str,
    title: str = "",
    description: str = "",
    case: Case | None = None,
    presenter: str = "",
    presenter_role: str = "",
    confidential: bool = False,
    postponed_from: AgendaItem | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda (of its confidential part, when it is confidential)."""
    if actor is not None:
        policy.require(actor, Action.EDIT, meeting)
    title = _checked_title(meeting=meeting, kind=kind, title=title, case=case)
    with transaction.atomic(), audit.acting_as(actor):
        _lock(meeting)
        _refuse_if_adjusted(meeting.pk)
        item = AgendaItem(
            meeting=meeting,
            position=_next_position(meeting),
            kind=kind,
            title=title,
            description=description.strip(),
            case=case,
            presenter=presenter.strip(),
            presenter_role=presenter_role.strip(),
            confidential=confidential,
            postponed_from=postponed_from,
            updated_by=actor,
        )
        item.full_clean()
        item.save()
    return item


def agenda_item_update(
    *,
    actor: User | None,
    item: AgendaItem,
    expected_version: int | None,
    title: str,
    description: str,
    case: Case | None,
    presenter: str,
    presenter_role: str,
) -> AgendaItem:
    """Change an item's title, description, case or presenter; its kind and place stay."""
    if actor is not None:
        policy.require(actor, Action.EDIT, item)
    title = _checked_title(meeting=item.meeting, kind=item.kind, title=title, case=case)
    with transaction.atomic(), audit.acting_as(actor):
        _refuse_if_adjusted(item.meeting_id)
        check_version(item, expected_version=expected_version, actor=actor)
        item.title = title
        item.description = description.strip()
        item.case = case
        item.presenter = presenter.strip()
        item.presenter_role = presenter_role.strip()
        item.full_clean()
        item.save()
    return item


def _require_on_agenda(item: AgendaItem) -> None:
    if item.status != AgendaItemStatus.ON_AGENDA:
        raise ValidationError(
            _("“{title}” is no longer on the agenda ({status}).").format(
                title=item.title, status=AgendaItemStatus(item.status).label.lower()
            )
        )


def agenda_item_move(
    *, actor: User | None, item: AgendaItem, expected_version: int | None, direction: str
) -> AgendaItem:
    """Swap the item with its neighbour above or below among the items on the agenda in the same part (public or
    confidential)."""
    if actor is not None:
        policy.require(actor, Action.EDIT, item)
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Move the item up or down.")})
    with transaction.atomic(), audit.acting_as(actor):
        _lock(item.meeting)
        _refuse_if_adjusted(item.meeting_id)
        check_version(item, expected_version=expected_version, actor=actor)
        _require_on_agenda(item)
        same_part = AgendaItem.objects.filter(
            meeting=item.meeting, confidential=item.confidential, status=AgendaItemStatus.ON_AGENDA
        ).exclude(pk=item.pk)
        if direction == UP:
            neighbour = same_part.filter(position__lt=item.position).order_by("-position").first()
        else:
            neighbour = same_part.filter(position__gt=item.position).order_by("position").first()
        if neighbour is None:
            where = _("first") if direction == UP else _("last")
            raise ValidationError(
                _("“{title}” is already {where} on the agenda.").format(title=item.title, where=where)
            )
        mine, theirs = item.position, neighbour.position
        # Through a free position: the unique (meeting, position) constraint is checked per statement.
        item.position = _next_position(item.meeting)
        item.save(update_fields=["position"])
        neighbour.position = mine
        neighbour.save(update_fields=["position"])
        item.position = theirs
        item.save()
    return item


def agenda_item_postpone(
    *, actor: User | None, item: AgendaItem, expected_version: int | None, to_meeting: Meeting
) -> AgendaItem:
    """Postpone (bordlägga) the item to a later meeting of the same committee: it leaves this agenda marked as
    postponed and is added at the end of the later meeting's agenda (in the same part), pointing back to this one.
    Returns the new item."""
    if actor is not None:
        policy.require(actor, Action.EDIT, item)
    if to_meeting.committee_id != item.meeting.committee_id:
        raise ValidationError({"to_meeting": _("The meeting belongs to another committee.")})
    if to_meeting.starts_at <= item.meeting.starts_at:
        raise ValidationError({"to_meeting": _("An item can only be postponed to a later meeting.")})
    with transaction.atomic(), audit.acting_as(actor):
        _lock(item.meeting)
        _refuse_if_adjusted(item.meeting_id)
        check_version(item, expected_version=expected_version, actor=actor)
        _require_on_agenda(item)
        item.status = AgendaItemStatus.POSTPONED
        item.postponed_to = to_meeting
        item.save()
        return agenda_item_add(
            actor=actor,
            meeting=to_meeting,
            kind=item.kind,
            title=item.title,
            description=item.description,
            case=item.case,
            presenter=item.presenter,
            presenter_role=item.presenter_role,
            confidential=item.confidential,
            postponed_from=item,
        )


def agenda_item_withdraw(*, actor: User | None, item: AgendaItem, expected_version: int | None) -> AgendaItem:
    """Withdraw the item from the agenda (återta); it is kept as a record, off the agenda and out of the kallelse."""
    if actor is not None:
        policy.require(actor, Action.EDIT, item)
    with transaction.atomic(), audit.acting_as(actor):
        _refuse_if_adjusted(item.meeting_id)
        check_version(item, expected_version=expected_version, actor=actor)
        _require_on_agenda(item)
        item.status = AgendaItemStatus.WITHDRAWN
        item.save()
    return item


def agenda_item_set_confidential(
    *, actor: User | None, item: AgendaItem, expected_version: int | None, confidential: bool
) -> AgendaItem:
    """Move the item into the confidential part (sekretessärenden) or out of it, at the end of that part."""
    if actor is not None:
        policy.require(actor, Action.EDIT, item)
    with transaction.atomic(), audit.acting_as(actor):
        _lock(item.meeting)
        _refuse_if_adjusted(item.meeting_id)
        check_version(item, expected_version=expected_version, actor=actor)
        if item.confidential != confidential:
            item.confidential = confidential
            item.position = _next_position(item.meeting)
        item.save()
    return item
