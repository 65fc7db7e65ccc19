"""Pages for a committee's meetings: the list per year, planning and editing a meeting, the meeting's page with its
agenda (add, edit, move, postpone, withdraw, confidential), and the kallelse (PDF, Word) and handlingar (PDF) in
their public and complete editions. Thin: policy, selector or service, render.

The confidential items (sekretessärenden) and the complete editions are for those `meeting_selectors.
may_see_confidential` names (EDIT on the committee); for everyone else they do not exist (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import committee_or_404, form_response, run_with_messages
from digipuff.meetings import meeting_selectors as selectors
from digipuff.meetings import meeting_services as services
from digipuff.meetings.choices import AgendaItemKind
from digipuff.meetings.meeting_forms import (
    AgendaItemForm,
    ConfidentialForm,
    ItemVersionForm,
    MeetingForm,
    MoveForm,
    PostponeForm,
)
from digipuff.meetings.models import AgendaItem, Meeting
from digipuff.organisation import selectors as org_selectors

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _base_context(committee: Any, year: int) -> dict[str, Any]:
    return {"unit": committee, "year": year, "breadcrumbs": [*org_selectors.ancestors(committee), committee]}


def _committee(request: HttpRequest, code: str, action: str) -> Any:
    committee = committee_or_404(code)
    policy.require(request.user, action, committee)
    return committee


def _meeting_or_404(committee: Any, year: int, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=pk, committee=committee, year=year)


def _item_or_404(request: HttpRequest, meeting: Meeting, item_pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("case"), pk=item_pk, meeting=meeting)
    item.meeting = meeting
    if item.confidential and not selectors.may_see_confidential(request.user, meeting.committee):
        raise Http404(_("The agenda item does not exist."))
    return item


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.committee.code, meeting.year, meeting.pk])


@login_required
def meeting_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = _committee(request, code, Action.VIEW)
    context = {
        **_base_context(committee, year),
        "meetings": selectors.committee_meetings(committee=committee, year=year),
        "may_edit": policy.allows(request.user, Action.EDIT, committee),
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_edit(request: AuthenticatedRequest, code: str, year: int, pk: int | None = None) -> HttpResponse:
    committee = _committee(request, code, Action.EDIT)
    meeting = _meeting_or_404(committee, year, pk) if pk else None
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            "version": meeting.version,
            "starts_at": timezone.localtime(meeting.starts_at),
            "place": meeting.place,
            "chair_name": meeting.chair_name,
            "secretary_name": meeting.secretary_name,
            "signed_place": meeting.signed_place,
            "signed_on": meeting.signed_on,
        }
    form = MeetingForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Meeting:
        fields = {k: data[k] for k in ("starts_at", "place", "chair_name", "secretary_name", "signed_place")}
        if meeting is None:
            return services.meeting_create(
                actor=request.user, committee=committee, signed_on=data["signed_on"], **fields
            )
        return services.meeting_update(
            actor=request.user,
            meeting=meeting,
            expected_version=data["version"],
            signed_on=data["signed_on"],
            **fields,
        )

    def saved(result: Meeting) -> HttpResponse:
        messages.success(request, _("The meeting was saved."))
        return redirect(_meeting_url(result))

    return form_response(
        request,
        form,
        save,
        template="meetings/meeting_form.html",
        context={
            **_base_context(committee, year),
            "meeting": meeting,
            "cancel_url": _meeting_url(meeting) if meeting else reverse("meetings:meeting_list", args=[code, year]),
        },
        on_success=saved,
    )


def _agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    committee = meeting.committee
    entitled = selectors.may_see_confidential(request.user, committee)
    return {
        **_base_context(committee, meeting.year),
        "meeting": meeting,
        "agenda": selectors.agenda(meeting, confidential=entitled),
        "may_edit": policy.allows(request.user, Action.EDIT, committee),
        "entitled": entitled,
        "kinds": AgendaItemKind.choices,
    }


@login_required
def meeting_detail(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = _committee(request, code, Action.VIEW)
    meeting = _meeting_or_404(committee, year, pk)
    context = _agenda_context(request, meeting)
    context["history"] = audit.history(meeting)[:50]
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def item_edit(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int | None = None) -> HttpResponse:
    committee = _committee(request, code, Action.EDIT)
    meeting = _meeting_or_404(committee, year, pk)
    item = _item_or_404(request, meeting, item_pk) if item_pk else None
    kind = item.kind if item is not None else request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in AgendaItemKind.values:
        kind = AgendaItemKind.CASE
    initial: dict[str, Any] = {"kind": kind}
    if item is not None:
        initial = {
            "version": item.version,
            "title": item.title,
            "case": item.case_id,
            "presenter": item.presenter,
            "presenter_role": item.presenter_role,
            "description": item.description,
        }
    form = AgendaItemForm(
        request.POST or None, initial=initial, committee=committee, year=year, kind=kind, editing=bool(item)
    )

    def save(data: dict[str, Any]) -> AgendaItem:
        fields = form.values()
        if item is None:
            return services.agenda_item_add(
                actor=request.user, meeting=meeting, kind=data["kind"], confidential=data["confidential"], **fields
            )
        return services.agenda_item_update(actor=request.user, item=item, expected_version=data["version"], **fields)

    def saved(result: AgendaItem) -> HttpResponse:
        messages.success(request, _("The item “{title}” was saved.").format(title=result.title))
        return redirect(f"{_meeting_url(meeting)}#item-{result.pk}")

    return form_response(
        request,
        form,
        save,
        template="meetings/item_form.html",
        context={
            **_base_context(committee, year),
            "meeting": meeting,
            "item": item,
            "kind_label": AgendaItemKind(kind).label,
            "cancel_url": _meeting_url(meeting),
        },
        on_success=saved,
    )


def _agenda_or_redirect(request: HttpRequest, meeting: Meeting, item: AgendaItem) -> HttpResponse:
    """After an agenda button: htmx gets the agenda again (with the messages), a plain post a redirect."""
    if getattr(request, "htmx", False):
        return render(request, "meetings/partials/agenda.html", _agenda_context(request, meeting))
    return redirect(f"{_meeting_url(meeting)}#item-{item.pk}")


def _item_action(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int) -> AgendaItem:
    committee = _committee(request, code, Action.EDIT)
    meeting = _meeting_or_404(committee, year, pk)
    return _item_or_404(request, meeting, item_pk)


@login_required
@require_POST
def item_move(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int) -> HttpResponse:
    item = _item_action(request, code, year, pk, item_pk)
    run_with_messages(
        request,
        lambda data: services.agenda_item_move(
            actor=request.user, item=item, expected_version=data["version"], direction=data["direction"]
        ),
        form=MoveForm(request.POST),
        success=_("“{title}” was moved.").format(title=item.title),
    )
    return _agenda_or_redirect(request, item.meeting, item)


@login_required
@require_POST
def item_withdraw(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int) -> HttpResponse:
    item = _item_action(request, code, year, pk, item_pk)
    run_with_messages(
        request,
        lambda data: services.agenda_item_withdraw(actor=request.user, item=item, expected_version=data["version"]),
        form=ItemVersionForm(request.POST),
        success=_("“{title}” was withdrawn from the agenda.").format(title=item.title),
    )
    return _agenda_or_redirect(request, item.meeting, item)


@login_required
@require_POST
def item_confidential(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int) -> HttpResponse:
    item = _item_action(request, code, year, pk, item_pk)
    form = ConfidentialForm(request.POST)
    confidential = request.POST.get("confidential") in ("1", "true", "on")
    done = _("“{title}” is now a confidential item.") if confidential else _("“{title}” is now a public item.")
    run_with_messages(
        request,
        lambda data: services.agenda_item_set_confidential(
            actor=request.user, item=item, expected_version=data["version"], confidential=data["confidential"]
        ),
        form=form,
        success=done.format(title=item.title),
    )
    return _agenda_or_redirect(request, item.meeting, item)


@login_required
def item_postpone(request: AuthenticatedRequest, code: str, year: int, pk: int, item_pk: int) -> HttpResponse:
    item = _item_action(request, code, year, pk, item_pk)
    meeting = item.meeting
    form = PostponeForm(
        request.POST or None, initial={"version": item.version}, meetings=selectors.later_meetings(meeting)
    )

    def save(data: dict[str, Any]) -> AgendaItem:
        return services.agenda_item_postpone(
            actor=request.user, item=item, expected_version=data["version"], to_meeting=data["to_meeting"]
        )

    def saved(result: AgendaItem) -> HttpResponse:
        messages.success(
            request,
            _("“{title}” was postponed to the meeting of {date}.").format(
                title=item.title, date=f"{timezone.localtime(result.meeting.starts_at):%Y-%m-%d}"
            ),
        )
        return redirect(f"{_meeting_url(meeting)}#item-{item.pk}")

    return form_response(
        request,
        form,
        save,
        template="meetings/item_postpone.html",
        context={
            **_base_context(meeting.committee, year),
            "meeting": meeting,
            "item": item,
            "cancel_url": _meeting_url(meeting),
        },
        on_success=saved,
    )


# -- the papers ------------------------------------------------------------------------------------------------------


def _file(data: bytes, fmt: str, meeting: Meeting, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[fmt])
    filename = slugify(f"{meeting.committee.code} {timezone.localtime(meeting.starts_at):%Y-%m-%d} {name}")
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return response


def _kallelse(request: HttpRequest, code: str, year: int, pk: int, fmt: str, *, complete: bool) -> HttpResponse:
    from digipuff.meetings.kallelse.document import build_kallelse

    committee = _committee(request, code, selectors.CONFIDENTIAL_ACTION if complete else Action.VIEW)
    meeting = _meeting_or_404(committee, year, pk)
    if fmt not in FORMATS:
        raise Http404(_("The notice is given as PDF or Word."))
    kallelse = build_kallelse(meeting, complete=complete)
    if fmt == "pdf":
        from digipuff.meetings.kallelse.pdf import render_kallelse_pdf

        data = render_kallelse_pdf(kallelse)
    else:
        from digipuff.meetings.kallelse.docx import render_kallelse_docx

        data = render_kallelse_docx(kallelse)
    return _file(data, fmt, meeting, _("notice complete") if complete else _("notice"))


@login_required
def kallelse(request: HttpRequest, code: str, year: int, pk: int, fmt: str) -> HttpResponse:
    """The public edition: the public items only, for everyone who may view the committee."""
    return _kallelse(request, code, year, pk, fmt, complete=False)


@login_required
def kallelse_complete(request: HttpRequest, code: str, year: int, pk: int, fmt: str) -> HttpResponse:
    """The complete edition with the sekretessärenden, for those entitled to them."""
    return _kallelse(request, code, year, pk, fmt, complete=True)


def _handlingar(request: HttpRequest, code: str, year: int, pk: int, *, complete: bool) -> HttpResponse:
    from digipuff.meetings.kallelse.handlingar import render_handlingar

    committee = _committee(request, code, selectors.CONFIDENTIAL_ACTION if complete else Action.VIEW)
    meeting = _meeting_or_404(committee, year, pk)
    data = render_handlingar(meeting, complete=complete)
    return _file(data, "pdf", meeting, _("documents complete") if complete else _("documents"))


@login_required
def handlingar(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    return _handlingar(request, code, year, pk, complete=False)


@login_required
def handlingar_complete(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    return _handlingar(request, code, year, pk, complete=True)
