"""Pages for a committee's cases: the list per year, registering and editing a case, and its page with the history.
Thin: policy, selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import committee_or_404, form_response
from digipuff.meetings import meeting_selectors, selectors, services
from digipuff.meetings.choices import CaseStatus
from digipuff.meetings.forms import CaseForm, StatusForm
from digipuff.meetings.models import Case
from digipuff.organisation import selectors as org_selectors


def _base_context(committee: Any, year: int) -> dict[str, Any]:
    return {"unit": committee, "year": year, "breadcrumbs": [*org_selectors.ancestors(committee), committee]}


def _case_or_404(committee: Any, year: int, pk: int, user: Any = None) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("committee", "officer", "report"), pk=pk, committee=committee, year=year
    )
    # A case on a confidential agenda item does not exist for those not entitled to the confidential items.
    if (
        user is not None
        and not meeting_selectors.may_see_confidential(user, committee)
        and meeting_selectors.case_is_confidential(case)
    ):
        raise Http404(_("The case does not exist."))
    return case


@login_required
def case_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    context = {
        **_base_context(committee, year),
        "cases": meeting_selectors.confidential_cases_hidden(
            selectors.committee_cases(committee=committee, year=year), request.user
        ),
        "may_edit": policy.allows(request.user, Action.EDIT, committee),
    }
    return render(request, "meetings/case_list.html", context)


@login_required
def case_detail(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    case = _case_or_404(committee, year, pk, request.user)
    following = CaseStatus.following(case.status)
    may_edit = policy.allows(request.user, Action.EDIT, case)
    status_form = None
    if may_edit and following is not None:
        status_form = StatusForm(initial={"version": case.version, "status": following})
    context = {
        **_base_context(committee, year),
        "case": case,
        "events": selectors.case_events(case),
        "history": audit.history(case)[:100],
        "may_edit": may_edit,
        "status_form": status_form,
        "following": following,
    }
    return render(request, "meetings/case_detail.html", context)


@login_required
def case_edit(request: AuthenticatedRequest, code: str, year: int, pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(code)
    case = _case_or_404(committee, year, pk) if pk else None
    policy.require(request.user, Action.EDIT, case or committee)
    initial = {}
    if case is not None:
        initial = {
            "version": case.version,
            "title": case.title,
            "officer": case.officer_id,
            "officer_name": case.officer_name,
            "report": case.report_id,
        }
    form = CaseForm(request.POST or None, initial=initial, committee=committee)

    def save(data: dict[str, Any]) -> Case:
        fields = {
            "title": data["title"],
            "officer": data["officer"],
            "officer_name": data["officer_name"],
            "report": data["report"],
        }
        if case is None:
            return services.case_register(actor=request.user, committee=committee, year=year, **fields)
        return services.case_update(actor=request.user, case=case, expected_version=data["version"], **fields)

    def saved(result: Case) -> HttpResponse:
        messages.success(request, _("The case {number} was saved.").format(number=result.diarienummer))
        return redirect("meetings:case", code=committee.code, year=year, pk=result.pk)

    return form_response(
        request,
        form,
        save,
        template="meetings/case_form.html",
        context={
            **_base_context(committee, year),
            "case": case,
            "cancel_url": reverse("meetings:case_list", args=[committee.code, year]),
        },
        on_success=saved,
    )


@login_required
def case_status(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    case = _case_or_404(committee, year, pk)
    policy.require(request.user, Action.EDIT, case)
    form = StatusForm(request.POST or None, initial={"version": case.version})

    def save(data: dict[str, Any]) -> Case:
        return services.case_status_change(
            actor=request.user,
            case=case,
            status=data["status"],
            expected_version=data["version"],
            note=data["note"],
        )

    def saved(result: Case) -> HttpResponse:
        messages.success(
            request,
            _("{number} is now {status}.").format(number=result.diarienummer, status=result.get_status_display()),
        )
        return redirect("meetings:case", code=committee.code, year=year, pk=result.pk)

    return form_response(
        request,
        form,
        save,
        template="meetings/case_status.html",
        context={**_base_context(committee, year), "case": case},
        on_success=saved,
    )
