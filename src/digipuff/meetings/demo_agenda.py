"""Demo meeting from the seed: Socialnämnden's meeting of Tuesday 9 April 2019, 18:00, in the Sessionssalen, with
the kallelse's agenda in its order — godkännande av föredragningslistan, three information points with their
presenters, the cases with their diarienummer (SN-2019/149, 150 and 121 as registered by the cases' demo; the
others, whose numbers the seed does not show legibly, take the series' next numbers), övriga frågor with the
questions tabled on 20 February 2019, and the six sekretessärenden — signed in Huddinge on 22 March 2019 by the
ordförande Eva Carlsson-Paulsén and the sekreterare Lars Axelsson. Called from the app's demo loader after the
cases; idempotent."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from digipuff.meetings import meeting_services, services
from digipuff.meetings.choices import AgendaItemKind, CaseStatus
from digipuff.meetings.models import Case, Meeting
from digipuff.organisation.models import OrgUnit

STARTS = datetime(2019, 4, 9, 18, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
PLACE = "Sessionssalen, Huddinge kommunalkontor, Kommunalvägen 28, Huddinge"

INFORMATION = [
    ("Resultat från medarbetarenkäten", "Lisa Pollack", "HR-chef"),
    ("Aktuellt från individ- och familjeomsorgen", "Yvonne Kokkola", "verksamhetschef"),
    ("Ekonomisk rapport", "Helén Trostemo", "ekonomichef, och Anna Ganning Hallendorff, controller"),
]
# Items 3-12: the cases, by the number the seed shows (None: the series' next).
CASES = [
    (149, "Reviderad verksamhetsplan 2019 för socialnämnden"),
    (150, "Reviderad upphandlingsplan för socialnämnden 2019"),
    (121, "Underlag inför Mål och budget socialnämnden"),
    (None, "Förslag till rutin för anmälan av delegationsbeslut och meddelande till socialnämnden"),
    (None, "Förslag till revidering av HKF Regler för föreningsbidrag i Huddinge kommun"),
    (None, "Förslag till revidering av HKF Regler för kvalitetspris inom socialnämndens verksamhetsområde"),
    (None, "Ökat skydd mot hedersrelaterad brottslighet (SOU 2018:69) - remissvar"),
    (None, "Arkitekturstrategi - remissvar"),
    (None, "Detaljplan för Utsäljeskolan 2 m fl. Utbyggnad av skola, utökat förfarande - remissvar"),
    (
        None,
        "Individ- och familjeomsorgens rapport av beslut som inte verkställts inom tre månader fjärde kvartalet 2018",
    ),
]
TABLED_TITLE = "Bordlagda frågor från socialnämndens möte den 20 februari 2019, § 8."
TABLED_QUESTIONS = "\n".join(
    [
        "Jan-Olof Bodéns (MP) fråga om en artikel i en rikstidning om en Huddingebo som riskerar att vräkas.",
        "Jan-Olof Bodéns (MP) fråga om hur den styrande majoriteten kommer att arbete med att få fram fler "
        "familjehem och kontaktpersoner.",
        "Arne Tärnbloms (V) fråga om hur den styrande majoriteten kommer att arbete med insatser i särskilt utsatta "
        "områden i kommunen och hur nämnden kommer att hållas informerad om resultatet av detta arbete.",
    ]
)
# Items 14-19: the sekretessärenden.
CONFIDENTIAL = [
    "Upphörande av umgängesbegränsning enligt 14 § lagen med särskilda bestämmelser om vård av unga (LVU)",
    "Upphörande av vård enligt 21 § lagen med särskilda bestämmelser om vård av unga (LVU)",
    "Upphörande av umgängesbegränsning enligt 14 § lagen med särskilda bestämmelser om vård av unga (LVU)",
    "Upphörande av vård enligt 21 § lagen med särskilda bestämmelser om vård av unga (LVU)",
    "Meddelande till socialnämnden",
    "Anmälan av delegationsbeslut till socialnämnden",
]


def _case(committee: OrgUnit, number: int | None, title: str) -> Case:
    if number is not None:
        existing = Case.objects.filter(committee=committee, year=2019, number=number).first()
        if existing is not None:
            return existing
    case = services.case_register(
        actor=None, committee=committee, year=2019, number=number, title=title, registered_on=date(2019, 3, 1)
    )
    services.case_status_change(actor=None, case=case, status=CaseStatus.PREPARING, expected_version=None)
    return case


def load_meeting(committee: OrgUnit) -> None:
    if Meeting.objects.filter(committee=committee, starts_at=STARTS).exists():
        return
    meeting = meeting_services.meeting_create(
        actor=None,
        committee=committee,
        starts_at=STARTS,
        place=PLACE,
        chair_name="Eva Carlsson-Paulsén",
        secretary_name="Lars Axelsson",
        signed_place="Huddinge",
        signed_on=date(2019, 3, 22),
    )

    def add(kind: str, **fields: object) -> None:
        meeting_services.agenda_item_add(actor=None, meeting=meeting, kind=kind, **fields)  # type: ignore[arg-type]

    # The numbers the seed shows first, lowest first: the series never gives a number below its last.
    cases = {
        number: _case(committee, number, title) for number, title in sorted(CASES, key=lambda c: c[0] or 0) if number
    }
    add(AgendaItemKind.STANDARD, title="Godkännande av föredragningslistan")
    for title, presenter, role in INFORMATION:
        add(AgendaItemKind.INFORMATION, title=title, presenter=presenter, presenter_role=role)
    for number, title in CASES:
        add(AgendaItemKind.CASE, case=cases[number] if number else _case(committee, None, title))
    add(AgendaItemKind.OTHER_QUESTIONS, title="Övriga frågor")
    add(AgendaItemKind.TABLED_QUESTIONS, title=TABLED_TITLE, description=TABLED_QUESTIONS)
    for title in CONFIDENTIAL:
        add(AgendaItemKind.CASE, case=_case(committee, None, title), confidential=True)
