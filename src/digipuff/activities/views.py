"""Pages for a committee's commitments and activities: the overview with follow-up in place, an activity's page
with its history, the plan's forms and carrying the plan forward. Thin: policy, selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from digipuff.activities import selectors, services
from digipuff.activities.forms import ActivityForm, CarryForwardForm, CommitmentForm
from digipuff.activities.models import Activity, Commitment
from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import committee_or_404, delete_page, form_response, unit_or_404
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation import services as org_services
from digipuff.organisation.services import YearCarryForward


def _base_context(committee: Any, year: int) -> dict[str, Any]:
    return {"unit": committee, "year": year, "breadcrumbs": [*org_selectors.ancestors(committee), committee]}


# Activities per page of the overview: a large committee's year (hundreds of activities, each with its follow-up
# form) would otherwise be one page of several hundred kB.
PAGE_SIZE = 50


@login_required
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    occasions = list(org_selectors.occasions(year))
    occasion = org_selectors.chosen_occasion(occasions, request.GET.get("occasion"))
    data = selectors.overview(
        user=request.user,
        committee=committee,
        year=year,
        occasion=occasion,
        occasions=occasions,
        filters=request.GET,
        per_page=PAGE_SIZE,
        page_number=request.GET.get("page"),
    )
    context = {**_base_context(committee, year), "ov": data, "query": request.GET.urlencode()}
    return render(request, "activities/overview.html", context)


@login_required
def unit_plan(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """A unit's plan (förvaltning, verksamhet, enhet): the activities it and the units below it are responsible
    for, grouped by unit, with their status at the chosen occasion. Open to those who may view the unit."""
    unit = unit_or_404(code)
    policy.require(request.user, Action.VIEW, unit)
    occasions = list(org_selectors.occasions(year))
    occasion = org_selectors.chosen_occasion(occasions, request.GET.get("occasion"))
    groups = selectors.unit_plan(user=request.user, unit=unit, year=year, occasion=occasion, occasions=occasions)
    committees = {row.activity.committee for group in groups for row in group.rows}
    context = {
        "unit": unit,
        "year": year,
        "breadcrumbs": [*org_selectors.ancestors(unit), unit],
        "occasions": occasions,
        "occasion": occasion,
        "groups": groups,
        "total": sum(g.total for g in groups),
        "done": sum(g.done for g in groups),
        "late": sum(g.late for g in groups),
        # An activity's own page is its committee's; linked only for those who may view that committee.
        "linked_committees": {c.pk for c in committees if policy.allows(request.user, Action.VIEW, c)},
    }
    return render(request, "activities/unit_plan.html", context)


def _activity_or_404(committee: Any, year: int, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("owner_unit", "commitment__owner", "described_under__goal", "committee"),
        pk=pk,
        committee=committee,
        year=year,
    )


@login_required
def activity_detail(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    activity = _activity_or_404(committee, year, pk)
    context = {
        **_base_context(committee, year),
        "activity": activity,
        "goals": activity.goals.select_related("goal"),
        "follow_ups": selectors.activity_follow_ups(activity),
        "history": audit.history(activity)[:100],
        "may_administer": policy.allows(request.user, Action.ADMINISTER, committee),
        "may_edit": policy.allows(request.user, Action.EDIT, activity),
        "carried_to": activity.carried_to.all(),
    }
    return render(request, "activities/activity_detail.html", context)


def _activity_fields(data: dict[str, Any], committee: Any) -> dict[str, Any]:
    return {
        "title": data["title"],
        "commitment": data["commitment"],
        "owner_unit": data["owner_unit"] or committee,
        "responsible_role": data["responsible_role"],
        "background": data["background"],
        "description": data["description"],
        "described_under": data["described_under"],
        "starts": data["starts"],
        "ends": data["ends"],
        "sort_order": data["sort_order"] or 0,
    }


@login_required
def activity_edit(request: AuthenticatedRequest, code: str, year: int, pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    activity = _activity_or_404(committee, year, pk) if pk else None
    form = ActivityForm(request.POST or None, instance=activity, committee=committee, year=year)

    def save(data: dict[str, Any]) -> Activity:
        fields = {"goals": data["goals"], **_activity_fields(data, committee)}
        if activity is None:
            return services.activity_create(actor=request.user, committee=committee, year=year, **fields)
        return services.activity_update(
            actor=request.user, activity=activity, expected_version=data["version"], **fields
        )

    def saved(result: Activity) -> HttpResponse:
        messages.success(request, _("The activity {title} was saved.").format(title=result.title))
        return redirect("activities:activity", code=committee.code, year=year, pk=result.pk)

    return form_response(
        request,
        form,
        save,
        template="activities/activity_form.html",
        context={
            **_base_context(committee, year),
            "activity": activity,
            "cancel_url": reverse("activities:overview", args=[committee.code, year]),
        },
        on_success=saved,
    )


@login_required
def commitment_edit(request: AuthenticatedRequest, code: str, year: int, pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(code)
    commitment = None
    if pk:
        commitment = get_object_or_404(
            Commitment.objects.select_related("owner"),
            pk=pk,
            year=year,
            owner_id__in=[committee.pk, *committee.ancestor_ids()],
        )
        policy.require(request.user, Action.ADMINISTER, commitment)
    else:
        policy.require(request.user, Action.ADMINISTER, committee)
    form = CommitmentForm(request.POST or None, instance=commitment, committee=committee, year=year)

    def save(data: dict[str, Any]) -> Commitment:
        fields = {
            "title": data["title"],
            "background": data["background"],
            "description": data["description"],
            "goals": data["goals"],
            "sort_order": data["sort_order"] or 0,
        }
        if commitment is None:
            return services.commitment_create(actor=request.user, owner=committee, year=year, **fields)
        return services.commitment_update(
            actor=request.user, commitment=commitment, expected_version=data["version"], **fields
        )

    def saved(result: Commitment) -> HttpResponse:
        messages.success(request, _("The commitment {title} was saved.").format(title=result.title))
        return redirect("activities:overview", code=committee.code, year=year)

    return form_response(
        request,
        form,
        save,
        template="activities/commitment_form.html",
        context={
            **_base_context(committee, year),
            "commitment": commitment,
            "history": audit.history(commitment)[:50] if commitment else [],
            "cancel_url": reverse("activities:overview", args=[committee.code, year]),
        },
        on_success=saved,
    )


@login_required
def activity_delete(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    activity = _activity_or_404(committee, year, pk)
    return delete_page(
        request,
        deletion=deletion.plan(activity, scope=services.activity_scope(activity)),
        delete=lambda version: services.activity_delete(
            actor=request.user, activity=activity, expected_version=version
        ),
        cancel_url=reverse("activities:activity", args=[committee.code, year, activity.pk]),
        done_url=reverse("activities:overview", args=[committee.code, year]),
        context=_base_context(committee, year),
    )


@login_required
def commitment_delete(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    commitment = get_object_or_404(
        Commitment.objects.select_related("owner"),
        pk=pk,
        year=year,
        owner_id__in=[committee.pk, *committee.ancestor_ids()],
    )
    policy.require(request.user, Action.ADMINISTER, commitment)
    overview_url = reverse("activities:overview", args=[committee.code, year])
    return delete_page(
        request,
        deletion=deletion.plan(commitment, scope=services.commitment_scope(commitment)),
        delete=lambda version: services.commitment_delete(
            actor=request.user, commitment=commitment, expected_version=version
        ),
        cancel_url=reverse("activities:commitment_edit", args=[committee.code, year, commitment.pk]),
        done_url=overview_url,
        context=_base_context(committee, year),
    )


def _carry_choices(committee: Any, year: int) -> list[tuple[str, str]]:
    """Every item each app offers to carry forward, as "<step>:<id>" values."""
    return [
        (f"{name}:{pk}", label)
        for name, _label, items in org_selectors.rollover_choices(committee=committee, year=year)
        for pk, label in items
    ]


@login_required
def carry_forward(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """Copy chosen activities, risks and controls into next year's plan; the old year stays as it was."""
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    form = CarryForwardForm(
        request.POST or None, choices=_carry_choices(committee, year), initial={"to_year": year + 1}
    )
    context = _base_context(committee, year)

    def carry(data: dict[str, Any]) -> YearCarryForward:
        chosen: dict[str, list[int]] = {}
        for value in data["items"]:
            step, _sep, pk = value.partition(":")
            chosen.setdefault(step, []).append(int(pk))
        return org_services.year_carry_forward(
            actor=request.user, committee=committee, from_year=year, to_year=data["to_year"], chosen=chosen
        )

    def carried(result: YearCarryForward) -> HttpResponse:
        count = len(result.created)
        messages.success(
            request,
            _("{count} items were carried forward to {year}.").format(count=count, year=form.cleaned_data["to_year"]),
        )
        return render(request, "activities/carry_forward.html", {**context, "form": form, "result": result})

    return form_response(
        request, form, carry, template="activities/carry_forward.html", context=context, on_success=carried
    )
