"""Delegationsbeslut reported to a meeting, and the quarterly report of decisions not executed within three months.

Delegation decisions are recorded (EDIT on the committee) and listed on the meeting they are reported to; a
confidential one (an individual's case) only for those entitled (`meeting_selectors.may_see_confidential`).

Decisions not executed (ej verkställda beslut, SoL 16 kap. 6 f §) are entered per quarter and area as counts of
women and men (EDIT); the report shows per quarter the women, the men and the total, every figure through
`core.suppression` (the municipality's threshold): a small count is "--", and the rule's secondary suppression keeps
the total from giving it away. The same table for everyone: the raw counts are only in the entry form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from digipuff.core import audit, policy, suppression
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.meetings.meeting_selectors import may_see_confidential
from digipuff.meetings.models import DelegationDecision, Meeting, NonExecutedCount
from digipuff.organisation.models import Municipality, OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.core.policy import AnyUser


def delegation_decisions(meeting: Meeting, user: AnyUser) -> list[DelegationDecision]:
    decisions = DelegationDecision.objects.filter(meeting=meeting).order_by("decided_on", "pk")
    if not may_see_confidential(user, meeting.committee):
        decisions = decisions.filter(confidential=False)
    return list(decisions)


def delegation_decision_add(
    *,
    actor: User | None,
    meeting: Meeting,
    decided_on: date,
    delegate: str,
    subject: str,
    delegation_point: str = "",
    reference: str = "",
    confidential: bool = False,
) -> DelegationDecision:
    """Report a delegation decision to the meeting (EDIT on the committee); not to a meeting already justerad."""
    from digipuff.meetings.protokoll import meeting_is_adjusted

    if actor is not None:
        policy.require(actor, Action.EDIT, meeting)
    errors = {}
    if not delegate.strip():
        errors["delegate"] = _("Name who took the decision.")
    if not subject.strip():
        errors["subject"] = _("Say what the decision concerns.")
    if errors:
        raise ValidationError(errors)
    if meeting_is_adjusted(meeting):
        raise ValidationError(_("The meeting's protokoll is adjusted; nothing more can be reported to it."))
    with transaction.atomic(), audit.acting_as(actor):
        decision = DelegationDecision(
            committee=meeting.committee,
            meeting=meeting,
            decided_on=decided_on,
            delegate=delegate.strip(),
            delegation_point=delegation_point.strip(),
            subject=subject.strip(),
            reference=reference.strip(),
            confidential=confidential,
            updated_by=actor,
        )
        decision.full_clean()
        decision.save()
    return decision


def non_executed_save(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    quarter: int,
    area: str,
    women: int,
    men: int,
    expected_version: int | None = None,
) -> NonExecutedCount:
    """Enter (or correct) a quarter's counts for an area (EDIT on the committee); version-checked, audited."""
    if actor is not None:
        policy.require(actor, Action.EDIT, committee)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Choose a quarter, 1 to 4.")})
    if not area.strip():
        raise ValidationError({"area": _("Name the area, e.g. Individ- och familjeomsorgen.")})
    if women < 0 or men < 0:
        raise ValidationError(_("A count cannot be negative."))
    with transaction.atomic(), audit.acting_as(actor):
        row = NonExecutedCount.objects.filter(
            committee=committee, year=year, quarter=quarter, area=area.strip()
        ).first()
        if row is None:
            row = NonExecutedCount(committee=committee, year=year, quarter=quarter, area=area.strip())
        elif expected_version is not None:
            check_version(row, expected_version=expected_version, actor=actor)
        row.women = women
        row.men = men
        row.updated_by = actor
        row.full_clean()
        row.save()
    return row


@dataclass
class QuarterRow:
    """One published row of the report: the quarter and area with its figures as shown (suppressed where small)."""

    quarter: int
    area: str
    women: str
    men: str
    total: str


def _threshold() -> int:
    municipality = Municipality.objects.order_by("pk").first()
    return municipality.suppression_threshold if municipality is not None else suppression.default_threshold()


def non_executed_report(*, committee: OrgUnit, year: int) -> list[QuarterRow]:
    """The quarterly report, per quarter and area: women, men and total, small counts suppressed (primary and
    secondary, `core.suppression.suppress`)."""
    threshold = _threshold()
    rows = []
    for count in NonExecutedCount.objects.filter(committee=committee, year=year).order_by("quarter", "area"):
        decision = suppression.suppress(
            total=suppression.Cell("T", count.total),
            parts=[suppression.Cell("K", count.women), suppression.Cell("M", count.men)],
            threshold=threshold,
        )

        def shown(key: str, value: int, decision: suppression.Decision = decision) -> str:
            if key in decision:
                return suppression.SUPPRESSED
            return suppression.format_count(value, threshold=1)

        rows.append(
            QuarterRow(
                quarter=count.quarter,
                area=count.area,
                women=shown("K", count.women),
                men=shown("M", count.men),
                total=shown("T", count.total),
            )
        )
    return rows
