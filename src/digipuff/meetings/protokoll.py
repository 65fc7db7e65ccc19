"""The protokoll of a meeting: its paragraphs (§) numbered through the committee's year, the attendance, the
decision on each paragraph, and the justering that freezes it.

Paragraphs follow the agenda (`meeting_selectors.number_items`): each numbered point of the agenda is one paragraph,
held by its first item (information points and tabled questions share the paragraph of the point they stand under);
the first paragraph of a meeting follows the last of the committee's earlier meetings that year.

Justering (`protokoll_adjust`, ADMINISTER on the committee) stores the protokoll's full text as JSON with its
SHA-256 and refuses every later change; each paragraph whose decision approves the proposal of a case that concerns a
report fastställer that report: `reports.services.report_freeze` with the case's diarienummer, the meeting's date
and "Socialnämnden 2019-04-09, § 3". The anslag (the notice of the justering on the notice board) gives the appeal
period: three weeks from the day it is posted (kommunallagen 13 kap. 5 §), and it is taken down the day after."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.meetings.choices import AgendaItemKind, CaseStatus, DecisionOutcome, ProtokollStatus
from digipuff.meetings.meeting_selectors import AgendaEntry, meeting_items, number_items
from digipuff.meetings.models import AgendaItem, ItemDecision, Meeting, Protokoll

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Outcomes that leave the case undecided: information noted, the case referred back (återremiss).
NOT_DECIDING = (DecisionOutcome.NOTED, DecisionOutcome.REFERRED_BACK)

#: The appeal period (överklagandetid): three weeks from the day the anslag is posted.
APPEAL_DAYS = 21


def appeal_ends(posted_on: date) -> date:
    """The last day to appeal (laglighetsprövning): three weeks from the day the anslag is posted."""
    return posted_on + timedelta(days=APPEAL_DAYS)


def notice_removed_on(posted_on: date) -> date:
    """The day the anslag is taken down: the day after the appeal period."""
    return appeal_ends(posted_on) + timedelta(days=1)


def meeting_date(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def decision_reference(meeting: Meeting, paragraph: int) -> str:
    """How a decision is cited: "Socialnämnden 2019-04-09, § 3"."""
    return f"{meeting.committee.name} {meeting_date(meeting).isoformat()}, § {paragraph}"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- reading -----------------------------------------------------------------------------------------------------------


@dataclass
class Paragraph:
    """One paragraph of the protokoll: the agenda point it records and the decision taken."""

    number: int | None
    entry: AgendaEntry
    decision: ItemDecision | None

    @property
    def item(self) -> AgendaItem:
        return self.entry.items[0]

    @property
    def confidential(self) -> bool:
        return self.entry.confidential


def paragraphs(meeting: Meeting, *, confidential: bool) -> list[Paragraph]:
    """The protokoll's paragraphs the reader may see, in order (the public ones for those not entitled)."""
    items = meeting_items(meeting, confidential=confidential)
    decisions = {d.item_id: d for d in ItemDecision.objects.filter(item__in=[item.pk for item in items])}
    return [
        Paragraph(number=entry.items[0].paragraph, entry=entry, decision=decisions.get(entry.items[0].pk))
        for entry in number_items(items)
    ]


def protokoll_of(meeting: Meeting) -> Protokoll | None:
    return Protokoll.objects.filter(meeting=meeting).first()


def _attendance(protokoll: Protokoll) -> dict[str, list[str]]:
    return {
        "members": lines(protokoll.members),
        "serving_substitutes": lines(protokoll.serving_substitutes),
        "substitutes": lines(protokoll.substitutes),
        "others": lines(protokoll.others_present),
    }


def _paragraph_content(paragraph: Paragraph) -> dict[str, Any]:
    decision = paragraph.decision
    item = paragraph.item
    return {
        "number": paragraph.number,
        "title": paragraph.entry.heading,
        "diarienummer": paragraph.entry.diarienummer,
        "confidential": paragraph.confidential,
        "items": [
            {"title": i.title, "presenter": i.presenter, "presenter_role": i.presenter_role, "text": i.description}
            for i in paragraph.entry.items
            if paragraph.entry.grouped
        ],
        "outcome": decision.outcome if decision else "",
        "approves_report": bool(
            decision and decision.outcome == DecisionOutcome.APPROVED and item.case and item.case.report_id
        ),
        "proposal": decision.proposal if decision else "",
        "motions": decision.motions if decision else "",
        "procedure": decision.procedure if decision else "",
        "decision": decision.decision if decision else "",
        "reservations": decision.reservations if decision else "",
        "disqualified": decision.disqualified if decision else "",
    }


