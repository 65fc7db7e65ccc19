"""Org tree pages: thin views over the organisation selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, deletion, menu, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import form_response, run_with_messages, unit_or_404
from digipuff.organisation import selectors, services
from digipuff.organisation.forms import OrgUnitForm, RoleAssignmentForm
from digipuff.organisation.models import OrgUnit, RoleAssignment


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
        "module_links": menu.links_for(code=unit.code, kind=unit.kind, year=year) if unit.is_active_in(year) else [],
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
    """The signed-in user's own start page: the units they work in and their roles there."""
    return render(request, "core/start.html", {"my_units": selectors.units_of_user(request.user)})


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
