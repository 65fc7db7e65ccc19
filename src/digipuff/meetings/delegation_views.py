"""Pages for the delegationsbeslut reported to a meeting and the quarterly report of decisions not executed within
three months. Thin: policy, selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import form_response
from digipuff.meetings import delegation
from digipuff.meetings.meeting_forms import DelegationDecisionForm, NonExecutedForm
from digipuff.meetings.meeting_views import _base_context, _committee, _meeting_or_404


@login_required
def delegation_list(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    """The delegation decisions reported to the meeting; editors add one with the form (POST needs EDIT)."""
    committee = _committee(request, code, Action.EDIT if request.method == "POST" else Action.VIEW)
    meeting = _meeting_or_404(committee, year, pk)
    may_edit = policy.allows(request.user, Action.EDIT, committee)
    form = DelegationDecisionForm(request.POST or None) if may_edit else None
    url = reverse("meetings:delegation_list", args=[code, year, pk])

    def save(data: dict[str, Any]) -> Any:
        return delegation.delegation_decision_add(actor=request.user, meeting=meeting, **data)

    def saved(result: Any) -> HttpResponse:
        messages.success(request, _("The delegation decision was reported to the meeting."))
        return redirect(url)

    context = {
        **_base_context(committee, year),
        "meeting": meeting,
        "decisions": delegation.delegation_decisions(meeting, request.user),
        "may_edit": may_edit,
    }
    return form_response(
        request,
        form or DelegationDecisionForm(),
        save,
        template="meetings/delegation_list.html",
        context=context,
        on_success=saved,
    )


@login_required
def non_executed(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """The quarterly report of decisions not executed within three months (small counts suppressed); editors enter a
    quarter's counts with the form (POST needs EDIT)."""
    committee = _committee(request, code, Action.EDIT if request.method == "POST" else Action.VIEW)
    may_edit = policy.allows(request.user, Action.EDIT, committee)
    form = NonExecutedForm(request.POST or None)
    url = reverse("meetings:non_executed", args=[code, year])

    def save(data: dict[str, Any]) -> Any:
        return delegation.non_executed_save(actor=request.user, committee=committee, year=year, **data)

    def saved(result: Any) -> HttpResponse:
        messages.success(request, _("The counts of quarter {quarter} were saved.").format(quarter=result.quarter))
        return redirect(url)

    context = {
        **_base_context(committee, year),
        "rows": delegation.non_executed_report(committee=committee, year=year),
        "may_edit": may_edit,
    }
    return form_response(request, form, save, template="meetings/non_executed.html", context=context, on_success=saved)