def build_content(protokoll: Protokoll) -> dict[str, Any]:
    """The protokoll's full text (every paragraph, the confidential ones marked) as plain data: what justering
    stores and hashes, and what the page and the PDF show."""
    from digipuff.organisation.models import Municipality

    meeting = protokoll.meeting
    municipality = Municipality.objects.order_by("pk").first()
    posted = protokoll.posted_on
    return {
        "municipality": municipality.name if municipality is not None else "",
        "committee": meeting.committee.name,
        "committee_code": meeting.committee.code,
        "date": meeting_date(meeting).isoformat(),
        "time": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
        "place": meeting.place,
        "chair": meeting.chair_name,
        "secretary": meeting.secretary_name,
        "attendance": _attendance(protokoll),
        "adjusters": protokoll.adjusters,
        "adjustment_place": protokoll.adjustment_place,
        "adjusted_on": protokoll.adjusted_on.isoformat() if protokoll.adjusted_on else "",
        "posted_on": posted.isoformat() if posted else "",
        "appeal_ends": appeal_ends(posted).isoformat() if posted else "",
        "removed_on": notice_removed_on(posted).isoformat() if posted else "",
        "paragraphs": [_paragraph_content(p) for p in paragraphs(meeting, confidential=True)],
    }


def content_json(content: dict[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(content_json(content).encode()).hexdigest()


def content_of(protokoll: Protokoll, *, confidential: bool) -> dict[str, Any]:
    """What the reader sees: the stored text once justerat, else the draft as it stands; without the confidential
    paragraphs for those not entitled (the public edition)."""
    content = dict(protokoll.content) if protokoll.is_adjusted and protokoll.content else build_content(protokoll)
    shown = [p for p in content["paragraphs"] if confidential or not p["confidential"]]
    # The outcome is stored as its code (the text is the same in every language); the label is the reader's.
    content["paragraphs"] = [
        {**p, "outcome_label": str(DecisionOutcome(p["outcome"]).label) if p["outcome"] else ""} for p in shown
    ]
    return content


# -- writing -----------------------------------------------------------------------------------------------------------


def _not_adjusted(protokoll: Protokoll) -> None:
    if protokoll.is_adjusted:
        raise ValidationError(
            _("The protokoll was adjusted on {date} and can no longer be changed.").format(
                date=protokoll.adjusted_on.isoformat() if protokoll.adjusted_on else "–"
            )
        )


def meeting_is_adjusted(meeting: Meeting) -> bool:
    return Protokoll.objects.filter(meeting=meeting, status=ProtokollStatus.ADJUSTED).exists()


def first_paragraph(meeting: Meeting) -> int:
    """The number of the meeting's first paragraph: after the last of the committee's earlier meetings that year."""
    highest = AgendaItem.objects.filter(
        meeting__committee_id=meeting.committee_id, meeting__year=meeting.year, meeting__starts_at__lt=meeting.starts_at
    ).aggregate(top=Max("paragraph"))["top"]
    return (highest or 0) + 1


def number_paragraphs(meeting: Meeting) -> None:
    """Give each point of the agenda its paragraph, numbered on from the committee's earlier meetings of the year."""
    later = AgendaItem.objects.filter(
        meeting__committee_id=meeting.committee_id,
        meeting__year=meeting.year,
        meeting__starts_at__gt=meeting.starts_at,
        paragraph__isnull=False,
    )
    if later.exists():
        raise ValidationError(
            _(
                "A later meeting of the year already has numbered paragraphs; the paragraphs run through the year, "
                "so this meeting's protokoll must be numbered first."
            )
        )
    entries = number_items(meeting_items(meeting, confidential=True))
    start = first_paragraph(meeting)
    AgendaItem.objects.filter(meeting=meeting).update(paragraph=None)
    for index, entry in enumerate(entries):
        AgendaItem.objects.filter(pk=entry.items[0].pk).update(paragraph=start + index)


def protokoll_save(
    *,
    actor: User | None,
    meeting: Meeting,
    expected_version: int | None,
    members: str = "",
    serving_substitutes: str = "",
    substitutes: str = "",
    others_present: str = "",
    adjusters: str = "",
    adjustment_place: str = "",
    adjusted_on: date | None = None,
    posted_on: date | None = None,
) -> Protokoll:
    """Start or edit the protokoll of a meeting (EDIT on the committee) and number its paragraphs."""
    if actor is not None:
        policy.require(actor, Action.EDIT, meeting)
    if adjusted_on and posted_on and posted_on < adjusted_on:
        raise ValidationError({"posted_on": _("The notice is posted once the protokoll is adjusted, not before.")})
    with transaction.atomic(), audit.acting_as(actor):
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        protokoll = Protokoll.objects.filter(meeting=meeting).first()
        if protokoll is None:
            protokoll = Protokoll(meeting=meeting)
        else:
            _not_adjusted(protokoll)
            check_version(protokoll, expected_version=expected_version, actor=actor)
        protokoll.members = members.strip()
        protokoll.serving_substitutes = serving_substitutes.strip()
        protokoll.substitutes = substitutes.strip()
        protokoll.others_present = others_present.strip()
        protokoll.adjusters = adjusters.strip()
        protokoll.adjustment_place = adjustment_place.strip()
        protokoll.adjusted_on = adjusted_on
        protokoll.posted_on = posted_on
        protokoll.updated_by = actor
        protokoll.full_clean()
        protokoll.save()
        number_paragraphs(meeting)
    return protokoll


def default_proposal(item: AgendaItem) -> str:
    """The proposal the decision starts from: the tjänsteutlåtande's förslag till beslut, as plain text."""
    statement = getattr(item.case, "statement", None) if item.case_id else None
    if statement is None or not statement.proposal:
        return ""
    return strip_tags(statement.proposal.replace("</p>", "</p>\n")).strip()


def decision_save(
    *,
    actor: User | None,
    item: AgendaItem,
    expected_version: int | None,
    outcome: str,
    proposal: str = "",
    motions: str = "",
    procedure: str = "",
    decision: str = "",
    reservations: str = "",
    disqualified: str = "",
) -> ItemDecision:
    """Record the committee's decision on a paragraph (EDIT on the committee), while the protokoll is a draft."""
    if actor is not None:
        policy.require(actor, Action.EDIT, item)
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose what the committee decided.")})
    if outcome == DecisionOutcome.NOTED and item.kind == AgendaItemKind.CASE and not decision.strip():
        raise ValidationError({"decision": _("Write the decision on the case.")})
    with transaction.atomic(), audit.acting_as(actor):
        protokoll = Protokoll.objects.select_for_update().filter(meeting_id=item.meeting_id).first()
        if protokoll is None:
            raise ValidationError(_("Start the protokoll of the meeting first."))
        _not_adjusted(protokoll)
        item.refresh_from_db(fields=["paragraph"])
        if item.paragraph is None:
            raise ValidationError(_("The item has no paragraph of its own in the protokoll."))
        existing = ItemDecision.objects.filter(item=item).first()
        if existing is None:
            existing = ItemDecision(item=item)
        else:
            check_version(existing, expected_version=expected_version, actor=actor)
        existing.outcome = outcome
        existing.proposal = proposal.strip()
        existing.motions = motions.strip()
        existing.procedure = procedure.strip()
        existing.decision = decision.strip()
        existing.reservations = reservations.strip()
        existing.disqualified = disqualified.strip()
        existing.updated_by = actor
        existing.full_clean()
        existing.save()
    return existing


def adjust_check(protokoll: Protokoll) -> None:
    """What justering needs: the justerare, the date, the anslag, and a decision on every paragraph."""
    errors: dict[str, str] = {}
    if not protokoll.adjusters.strip():
        errors["adjusters"] = _("Name who adjusts the protokoll (justerare).")
    if protokoll.adjusted_on is None:
        errors["adjusted_on"] = _("Give the date of adjustment.")
    if protokoll.posted_on is None:
        errors["posted_on"] = _("Give the date the notice of adjustment is posted.")
    if errors:
        raise ValidationError(errors)
    missing = [p.number for p in paragraphs(protokoll.meeting, confidential=True) if p.decision is None]
    if missing:
        raise ValidationError(
            _("Record the decision of every paragraph first; missing: {paragraphs}.").format(
                paragraphs=", ".join(f"§ {n}" for n in missing)
            )
        )


@transaction.atomic
def protokoll_adjust(*, actor: User | None, meeting: Meeting, expected_version: int | None) -> Protokoll:
    """Justera the protokoll (ADMINISTER on the committee): store its text with its SHA-256 for good, and let each
    paragraph that approves the proposal of a case concerning a report fastställa that report."""
    from digipuff.meetings import services as case_services
    from digipuff.reports import services as report_services

    if actor is not None:
        policy.require(actor, Action.ADMINISTER, meeting)
    protokoll = Protokoll.objects.select_for_update().filter(meeting=meeting).first()
    if protokoll is None:
        raise ValidationError(_("Start the protokoll of the meeting first."))
    _not_adjusted(protokoll)
    with audit.acting_as(actor):
        check_version(protokoll, expected_version=expected_version, actor=actor)
        number_paragraphs(meeting)
        adjust_check(protokoll)
        content = build_content(protokoll)
        protokoll.content = content
        protokoll.content_sha256 = content_hash(content)
        protokoll.status = ProtokollStatus.ADJUSTED
        protokoll.adjusted_at = timezone.now()
        protokoll.adjusted_by = actor
        protokoll.updated_by = actor
        protokoll.save()
        for paragraph in paragraphs(meeting, confidential=True):
            case = paragraph.item.case
            if case is None or paragraph.decision is None or paragraph.decision.outcome in NOT_DECIDING:
                continue
            if case.status == CaseStatus.PREPARING:
                case_services.case_status_change(
                    actor=actor,
                    case=case,
                    status=CaseStatus.DECIDED,
                    expected_version=None,
                    note=decision_reference(meeting, paragraph.number or 0),
                )
            report = case.report
            if paragraph.decision.outcome == DecisionOutcome.APPROVED and report is not None and not report.is_frozen:
                report_services.report_freeze(
                    actor=actor,
                    report=report,
                    decided_on=meeting_date(meeting),
                    case_number=case.diarienummer,
                    decided_by=decision_reference(meeting, paragraph.number or 0),
                )
    return protokoll
