"""Editing one item's follow-up at one occasion in place (htmx) or on a page of its own, for any followed-up kind.

The overview pages of activities, internal control and later modules include `followup/partials/follow_up_cell.html`
for each row; its button loads the form from here into the cell and the saved cell comes back.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import committee_or_404, form_response, safe_next
from digipuff.followup import registry, selectors, services
from digipuff.followup.forms import FollowUpForm
from digipuff.organisation.models import OrgUnit, ReportOccasion

CELL = "followup/partials/follow_up_cell.html"
FORM = "followup/partials/follow_up_form.html"
PAGE = "followup/follow_up_page.html"


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
    target: Any = committee if spec.per_committee else item
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


@login_required
def follow_up_edit(request: AuthenticatedRequest, kind: str, pk: int, occasion: int) -> HttpResponse:
    """Edit one item's status and comment at one occasion: a form in place of the cell (htmx) or a page.

    A refused save (invalid input 422, somebody saved in between 409) comes back as the form with the writer's
    input and the reason, which htmx swaps into the cell (base.html's htmx config swaps 409 and 422).
    """
    spec = registry.by_kind(kind)
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
        if getattr(item, "owner_id", None) not in (committee.pk, *committee.ancestor_ids()):
            raise Http404(_("The commitment is not part of {committee}'s plan.").format(committee=committee))
    # An item the user may not view is not disclosed (404, as for one that does not exist); one they may view
    # but not edit is refused (403).
    governing: Any = committee if committee is not None else item
    if not policy.allows(request.user, Action.VIEW, governing):
        raise Http404(_("The item does not exist."))
    policy.require(request.user, Action.EDIT, governing)
    try:
        services.writable_occasion(item, the_occasion)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    context = follow_up_context(kind=kind, item=item, occasion=the_occasion, committee=committee, user=request.user)
    if request.method == "POST" and "cancel" in request.POST:
        return render(request, CELL, context)
    follow = context["follow"]
    named = {"prefix_id": context["cell_id"], "occasion_name": the_occasion.name}
    form = (
        FollowUpForm(request.POST, **named)
        if request.method == "POST"
        else FollowUpForm(
            **named, initial={"version": follow.version, "status": follow.status, "comment": follow.comment}
        )
    )

    def saved(_record: Any) -> HttpResponse:
        if request.htmx:
            fresh = follow_up_context(
                kind=kind, item=item, occasion=the_occasion, committee=committee, user=request.user
            )
            return render(request, CELL, {**fresh, "saved": True})
        return redirect(safe_next(request, reverse("core:start")))

    return form_response(
        request,
        form,
        lambda data: services.follow_up_set(
            actor=request.user,
            item=item,
            occasion=the_occasion,
            status=data["status"],
            comment=data["comment"],
            expected_version=data["version"],
            committee=committee,
        ),
        template=PAGE,
        partial=FORM,
        context={**context, "next": safe_next(request, "")},
        on_success=saved,
    )
