"""Org tree pages: thin views over the organisation selectors and services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, dashboard, deletion, menu, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import Outcome, delete_page, form_response, run_service, run_with_messages, unit_or_404
from digipuff.organisation import selectors, services, sso
from digipuff.organisation.forms import (
    GroupRoleMappingEditForm,
    GroupRoleMappingForm,
    OrgUnitForm,
    ReportOccasionEditForm,
    ReportOccasionForm,
    RoleAssignmentForm,
    YearCreateForm,
)
from digipuff.organisation.models import GroupRoleMapping, OrgUnit, PlanningYear, ReportOccasion, RoleAssignment


@login_required
def org_tree(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.org_tree(user=request.user, year=request.digipuff_year)
    return render(request, "organisation/tree.html", {"rows": rows})


@login_required
def unit_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = unit_or_404(code)
    policy.require(request.user, Action.VIEW, unit)
    return render(request, "organisation/unit_detail.html", _unit_context(request, unit))


def _unit_context(request: AuthenticatedRequest, unit: OrgUnit, role_form: RoleAssignmentForm | None = None) -> dict:
    may_administer = policy.allows(request.user, Action.ADMINISTER, unit)
    year = request.digipuff_year
    return {
        "unit": unit,
        "module_links": (
            menu.links_for(code=unit.code, kind=unit.kind, year=year, unit=unit, user=request.user)
            if unit.is_active_in(year)
            else []
        ),
        "breadcrumbs": selectors.ancestors(unit),
        "children": unit.children.order_by("sort_order", "name"),
        "assignments": selectors.role_assignments(user=request.user, unit=unit),
        "may_administer": may_administer,
        "role_form": role_form or (RoleAssignmentForm() if may_administer else None),
    }


@login_required
def unit_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = unit_or_404(code)
    policy.require(request.user, Action.ADMINISTER, unit)
    parents = selectors.visible_units(request.user, action=Action.ADMINISTER).exclude(path__startswith=unit.path)
    if request.method == "POST":
        form = OrgUnitForm(request.POST, parents=parents)
    else:
        form = OrgUnitForm(
            parents=parents,
            initial={
                "version": unit.version,
                "name": unit.name,
                "code": unit.code,
                "kind": unit.kind,
                "parent": unit.parent_id,
                "valid_from": unit.valid_from,
                "valid_to": unit.valid_to,
                "sort_order": unit.sort_order,
            },
        )
    if not unit.parent_id:
        form.fields["parent"].disabled = True

    def saved(_result: object) -> HttpResponse:
        messages.success(request, _("The unit {name} was saved.").format(name=unit.name))
        return redirect("organisation:unit", code=unit.code)

    return form_response(
        request,
        form,
        lambda data: services.org_unit_update(
            actor=request.user,
            unit=unit,
            expected_version=data["version"],
            name=data["name"],
            code=data["code"],
            kind=data["kind"],
            parent=data["parent"] if unit.parent_id else None,
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            sort_order=data["sort_order"],
        ),
        template="organisation/unit_edit.html",
        context={"unit": unit, "breadcrumbs": selectors.ancestors(unit)},
        on_success=saved,
    )


@login_required
@require_POST
def role_add(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = unit_or_404(code)
    policy.require(request.user, Action.ADMINISTER, unit)
    template = "organisation/partials/roles.html" if request.htmx else "organisation/unit_detail.html"

    def added(_result: object) -> HttpResponse:
        messages.success(request, _("The role was added."))
        return render(request, template, _unit_context(request, unit))

    # A refused role (422) answers with the same panel, which htmx swaps (see base.html), so the errors show.
    return form_response(
        request,
        RoleAssignmentForm(request.POST),
        lambda data: services.role_assign(actor=request.user, user=data["username"], unit=unit, role=data["role"]),
        template="organisation/unit_detail.html",
        partial="organisation/partials/roles.html",
        context=_unit_context(request, unit),
        form_name="role_form",
        on_success=added,
    )


@login_required
@require_POST
def role_remove(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    unit = unit_or_404(code)
    assignment = unit.role_assignments.filter(pk=pk).select_related("user", "unit").first()
    if assignment is None:
        raise Http404(_("The role assignment does not exist."))
    run_with_messages(
        request,
        lambda _data: services.role_revoke(actor=request.user, assignment=assignment),
        success=_("The role was removed."),
    )
    if request.htmx:
        return render(request, "organisation/partials/roles.html", _unit_context(request, unit))
    return redirect("organisation:unit", code=unit.code)


@login_required
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_or_404(code)
    if not policy.allows(request.user, Action.ADMINISTER, unit):
        raise PermissionDenied(_("Only administrators of the unit may read its history."))
    entries = audit.history(unit)[:200]
    return render(
        request,
        "core/history.html",
        {
            "heading": _("History of {name}").format(name=unit.name),
            "caption": _("Changes to the unit, newest first"),
            "rows": audit.readable(entries),
            "back_url": reverse("organisation:unit", args=[unit.code]),
            "back_label": _("Back to the unit"),
            "show_addresses": True,
            "breadcrumbs": selectors.ancestors(unit),
        },
    )


@login_required
def role_history(request: HttpRequest, code: str) -> HttpResponse:
    """Who gave and took which roles on the unit, when and from what address (also roles removed since)."""
    unit = unit_or_404(code)
    if not policy.allows(request.user, Action.ADMINISTER, unit):
        raise PermissionDenied(_("Only administrators of the unit may read its history."))
    entries = audit.history_of_children(RoleAssignment, parent_field="unit", parent_pk=unit.pk)[:500]
    return render(
        request,
        "core/history.html",
        {
            "heading": _("History of the roles on {name}").format(name=unit.name),
            "caption": _("Roles given and removed on the unit, newest first"),
            "rows": audit.readable(entries),
            "back_url": reverse("organisation:unit", args=[unit.code]),
            "back_label": _("Back to the unit"),
            "show_addresses": True,
        },
    )


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start page: the panels their roles see (each figure a link to the page it counts, from
    the apps' `dashboard.py`) and the units they work in with their roles there."""
    year = getattr(request, "digipuff_year", None) or timezone.localdate().year
    viewer = selectors.dashboard_viewer(user=request.user, year=year)
    return render(
        request,
        "core/start.html",
        {"my_units": selectors.units_of_user(request.user), "panels": dashboard.panels_for(viewer), "year": year},
    )


