"""Reading cases, restricted to what the user may view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.meetings.models import Case, CaseEvent
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser


def visible_cases(user: AnyUser) -> QuerySet[Case]:
    """The cases of the committees the user may view, without the confidential ones they are not entitled to."""
    from digipuff.meetings.meeting_selectors import confidential_cases_hidden

    cases = policy.restrict(
        Case.objects.select_related("committee", "officer", "report").prefetch_related("events"), user, Action.VIEW
    )
    return confidential_cases_hidden(cases, user)


def committee_cases(*, committee: OrgUnit, year: int) -> QuerySet[Case]:
    return Case.objects.filter(committee=committee, year=year).select_related("officer", "report").order_by("-number")


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("by").order_by("at", "pk")
