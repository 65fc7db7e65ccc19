"""Pages for a meeting's protokoll: read it (the public edition for those not entitled to the confidential items; a
draft only for those who may edit it), edit its attendance and justering, record the decision of a paragraph,
justera it, and the protokoll as PDF (public and complete edition) and the meeting's archive package. Thin: policy,
selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import form_response, run_with_messages
from digipuff.meetings import meeting_selectors as selectors
from digipuff.meetings import protokoll as service
from digipuff.meetings.choices import DecisionOutcome
from digipuff.meetings.meeting_forms import DecisionForm, ProtokollForm, VersionForm
from digipuff.meetings.meeting_views import _base_context, _committee, _item_or_404, _meeting_or_404
from digipuff.meetings.models import Meeting, Protokoll


def _protokoll_url(meeting: Meeting) -> str:
    return reverse("meetings:protokoll", args=[meeting.committee.code, meeting.year, meeting.pk])


def _readable(request: HttpRequest, meeting: Meeting) -> Protokoll:
    """The protokoll the user may read: a justerat one for all who view the committee, a draft for its editors."""
    protokoll = service.protokoll_of(meeting)
    if protokoll is None:
        raise Http404(_("The meeting has no protokoll yet."))
    if not protokoll.is_adjusted and not policy.allows(request.user, Action.EDIT, meeting.committee):
        raise Http404(_("The protokoll is not adjusted yet."))
    return protokoll


@login_required
def protokoll_detail(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = _committee(request, code, Action.VIEW)
    meeting = _meeting_or_404(committee, year, pk)
    may_edit = policy.allows(request.user, Action.EDIT, committee)
    protokoll = service.protokoll_of(meeting)
    if protokoll is not None and not protokoll.is_adjusted and not may_edit:
        protokoll = None
    entitled = selectors.may_see_confidential(request.user, committee)
    context: dict[str, Any] = {
        **_base_context(committee, year),
        "meeting": meeting,
        "protokoll": protokoll,
        "may_edit": may_edit and (protokoll is None or not protokoll.is_adjusted),
        "may_adjust": policy.allows(request.user, Action.ADMINISTER, committee),
        "entitled": entitled,
        "content": service.content_of(protokoll, confidential=entitled) if protokoll else None,
        "decision_items": {},
        "adjust_form": VersionForm(initial={"version": protokoll.version}) if protokoll else None,
    }
    if protokoll is not None and not protokoll.is_adjusted:
        context["decision_items"] = {
            p.number: p.item.pk for p in service.paragraphs(meeting, confidential=entitled) if p.number
        }
        context["history"] = audit.history(protokoll)[:50]
    return render(request, "meetings/protokoll_detail.html", context)


@login_required
def protokoll_edit(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = _committee(request, code, Action.EDIT)
    meeting = _meeting_or_404(committee, year, pk)
    protokoll = service.protokoll_of(meeting)
    if protokoll is not None and protokoll.is_adjusted:
        messages.error(request, _("The protokoll is adjusted and can no longer be changed."))
        return redirect(_protokoll_url(meeting))
    initial: dict[str, Any] = {"adjustment_place": meeting.signed_place}
    if protokoll is not None:
        initial = {
            "version": protokoll.version,
            **{
                name: getattr(protokoll, name)
                for name in (
                    "members",
                    "serving_substitutes",
                    "substitutes",
                    "others_present",
                    "adjusters",
                    "adjustment_place",
                    "adjusted_on",
                    "posted_on",
                )
            },
        }
    form = ProtokollForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Protokoll:
        fields = {k: v for k, v in data.items() if k != "version"}
        return service.protokoll_save(
            actor=request.user, meeting=meeting, expected_version=data["version"] if protokoll else None, **fields
        )

    def saved(result: Protokoll) -> HttpResponse:
        messages.success(request, _("The protokoll was saved."))
        return redirect(_protokoll_url(meeting))

    return form_response(
        request,
        form,
        save,
        template="meetings/protokoll_form.html",
        context={**_base_context(committee, year), "meeting": meeting, "cancel_url": _protokoll_url(meeting)},
        on_success=saved,
    )


@login_required
def decision_edit(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int) -> HttpResponse:
    committee = _committee(request, code, Action.EDIT)
    meeting = _meeting_or_404(committee, year, pk)
    item = _item_or_404(request, meeting, item_pk)
    protokoll = service.protokoll_of(meeting)
    if protokoll is None or protokoll.is_adjusted or item.paragraph is None:
        raise Http404(_("The paragraph does not exist or can no longer be changed."))
    decision = getattr(item, "decision", None)
    if decision is not None:
        initial: dict[str, Any] = {
            "version": decision.version,
            **{
                name: getattr(decision, name)
                for name in ("outcome", "proposal", "motions", "procedure", "decision", "reservations", "disqualified")
            },
        }
    else:
        initial = {
            "outcome": DecisionOutcome.APPROVED if item.case_id else DecisionOutcome.NOTED,
            "proposal": service.default_proposal(item),
        }
    form = DecisionForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        fields = {k: v for k, v in data.items() if k != "version"}
        return service.decision_save(
            actor=request.user, item=item, expected_version=data["version"] if decision else None, **fields
        )

    def saved(result: Any) -> HttpResponse:
        messages.success(request, _("The decision of § {number} was saved.").format(number=item.paragraph))
        return redirect(f"{_protokoll_url(meeting)}#p-{item.paragraph}")

    return form_response(
        request,
        form,
        save,
        template="meetings/decision_form.html",
        context={
            **_base_context(committee, year),
            "meeting": meeting,
            "item": item,
            "cancel_url": _protokoll_url(meeting),
        },
        on_success=saved,
    )


@login_required
@require_POST
def protokoll_adjust(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = _committee(request, code, Action.ADMINISTER)
    meeting = _meeting_or_404(committee, year, pk)
    run_with_messages(
        request,
        lambda data: service.protokoll_adjust(actor=request.user, meeting=meeting, expected_version=data["version"]),
        form=VersionForm(request.POST),
        success=_("The protokoll is adjusted; its decisions are in force once the appeal period has passed."),
    )
    return redirect(_protokoll_url(meeting))


def _pdf(protokoll: Protokoll, *, confidential: bool) -> HttpResponse:
    from digipuff.meetings import protokoll_print

    meeting = protokoll.meeting
    data = protokoll_print.render_pdf(protokoll, confidential=confidential)
    response = HttpResponse(data, content_type="application/pdf")
    suffix = "-komplett" if confidential else ""
    name = f"protokoll-{meeting.committee.code}-{service.meeting_date(meeting).isoformat()}{suffix}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def protokoll_pdf(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    """The public edition: without the confidential paragraphs, for all who view the committee."""
    committee = _committee(request, code, Action.VIEW)
    meeting = _meeting_or_404(committee, year, pk)
    return _pdf(_readable(request, meeting), confidential=False)


@login_required
def protokoll_complete(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    """The complete edition, with the confidential paragraphs: for those entitled."""
    committee = _committee(request, code, selectors.CONFIDENTIAL_ACTION)
    meeting = _meeting_or_404(committee, year, pk)
    return _pdf(_readable(request, meeting), confidential=True)


@login_required
def meeting_archive(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    """The meeting's documents with their metadata as an archive package for the diarium (complete edition)."""
    from digipuff.meetings import archive

    committee = _committee(request, code, selectors.CONFIDENTIAL_ACTION)
    meeting = _meeting_or_404(committee, year, pk)
    data = archive.package(meeting)
    response = HttpResponse(data, content_type="application/zip")
    name = archive.package_name(meeting)
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response