# Planning years: creating a year from another and editing its report occasions (the municipality's administrators).


def _require_municipality_admin(request: AuthenticatedRequest) -> None:
    """Years belong to the municipality as a whole: ADMINISTER on the top of the org tree (403 otherwise)."""
    root = selectors.municipality_root()
    if root is None:
        raise Http404(_("The org tree is empty."))
    policy.require(request.user, Action.ADMINISTER, root)


@login_required
def years(request: AuthenticatedRequest) -> HttpResponse:
    """The planning years, and the form that creates a year from another: first a dry run that says what would be
    created, then the confirmed creation, which leads on to the new year's report occasions."""
    _require_municipality_admin(request)
    existing = list(selectors.planning_years().values_list("year", flat=True))
    if request.method == "POST":
        form = YearCreateForm(request.POST, years=existing)
    else:
        latest = existing[-1] if existing else None
        form = YearCreateForm(years=existing, initial={"year": latest + 1 if latest else None, "from_year": latest})
    context = {"planning_years": selectors.planning_years_with_occasions(), "preview": None}

    def done(outcome: services.YearCreation) -> HttpResponse:
        if outcome.dry_run:
            confirm = YearCreateForm(
                years=existing,
                initial={"year": outcome.year, "from_year": outcome.from_year, "force": form.cleaned_data["force"]},
            )
            return render(
                request, "organisation/years.html", {**context, "form": form, "preview": outcome, "confirm": confirm}
            )
        summary = ", ".join(f"{label.lower()} {number}" for label, number in outcome.counts)
        messages.success(
            request,
            _("The year {year} was created from {from_year}: {summary}.").format(
                year=outcome.year, from_year=outcome.from_year, summary=summary
            ),
        )
        if outcome.unmatched:
            messages.warning(request, _("Not copied: {lines}").format(lines="; ".join(outcome.unmatched)))
        return redirect("organisation:year_occasions", year=outcome.year)

    return form_response(
        request,
        form,
        lambda data: services.year_create(
            actor=request.user,
            year=data["year"],
            from_year=data["from_year"],
            force=data["force"],
            dry_run=not data["confirm"],
        ),
        template="organisation/years.html",
        context=context,
        on_success=done,
    )


def _occasion_forms(planning_year: PlanningYear, bound: dict[int, ReportOccasionForm]) -> list[tuple[Any, Any]]:
    rows = []
    for occasion in planning_year.occasions.order_by("period_end", "pk"):
        form = bound.get(occasion.pk) or ReportOccasionEditForm(
            prefix=f"o{occasion.pk}",
            initial={
                "version": occasion.version,
                "name": occasion.name,
                "kind": occasion.kind,
                "period_end": occasion.period_end,
                "deadline": occasion.deadline,
            },
        )
        rows.append((occasion, form))
    return rows


def _occasions_page(
    request: AuthenticatedRequest,
    planning_year: PlanningYear,
    *,
    bound: dict[int, ReportOccasionForm] | None = None,
    new_form: ReportOccasionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organisation/year_occasions.html",
        {
            "planning_year": planning_year,
            "rows": _occasion_forms(planning_year, bound or {}),
            "new_form": new_form or ReportOccasionForm(prefix="new"),
        },
        status=status,
    )


