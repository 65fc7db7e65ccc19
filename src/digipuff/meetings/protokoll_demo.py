"""Demo protokoll: Socialnämnden's meeting of 9 April 2019, justerat on 15 April and posted on 16 April 2019, so that
§ 3 — SN-2019/149 Reviderad verksamhetsplan 2019, the proposal approved — fastställer the verksamhetsplan 2019: the
plan's snapshot is taken by that decision and carries "Socialnämnden 2019-04-09, § 3" and SN-2019/149.

The seed is the kallelse, not the protokoll: the attendance names only the ordförande and the members the kallelse
names (with their parties); the decisions follow the tjänsteutlåtanden's proposals. Runs after the cases, the agenda
and the tjänsteutlåtande (it loads them itself, idempotently) and is idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.meetings import delegation, demo_agenda, protokoll, statement_demo
from digipuff.meetings.choices import AgendaItemKind, DecisionOutcome
from digipuff.meetings.models import Meeting, Protokoll
from digipuff.organisation.models import OrgUnit

MEMBERS = "\n".join(
    [
        "Eva Carlsson-Paulsén (M), ordförande",
        "Jan-Olof Bodén (MP)",
        "Arne Tärnblom (V)",
    ]
)
# Reported to the meeting (the seed's "Anmälan av delegationsbeslut"): illustrative rows, the individual cases
# confidential.
DELEGATION = [
    (
        date(2019, 3, 4),
        "Enhetschef, föreningsbidrag",
        "1.4",
        "Beslut om föreningsbidrag till Huddinge brottsofferjour",
        "",
        False,
    ),
    (date(2019, 3, 12), "Socialsekreterare", "3.2.1", "Beslut om bistånd enligt 4 kap. 1 § SoL", "", True),
    (date(2019, 3, 18), "Sektionschef", "3.5.2", "Beslut om placering enligt 6 kap. 1 § SoL", "", True),
]
# The seed's "rapport av beslut som inte verkställts inom tre månader fjärde kvartalet 2018": illustrative counts.
NON_EXECUTED = [(2018, 4, "Individ- och familjeomsorgen", 3, 9), (2019, 1, "Individ- och familjeomsorgen", 8, 11)]
OTHERS = "Lars Axelsson, nämndsekreterare\nLinn Byström, handläggare"


def _decision_of(item_kind: str, title: str) -> tuple[str, str]:
    if item_kind == AgendaItemKind.CASE:
        return DecisionOutcome.APPROVED, "Socialnämnden beslutar i enlighet med förvaltningens förslag."
    if item_kind == AgendaItemKind.INFORMATION:
        return DecisionOutcome.NOTED, "Socialnämnden noterar informationen till protokollet."
    if title.startswith("Godkännande"):
        return DecisionOutcome.APPROVED, "Föredragningslistan godkänns."
    return DecisionOutcome.NOTED, "Socialnämnden noterar frågorna till protokollet."


@demo_loaders.register
def load() -> list[str]:
    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None:
        return []
    statement_demo.load()  # the cases, the meeting and the tjänsteutlåtande of SN-2019/149 (idempotent)
    meeting = (
        Meeting.objects.filter(committee=committee, starts_at=demo_agenda.STARTS).select_related("committee").first()
    )
    if meeting is None or Protokoll.objects.filter(meeting=meeting, status="adjusted").exists():
        return []
    with transaction.atomic():
        protokoll.protokoll_save(
            actor=None,
            meeting=meeting,
            expected_version=None,
            members=MEMBERS,
            others_present=OTHERS,
            adjusters="Jan-Olof Bodén (MP)",
            adjustment_place="Huddinge",
            adjusted_on=date(2019, 4, 15),
            posted_on=date(2019, 4, 16),
        )
        if not meeting.delegation_decisions.exists():
            for decided_on, delegate, point, subject, reference, confidential in DELEGATION:
                delegation.delegation_decision_add(
                    actor=None,
                    meeting=meeting,
                    decided_on=decided_on,
                    delegate=delegate,
                    delegation_point=point,
                    subject=subject,
                    reference=reference,
                    confidential=confidential,
                )
        for year, quarter, area, women, men in NON_EXECUTED:
            delegation.non_executed_save(
                actor=None, committee=committee, year=year, quarter=quarter, area=area, women=women, men=men
            )
        for paragraph in protokoll.paragraphs(meeting, confidential=True):
            item = paragraph.item
            outcome, text = _decision_of(item.kind, item.title)
            protokoll.decision_save(
                actor=None,
                item=item,
                expected_version=None,
                outcome=outcome,
                proposal=protokoll.default_proposal(item),
                decision=text,
            )
        protokoll.protokoll_adjust(actor=None, meeting=meeting, expected_version=None)
    return []
