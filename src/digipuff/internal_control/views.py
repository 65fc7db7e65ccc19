"""Pages of a committee's internal control plan: the overview with the risk matrix and follow-up in place, a risk's
page with its actions and history, and the plan's forms. Thin: policy, selector or service, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import committee_or_404, delete_page, form_response
from digipuff.followup import registry as followup
from digipuff.internal_control import forms as f
from digipuff.internal_control import selectors, services
from digipuff.internal_control.models import CompetitionTest, Control, ProviderFollowUp, ReviewAction, Risk, RiskAction
from digipuff.organisation import selectors as org_selectors


def _base(committee: Any, year: int) -> dict[str, Any]:
    return {"unit": committee, "year": year, "breadcrumbs": [*org_selectors.ancestors(committee), committee]}


@login_required
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    occasions = list(org_selectors.occasions(year))
    occasion = org_selectors.chosen_occasion(occasions, request.GET.get("occasion"))
    data = selectors.overview(
        user=request.user, committee=committee, year=year, occasion=occasion, occasions=occasions, filters=request.GET
    )
    context = {**_base(committee, year), "ov": data, "risk_values": [1, 2, 3, 4, 6, 8, 9, 12, 16]}
    return render(request, "internal_control/overview.html", context)


@login_required
def risk_detail(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    risk = get_object_or_404(
        Risk.objects.select_related("goal__goal", "owner_unit"), pk=pk, committee=committee, year=year
    )
    occasions = [o for o in org_selectors.occasions(year) if o.kind != "plan"]
    actions = list(risk.actions.select_related("owner_unit"))
    records: dict[tuple[int, int], Any] = {}
    if actions:
        model: type[Model] = followup.of(actions[0]).follow_up_model
        rows: QuerySet[Any] = model._default_manager.filter(item__in=actions).select_related("status")
        records = {(r.item_id, r.occasion_id): r for r in rows}
    action_rows = [
        (a, [(o, records.get((a.pk, o.pk))) for o in occasions], policy.allows(request.user, Action.EDIT, a))
        for a in actions
    ]
    history = sorted(
        [*audit.history(risk)[:100], *[e for a in actions for e in audit.history(a)[:50]]],
        key=lambda e: e.timestamp,
        reverse=True,
    )
    context = {
        **_base(committee, year),
        "risk": risk,
        "action_rows": action_rows,
        "history": history,
        "may_administer": policy.allows(request.user, Action.ADMINISTER, committee),
    }
    return render(request, "internal_control/risk_detail.html", context)


@dataclass(frozen=True)
class Editable:
    model: Any
    form: Any
    create: Any
    update: Any
    arg: str
    label_new: Any
    label_edit: Any


EDITABLE: dict[str, Editable] = {
    "risk": Editable(
        Risk,
        f.RiskForm,
        services.risk_create,
        services.risk_update,
        "risk",
        gettext_lazy("New risk"),
        gettext_lazy("Edit risk"),
    ),
    "control": Editable(
        Control,
        f.ControlForm,
        services.control_create,
        services.control_update,
        "control",
        gettext_lazy("New systematic control"),
        gettext_lazy("Edit systematic control"),
    ),
    "review-action": Editable(
        ReviewAction,
        f.ReviewActionForm,
        services.review_action_create,
        services.review_action_update,
        "review_action",
        gettext_lazy("New action on a review"),
        gettext_lazy("Edit action on a review"),
    ),
    "provider-follow-up": Editable(
        ProviderFollowUp,
        f.ProviderFollowUpForm,
        services.provider_follow_up_create,
        services.provider_follow_up_update,
        "provider_follow_up",
        gettext_lazy("New provider follow-up"),
        gettext_lazy("Edit provider follow-up"),
    ),
    "competition-test": Editable(
        CompetitionTest,
        f.CompetitionTestForm,
        services.competition_test_create,
        services.competition_test_update,
        "competition_test",
        gettext_lazy("New competition test"),
        gettext_lazy("Edit competition test"),
    ),
}


FORM = "internal_control/item_form.html"


@login_required
def item_edit(request: AuthenticatedRequest, code: str, year: int, kind: str, pk: int | None = None) -> HttpResponse:
    spec = EDITABLE.get(kind)
    if spec is None:
        raise Http404(_("Unknown kind of plan item."))
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    obj = get_object_or_404(spec.model, pk=pk, committee=committee, year=year) if pk else None
    form = spec.form(request.POST or None, instance=obj, committee=committee, year=year)

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return spec.create(actor=request.user, committee=committee, year=year, **form.service_fields())
        return spec.update(
            actor=request.user, expected_version=data["version"], **{spec.arg: obj}, **form.service_fields()
        )

    def saved(result: Any) -> HttpResponse:
        messages.success(request, _("{item} was saved.").format(item=result))
        if kind == "risk":
            return redirect("internal_control:risk", code=committee.code, year=year, pk=result.pk)
        return redirect("internal_control:overview", code=committee.code, year=year)

    context = {
        **_base(committee, year),
        "heading": spec.label_edit if obj else spec.label_new,
        "obj": obj,
        "history": audit.history(obj)[:50] if obj else [],
        "cancel_url": reverse("internal_control:overview", args=[committee.code, year]),
        "delete_url": reverse("internal_control:item_delete", args=[committee.code, year, kind, obj.pk]) if obj else "",
    }
    return form_response(request, form, save, template=FORM, context=context, on_success=saved)


@login_required
def action_edit(
    request: AuthenticatedRequest, code: str, year: int, risk_pk: int, pk: int | None = None
) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    risk = get_object_or_404(Risk, pk=risk_pk, committee=committee, year=year)
    action = get_object_or_404(RiskAction, pk=pk, risk=risk) if pk else None
    form = f.RiskActionForm(request.POST or None, instance=action, committee=committee, year=year)

    def save(data: dict[str, Any]) -> RiskAction:
        if action is None:
            return services.risk_action_create(actor=request.user, risk=risk, **form.service_fields())
        return services.risk_action_update(
            actor=request.user, action=action, expected_version=data["version"], **form.service_fields()
        )

    def saved(result: RiskAction) -> HttpResponse:
        messages.success(request, _("{item} was saved.").format(item=result))
        return redirect("internal_control:risk", code=committee.code, year=year, pk=risk.pk)

    context = {
        **_base(committee, year),
        "heading": _("Edit action") if action else _("New action for the risk: {risk}").format(risk=risk),
        "obj": action,
        "history": audit.history(action)[:50] if action else [],
        "cancel_url": reverse("internal_control:risk", args=[committee.code, year, risk.pk]),
        "delete_url": (
            reverse("internal_control:action_delete", args=[committee.code, year, risk.pk, action.pk]) if action else ""
        ),
    }
    return form_response(request, form, save, template=FORM, context=context, on_success=saved)


@login_required
def item_delete(request: AuthenticatedRequest, code: str, year: int, kind: str, pk: int) -> HttpResponse:
    spec = EDITABLE.get(kind)
    if spec is None:
        raise Http404(_("Unknown kind of plan item."))
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    obj = get_object_or_404(spec.model, pk=pk, committee=committee, year=year)
    back = (
        reverse("internal_control:risk", args=[committee.code, year, obj.pk])
        if kind == "risk"
        else reverse("internal_control:item_edit", args=[committee.code, year, kind, obj.pk])
    )
    return delete_page(
        request,
        deletion=deletion.plan(obj, scope=services.item_scope(obj)),
        delete=lambda version: services.plan_item_delete(actor=request.user, item=obj, expected_version=version),
        cancel_url=back,
        done_url=reverse("internal_control:overview", args=[committee.code, year]),
        context=_base(committee, year),
    )


@login_required
def action_delete(request: AuthenticatedRequest, code: str, year: int, risk_pk: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    risk = get_object_or_404(Risk, pk=risk_pk, committee=committee, year=year)
    action = get_object_or_404(RiskAction, pk=pk, risk=risk)
    risk_url = reverse("internal_control:risk", args=[committee.code, year, risk.pk])
    return delete_page(
        request,
        deletion=deletion.plan(action, scope=services.item_scope(risk)),
        delete=lambda version: services.risk_action_delete(actor=request.user, action=action, expected_version=version),
        cancel_url=risk_url,
        done_url=risk_url,
        context=_base(committee, year),
    )
