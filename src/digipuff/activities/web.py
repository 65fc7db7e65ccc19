"""View helpers shared by the activities and internal-control pages: the committee from the URL, form errors from
services, and editing a follow-up in place (htmx) for any kind of item."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from digipuff.activities import followup
from digipuff.activities.forms import FollowUpForm
from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError
from digipuff.core.forms import add_validation_errors
from digipuff.core.http import AuthenticatedRequest
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, ReportOccasion


def committee_or_404(code: str) -> OrgUnit:
    unit = org_selectors.unit_by_code(code)
    if unit is None:
        raise Http404(_("There is no unit with the code {code}.").format(code=code))
    if unit.kind != OrgUnitKind.COMMITTEE:
        raise Http404(_("{name} is not a committee; plans are made per committee.").format(name=unit.name))
    return unit


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def cell_id(kind: str, pk: int) -> str:
    return f"fu-{kind}-{pk}"


def _follow_up_context(
    *, kind: str, item: Any, occasion: ReportOccasion, committee: OrgUnit | None, user: Any
) -> dict[str, Any]:
    spec = followup.by_kind(kind)
    assert spec is not None
    occasions = list(ReportOccasion.objects.filter(year=occasion.year).order_by("period_end", "pk"))
    views = followup.follow_ups_for(
        spec.follow_up_model,
        [item.pk],
        occasion=occasion,
        occasions=occasions,
        committee=committee if spec.per_committee else None,
    )
    target = committee if spec.per_committee else item
    assert target is not None  # a follow-up kept per committee is always shown for one
    may_edit = policy.allows(user, Action.EDIT, target)
    return {
        "kind": kind,
        "item": item,
        "follow": views[item.pk],
        "occasion": occasion,
        "committee": committee,
        "may_edit": may_edit,
        "cell_id": cell_id(kind, item.pk),
    }


def follow_up_edit(request: AuthenticatedRequest, kind: str, pk: int, occasion: int) -> HttpResponse:
    """Edit one item's status and comment at one occasion: a form in place of the cell (htmx) or a page."""
    spec = followup.by_kind(kind)
    if spec is None:
        raise Http404(_("Unknown kind of follow-up."))
    item = get_object_or_404(spec.item_model, pk=pk)
    the_occasion = get_object_or_404(ReportOccasion.objects.select_related("year"), pk=occasion)
    committee: OrgUnit | None = None
    if spec.per_committee:
        code = request.GET.get("committee") or request.POST.get("committee") or ""
        committee = committee_or_404(code)
        # Only a commitment in the committee's own plan (its own or an ancestor's): otherwise ?committee= would show
        # another committee's commitment to anyone who may edit their own.
        if item.owner_id not in (committee.pk, *committee.ancestor_ids()):
            raise Http404(_("The commitment is not part of {committee}'s plan.").format(committee=committee))
    # An item the user may not view is not disclosed (404, as for one that does not exist); one they may view
    # but not edit is refused (403).
    governing = committee if committee is not None else item
    if not policy.allows(request.user, Action.VIEW, governing):
        raise Http404(_("The item does not exist."))
    policy.require(request.user, Action.EDIT, governing)
    try:
        followup.writable_occasion(item, the_occasion)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    context = _follow_up_context(kind=kind, item=item, occasion=the_occasion, committee=committee, user=request.user)
    follow = context["follow"]
    status = 200
    if request.method == "POST" and "cancel" in request.POST:
        return render(request, "activities/partials/follow_up_cell.html", context)
    if request.method == "POST":
        form = FollowUpForm(request.POST, prefix_id=context["cell_id"])
        if form.is_valid():
            try:
                followup.follow_up_set(
                    actor=request.user,
                    item=item,
                    occasion=the_occasion,
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                    committee=committee,
                )
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                if request.htmx:
                    context = _follow_up_context(
                        kind=kind, item=item, occasion=the_occasion, committee=committee, user=request.user
                    )
                    context["saved"] = True
                    return render(request, "activities/partials/follow_up_cell.html", context)
                return redirect(safe_next(request, reverse("core:start")))
        # htmx swaps only successful responses; a form with errors must still replace the cell.
        status = 200 if request.htmx else 422
    else:
        form = FollowUpForm(
            prefix_id=context["cell_id"],
            initial={"version": follow.version, "status": follow.status, "comment": follow.comment},
        )
    context["form"] = form
    context["next"] = safe_next(request, "")
    template = "activities/partials/follow_up_form.html" if request.htmx else "activities/follow_up_page.html"
    return render(request, template, context, status=status)
