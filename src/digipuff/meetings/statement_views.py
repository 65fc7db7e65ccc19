"""Pages of a case's tjänsteutlåtande: read it, start it (from the case's report), write it, review it, download it
as PDF or Word. Thin: policy, service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.richtext import sanitise
from digipuff.core.web import committee_or_404, form_response, run_with_messages
from digipuff.meetings import statements
from digipuff.meetings.choices import CaseStatus, StatementStatus
from digipuff.meetings.forms import StatementForm, StatementStatusForm
from digipuff.meetings.models import Case, Statement
from digipuff.meetings.statement_print import SECTIONS, attachments_of, sections_of
from digipuff.organisation import selectors as org_selectors


def _case(code: str, year: int, pk: int) -> Case:
    committee = committee_or_404(code)
    return get_object_or_404(
        Case.objects.select_related("committee", "officer", "report", "report__occasion"),
        pk=pk,
        committee=committee,
        year=year,
    )


def _statement(case: Case) -> Statement:
    statement = Statement.objects.select_related("officer", "approved_by").filter(case=case).first()
    if statement is None:
        raise Http404(_("The case has no officer's report yet."))
    statement.case = case
    return statement


def _context(case: Case) -> dict[str, Any]:
    return {
        "unit": case.committee,
        "year": case.year,
        "case": case,
        "breadcrumbs": [*org_selectors.ancestors(case.committee), case.committee],
    }


def _back(case: Case) -> HttpResponse:
    return redirect("meetings:statement", code=case.committee.code, year=case.year, pk=case.pk)


@login_required
def statement_detail(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    case = _case(code, year, pk)
    policy.require(request.user, Action.VIEW, case)
    statement = Statement.objects.select_related("officer", "approved_by").filter(case=case).first()
    decided = case.status in (CaseStatus.DECIDED, CaseStatus.NOTIFIED)
    may_edit = policy.allows(request.user, Action.EDIT, case) and not decided
    context = {**_context(case), "statement": statement, "may_edit": may_edit, "Status": StatementStatus}
    if statement is not None:
        statement.case = case

        context.update(
            {
                "sections": sections_of(statement),
                "attachments": attachments_of(statement),
                "may_approve": policy.allows(request.user, Action.APPROVE, case) and not decided,
                "history": audit.history(statement)[:50],
            }
        )
    return render(request, "meetings/statement_detail.html", context)


@login_required
@require_POST
def statement_create(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    case = _case(code, year, pk)
    policy.require(request.user, Action.EDIT, case)
    run_with_messages(
        request,
        lambda data: statements.statement_create(
            actor=request.user, case=case, from_report=request.POST.get("from_report") == "1"
        ),
        success=_("The officer's report was started."),
    )
    return _back(case)


def _initial(statement: Statement) -> dict[str, Any]:
    return {
        "version": statement.version,
        "administration": statement.administration,
        "dated": statement.dated,
        "officer": statement.officer_id,
        "officer_name": statement.officer_name,
        "officer_title": statement.officer_title,
        "officer_email": statement.officer_email,
        "proposal": statement.proposal,
        "summary": statement.summary,
        "description": statement.description,
        "views": statement.views,
        "signatories": "\n".join(
            ", ".join(p for p in (person["name"], person["title"]) if p) for person in statement.signatories
        ),
        "attachments": "\n".join(statement.attachments),
        "attach_report": statement.attach_report,
        "recipients": "\n".join(statement.recipients),
    }


@login_required
def statement_edit(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    case = _case(code, year, pk)
    policy.require(request.user, Action.EDIT, case)
    statement = _statement(case)
    form = StatementForm(request.POST or None, initial=_initial(statement), committee=case.committee)

    def save(data: dict[str, Any]) -> Statement:
        return statements.statement_save(
            actor=request.user, statement=statement, expected_version=data.pop("version"), **data
        )

    def saved(result: Statement) -> HttpResponse:
        messages.success(request, _("The officer's report was saved (version {n}).").format(n=result.version))
        return _back(case)

    # After a refused save the editors hold what the writer sent (cleaned as a save would), so nothing is lost.
    source = request.POST if request.method == "POST" else _initial(statement)
    editors = [(name, label, sanitise(source.get(name, "") or "")) for name, label in SECTIONS]
    return form_response(
        request,
        form,
        save,
        template="meetings/statement_form.html",
        context={
            **_context(case),
            "statement": statement,
            "editors": editors,
            "head_fields": ["administration", "dated", "officer", "officer_name", "officer_title", "officer_email"],
            "cancel_url": reverse("meetings:statement", args=[case.committee.code, case.year, case.pk]),
        },
        on_success=saved,
    )


@login_required
@require_POST
def statement_status(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    case = _case(code, year, pk)
    policy.require(request.user, Action.VIEW, case)
    statement = _statement(case)
    form = StatementStatusForm(request.POST)
    wanted = request.POST.get("status", "")
    # Approving and sending back is the approver's; marking ready the writer's (the service checks the same).
    policy.require(request.user, Action.EDIT if wanted == StatementStatus.READY else Action.APPROVE, case)
    label = dict(StatementStatus.choices).get(wanted, "")
    run_with_messages(
        request,
        lambda data: statements.statement_set_status(
            actor=request.user,
            statement=statement,
            status=data["status"],
            expected_version=data["version"],
            comment=data["comment"],
        ),
        form=form,
        success=_("The officer's report is now: {status}.").format(status=str(label).lower()),
    )
    return _back(case)


def _download(case: Case, data: bytes, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    name = f"tjansteutlatande-{case.diarienummer.replace('/', '-')}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def statement_pdf(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    case = _case(code, year, pk)
    policy.require(request.user, Action.VIEW, case)
    data = statements.statement_pdf(case)
    if data is None:
        raise Http404(_("The case has no officer's report yet."))
    return _download(case, data, "pdf", "application/pdf")


@login_required
def statement_docx(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    case = _case(code, year, pk)
    policy.require(request.user, Action.VIEW, case)
    statement = _statement(case)
    from digipuff.meetings.statement_print import render_docx

    return _download(
        case,
        render_docx(statement),
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
