"""Editing one item's follow-up at one occasion in place (htmx) or on a page of its own, for any followed-up kind.

The overview pages of activities, internal control and later modules include `followup/partials/follow_up_cell.html`
for each row; its button loads the form from here into the cell and the saved cell comes back.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError
from digipuff.core.forms import add_validation_errors
from digipuff.followup import registry, selectors, services
from digipuff.followup.forms import FollowUpForm
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

CELL = "followup/partials/follow_up_cell.html"
FORM = "followup/partials/follow_up_form.html"
PAGE = "followup/follow_up_page.html"


def committee_or_404(code: str) -> OrgUnit:
    """The committee named in the URL; 404 for an unknown code or a unit that is not a committee."""
    unit = org_selectors.unit_by_code(code)
    if unit is None:
        raise Http404(_("There is no unit with the code {code}.").format(code=code))
    if unit.kind != OrgUnitKind.COMMITTEE:
        raise Http404(_("{name} is not a committee; plans are made per committee.").format(name=unit.name))
    return unit


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` parameter when it points into this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def cell_id(kind: str, pk: int) -> str:
    """The id of an item's follow-up cell on a page (the htmx target)."""
    return f"fu-{kind}-{pk}"


def follow_up_context(
    *, kind: str, item: Any, occasion: ReportOccasion, committee: OrgUnit | None, user: Any
) -> dict[str, Any]:
    """What the cell and form templates need for one item at one occasion."""
    spec = registry.by_kind(kind)
    assert spec is not None
    occasions = list(ReportOccasion.objects.filter(year=occasion.year).order_by("period_end", "pk"))
    views = selectors.follow_ups_for(
        spec.follow_up_model,
        [item.pk],
        occasion=occasion,
        occasions=occasions,
        committee=committee if spec.per_committee else None,
    )
    may_edit = policy.allows(user, Action.EDIT, committee if spec.per_committee else item)
    return {
        "kind": kind,
        "item": item,
        "follow": views[item.pk],
        "occasion": occasion,
        "committee": committee,
        "may_edit": may_edit,
        "cell_id": cell_id(kind, item.pk),
    }


@login_required
def follow_up_edit(request: HttpRequest, kind: str, pk: int, occasion: int) -> HttpResponse:
    """Edit one item's status and comment at one occasion: a form in place of the cell (htmx) or a page."""
    spec = registry.by_kind(kind)
    if spec is None:
        raise Http404(_("Unknown kind of follow-up."))
    item = get_object_or_404(spec.item_model, pk=pk)
    the_occasion = get_object_or_404(ReportOccasion.objects.select_related("year"), pk=occasion)
    committee: OrgUnit | None = None
    if spec.per_committee:
        code = request.GET.get("committee") or request.POST.get("committee") or ""
        committee = committee_or_404(code)
        policy.require(request.user, Action.VIEW, committee)
        policy.require(request.user, Action.EDIT, committee)
    else:
        policy.require(request.user, Action.VIEW, item)
        policy.require(request.user, Action.EDIT, item)
    try:
        services.writable_occasion(item, the_occasion)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    context = follow_up_context(kind=kind, item=item, occasion=the_occasion, committee=committee, user=request.user)
    follow = context["follow"]
    status = 200
    if request.method == "POST" and "cancel" in request.POST:
        return render(request, CELL, context)
    if request.method == "POST":
        form = FollowUpForm(request.POST, prefix_id=context["cell_id"])
        if form.is_valid():
            try:
                services.follow_up_set(
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
                    context = follow_up_context(
                        kind=kind, item=item, occasion=the_occasion, committee=committee, user=request.user
                    )
                    context["saved"] = True
                    return render(request, CELL, context)
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
    return render(request, FORM if request.htmx else PAGE, context, status=status)