@login_required
def year_occasions(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """A year's report occasions: change their names, dates and deadlines, add one (POST here) or remove one."""
    _require_municipality_admin(request)
    planning_year = get_object_or_404(PlanningYear, year=year)
    if request.method != "POST":
        return _occasions_page(request, planning_year)
    form = ReportOccasionForm(request.POST, prefix="new")

    def added(occasion: ReportOccasion) -> HttpResponse:
        messages.success(request, _("The occasion {name} was added.").format(name=occasion.name))
        return redirect("organisation:year_occasions", year=year)

    outcome: Outcome[ReportOccasion] = run_service(
        form,
        lambda data: services.report_occasion_create(
            actor=request.user,
            year=planning_year,
            kind=data["kind"],
            name=data["name"],
            period_end=data["period_end"],
            deadline=data["deadline"],
        ),
    )
    if outcome.saved:
        return added(outcome.value())
    return _occasions_page(request, planning_year, new_form=form, status=outcome.status)


@login_required
@require_POST
def year_occasion(request: AuthenticatedRequest, year: int, pk: int) -> HttpResponse:
    """Save one occasion of the year, or remove it (the remove button) when nothing has been written for it."""
    _require_municipality_admin(request)
    planning_year = get_object_or_404(PlanningYear, year=year)
    occasion = get_object_or_404(ReportOccasion, year=planning_year, pk=pk)
    form = ReportOccasionEditForm(request.POST, prefix=f"o{occasion.pk}")
    outcome: Outcome[Any]
    if "delete" in request.POST:
        outcome = run_service(
            form,
            lambda data: services.report_occasion_delete(
                actor=request.user, occasion=occasion, expected_version=data["version"]
            ),
        )
        message = _("The occasion {name} was removed.")
    else:
        outcome = run_service(
            form,
            lambda data: services.report_occasion_update(
                actor=request.user,
                occasion=occasion,
                expected_version=data["version"],
                kind=data["kind"],
                name=data["name"],
                period_end=data["period_end"],
                deadline=data["deadline"],
            ),
        )
        message = _("The occasion {name} was saved.")
    if outcome.saved:
        messages.success(request, message.format(name=occasion.name))
        return redirect("organisation:year_occasions", year=year)
    return _occasions_page(request, planning_year, bound={occasion.pk: form}, status=outcome.status)


@login_required
def deletions(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """What was deleted in the unit and below it: when, by whom, what, and what went with it (from the audit)."""
    unit = unit_or_404(code)
    policy.require(request.user, Action.VIEW, unit)
    entries = list(deletion.deletions_under(unit)[:500])
    return render(
        request,
        "organisation/deletions.html",
        {"unit": unit, "breadcrumbs": selectors.ancestors(unit), "entries": entries},
    )


# Single sign-on: which of the identity provider's groups give which roles (the municipality's administrators).


def _sso_context() -> dict[str, Any]:
    return {
        "mappings": selectors.group_role_mappings(),
        "sso_on": sso.enabled(),
        "groups_claim": settings.DIGIPUFF_OIDC_GROUPS_CLAIM,
    }


@login_required
def sso_groups(request: AuthenticatedRequest) -> HttpResponse:
    """The group mappings, and the form that adds one (POST here)."""
    _require_municipality_admin(request)
    form = GroupRoleMappingForm(request.POST if request.method == "POST" else None)

    def added(mapping: GroupRoleMapping) -> HttpResponse:
        messages.success(request, _("The group {group} now gives the role.").format(group=mapping.group))
        return redirect("organisation:sso_groups")

    return form_response(
        request,
        form,
        lambda data: services.group_role_mapping_create(
            actor=request.user, group=data["group"], unit=data["unit"], role=data["role"]
        ),
        template="organisation/sso_groups.html",
        context=_sso_context(),
        on_success=added,
    )


@login_required
def sso_group_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change one mapping; a save based on a copy somebody changed since is refused."""
    _require_municipality_admin(request)
    mapping = get_object_or_404(GroupRoleMapping.objects.select_related("unit"), pk=pk)
    if request.method == "POST":
        form = GroupRoleMappingEditForm(request.POST)
    else:
        form = GroupRoleMappingEditForm(
            initial={"version": mapping.version, "group": mapping.group, "unit": mapping.unit_id, "role": mapping.role}
        )

    def saved(result: GroupRoleMapping) -> HttpResponse:
        messages.success(request, _("The mapping of {group} was saved.").format(group=result.group))
        return redirect("organisation:sso_groups")

    return form_response(
        request,
        form,
        lambda data: services.group_role_mapping_update(
            actor=request.user,
            mapping=mapping,
            expected_version=data["version"],
            group=data["group"],
            unit=data["unit"],
            role=data["role"],
        ),
        template="organisation/sso_group_edit.html",
        context={"mapping": mapping},
        on_success=saved,
    )


@login_required
def sso_group_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Remove one mapping after a confirmation; the roles it gave go at each member's next sign-in."""
    _require_municipality_admin(request)
    mapping = get_object_or_404(GroupRoleMapping.objects.select_related("unit"), pk=pk)
    back = reverse("organisation:sso_groups")
    return delete_page(
        request,
        deletion=deletion.DeletionPlan(obj=mapping),
        delete=lambda version: services.group_role_mapping_delete(
            actor=request.user, mapping=mapping, expected_version=version
        ),
        cancel_url=back,
        done_url=back,
        context={},
    )
