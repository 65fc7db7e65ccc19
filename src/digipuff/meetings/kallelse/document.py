"""The kallelse as a plain document model, built once from the meeting and read by both renderers.

It follows the committee's own form (seed: the kallelse to Socialnämnden of 9 April 2019): the running header
"SOCIALNÄMNDEN KALLELSE SIDA 1 (3)", the heading "Kallelse till socialnämnden", Tid and Plats, the numbered agenda
with a diarienummer column (information points with presenter and role under one number, tabled questions under
övriga frågor), the sekretessärenden in their own part (complete edition only), and the place, date and the
signatures of the ordförande and the sekreterare."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _

from digipuff.meetings import meeting_selectors
from digipuff.meetings.choices import AgendaItemKind
from digipuff.meetings.meeting_selectors import AgendaEntry
from digipuff.meetings.models import AgendaItem, Meeting
from digipuff.organisation.models import Municipality


@dataclass(frozen=True)
class Point:
    """A line under an agenda row: an information point or a tabled question, with the lines that go with it (the
    presenter and role, the questions)."""

    title: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """One numbered row of the agenda: number, title, points under it and the diarienummer column."""

    number: str
    title: str
    points: list[Point]
    diarienummer: str


@dataclass(frozen=True)
class Kallelse:
    municipality: str
    committee: str
    title: str
    time: str
    place: str
    rows: list[Row]
    confidential_rows: list[Row]
    signed: str
    signatures: list[tuple[str, str]]
    complete: bool
    created: date
    labels: dict[str, str]


def long_date(value: date) -> str:
    """ "9 april 2019"."""
    return _("{day} {month} {year}").format(day=value.day, month=str(MONTHS[value.month]).lower(), year=value.year)


def meeting_time(value: datetime) -> str:
    """ "Tisdagen den 9 april 2019, klockan 18:00" (the Swedish form; the weekday's definite form is the pattern's)."""
    local = timezone.localtime(value)
    weekday = str(WEEKDAYS[local.weekday()])
    return _("{weekday} {date}, at {time}").format(
        weekday=weekday[:1].upper() + weekday[1:], date=long_date(local.date()), time=f"{local:%H:%M}"
    )


def _lines(item: AgendaItem) -> list[str]:
    lines = []
    if item.presenter:
        lines.append(f"{item.presenter}, {item.presenter_role}" if item.presenter_role else item.presenter)
    lines.extend(line.strip() for line in item.description.splitlines() if line.strip())
    return lines


def _row(entry: AgendaEntry) -> Row:
    points: list[Point] = []
    for index, item in enumerate(entry.items):
        if index == 0 and item.kind != AgendaItemKind.INFORMATION:
            if _lines(item):
                points.append(Point(title="", lines=_lines(item)))
            continue
        points.append(Point(title=item.title, lines=_lines(item)))
    return Row(number=str(entry.number), title=entry.heading, points=points, diarienummer=entry.diarienummer)


def _addressed(committee: str) -> str:
    return committee[:1].lower() + committee[1:]


def build_kallelse(meeting: Meeting, *, complete: bool) -> Kallelse:
    """The kallelse of the meeting; `complete` includes the confidential part (only for those entitled: the view
    asks `meeting_selectors.may_see_confidential` before asking for it)."""
    agenda = meeting_selectors.agenda(meeting, confidential=complete)
    committee = meeting.committee.name
    municipality = Municipality.current()
    signed = ""
    if meeting.signed_on:
        signed = long_date(meeting.signed_on)
        if meeting.signed_place:
            signed = _("{place}, {date}").format(place=meeting.signed_place, date=signed)
    signatures = [
        (name, role)
        for name, role in ((meeting.chair_name, _("Chair")), (meeting.secretary_name, _("Secretary")))
        if name
    ]
    return Kallelse(
        municipality=municipality.name if municipality else "",
        committee=committee,
        title=_("Notice to {committee}").format(committee=_addressed(committee)),
        time=meeting_time(meeting.starts_at),
        place=meeting.place,
        rows=[_row(entry) for entry in agenda.public],
        confidential_rows=[_row(entry) for entry in agenda.confidential] if complete else [],
        signed=signed,
        signatures=signatures,
        complete=complete,
        created=meeting.signed_on or timezone.localtime(meeting.starts_at).date(),
        labels={
            "kind": _("Notice").upper(),
            "page": _("Page {n} ({m})").upper(),
            "time": _("Time"),
            "place": _("Place"),
            "items": _("Items"),
            "number": _("Item number"),
            "diarienummer": _("Registry number"),
            "confidential": _("Confidential items"),
        },
    )
