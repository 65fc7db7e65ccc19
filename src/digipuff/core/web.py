"""The shared web layer: what every module's views need between a request and a service.

A view is: form in, one service call, a template or an htmx partial out.

    form = AssessmentForm(request.POST) if request.method == "POST" else AssessmentForm(initial=...)
    return form_response(
        request,
        form,
        lambda data: services.goal_assessment_set(actor=request.user, ..., **data),
        template="goals/assess.html",
        context={...},
        on_success=lambda _result: redirect(...),
    )

`run_service` validates the form and calls the service; a service's `ValidationError` goes onto the form's fields
(and the form), a `ConflictError` (somebody saved after the user opened the page) onto the form, and the form keeps
what the user typed. The answer is 422 for invalid input and 409 for a conflict, with the same template or partial
as a successful answer, so that htmx (configured in base.html to swap 409 and 422) shows it in place.

`core` imports no domain app: the org unit model is looked up by its label through the app registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from digipuff.core.concurrency import ConflictError
from digipuff.core.deletion import DeletionPlan
from digipuff.core.forms import SeenVersionField, StyledFormMixin, add_validation_errors

# An organisation.OrgUnit; typed Any because core imports no domain app, not even for type checking.
OrgUnit = Any

T = TypeVar("T")

# The value of OrgUnitKind.COMMITTEE; named by value because core imports no domain app.
COMMITTEE = "committee"

#: Answer to a form with invalid input (the form's own checks or the service's ValidationError).
INVALID = 422
#: Answer to a save that would overwrite somebody else's newer version (ConflictError).
CONFLICT = 409


# -- units from the URL -------------------------------------------------------------------------------------------


def unit_or_404(code: str) -> OrgUnit:
    """The org unit with this code (any kind), or 404."""
    model = apps.get_model("organisation", "OrgUnit")
    unit = model._default_manager.filter(code__iexact=code.strip()).first()
    if unit is None:
        raise Http404(_("There is no unit with the code {code}.").format(code=code))
    return unit


def committee_or_404(code: str, *, climb: bool = False) -> OrgUnit:
    """The committee (nämnd) with this code, or 404.

    With `climb`, a unit below a committee stands for its committee (the golden thread of a department is its
    committee's); without, a code that is not a committee's is a 404 (plans and the economy are kept per committee).
    """
    unit = unit_or_404(code)
    if unit.kind == COMMITTEE:
        return unit
    if not climb:
        raise Http404(_("{name} is not a committee; this page is kept per committee.").format(name=unit.name))
    committee = (
        type(unit)._default_manager.filter(pk__in=unit.ancestor_ids(), kind=COMMITTEE).order_by("-depth").first()
    )
    if committee is None:
        raise Http404(_("{name} does not belong to a committee.").format(name=unit.name))
    return committee


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address of the request if it stays on this site, else `fallback` (no open redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# -- running a service from a form --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What running a service from a form gave.

    `saved`: the service ran and returned `result`. Otherwise the errors are on the form and `status` is the HTTP
    status to answer with: 200 for a form not yet submitted, 422 for invalid input, 409 for a conflict.
    """

    saved: bool
    status: int
    result: T | None = None
    conflict: str = ""

    def value(self) -> T:
        """The service's result; only after a successful run."""
        if not self.saved:
            raise RuntimeError("The service did not run successfully.")
        return cast(T, self.result)


def run_service(form: forms.BaseForm, service: Callable[[dict[str, Any]], T]) -> Outcome[T]:
    """Validate `form` and call `service(form.cleaned_data)`; put what the service refused onto the form.

    An unbound form (a GET) is not validated: Outcome(saved=False, status=200). The form is never re-created, so
    the page shown after a refusal holds exactly what the user typed.
    """
    if not form.is_bound:
        return Outcome(saved=False, status=200)
    if not form.is_valid():
        return Outcome(saved=False, status=INVALID)
    try:
        result = service(form.cleaned_data)
    except ConflictError as exc:
        form.add_error(None, exc.message)
        return Outcome(saved=False, status=CONFLICT, conflict=exc.message)
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return Outcome(saved=False, status=INVALID)
    return Outcome(saved=True, status=200, result=result)


def form_response(
    request: HttpRequest,
    form: forms.BaseForm,
    service: Callable[[dict[str, Any]], T],
    *,
    template: str,
    context: Mapping[str, Any],
    on_success: Callable[[T], HttpResponse],
    partial: str | None = None,
    form_name: str = "form",
) -> HttpResponse:
    """The whole of a form view after the form is built: run the service, answer with `on_success(result)` when it
    ran, else render the form (in `template`, or `partial` for an htmx request) with its errors and the status of
    the refusal (200 for a GET, 422 invalid, 409 conflict). `context` gets the form under `form_name`."""
    outcome = run_service(form, service)
    if outcome.saved:
        return on_success(outcome.value())
    chosen = partial if partial and getattr(request, "htmx", False) else template
    return render(request, chosen, {**context, form_name: form}, status=outcome.status)


def form_errors_text(form: forms.BaseForm) -> str:
    """Every error of a form as one line, for a message after a redirect."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        field = form.fields.get(name) if name != NON_FIELD_ERRORS else None
        prefix = f"{field.label}: " if field is not None and field.label else ""
        parts.extend(f"{prefix}{error}" for error in errors)
    return " ".join(parts)


def run_with_messages(
    request: HttpRequest,
    service: Callable[[dict[str, Any]], T],
    *,
    form: forms.BaseForm | None = None,
    success: str | None = None,
) -> Outcome[T]:
    """For a POST answered with a redirect: run the service (from `form` when given, else with no data) and tell
    the outcome through the messages framework: `success` when it ran, the errors or the conflict when not."""
    if form is None:
        form = forms.Form(data={})
    outcome = run_service(form, service)
    if outcome.saved:
        if success:
            messages.success(request, success)
    else:
        messages.error(request, form_errors_text(form))
    return outcome


# -- deleting -------------------------------------------------------------------------------------------------------


class DeleteForm(StyledFormMixin, forms.Form):
    """The confirmation of a deletion: it carries the version of the record the page showed."""

    version = SeenVersionField()


def delete_page(
    request: HttpRequest,
    *,
    deletion: DeletionPlan,
    delete: Callable[[Any], object],
    cancel_url: str,
    done_url: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    """The whole of a delete view: GET shows the confirmation (what goes with the object, or why it cannot be
    deleted); POST calls `delete(version the page showed)` (for several rows deleted together: {pk: version}) and
    redirects to `done_url`, or shows the refusal (409 when somebody changed the object after the page was opened,
    422 when it may not be deleted)."""
    obj: Any = deletion.obj
    form = DeleteForm(request.POST if request.method == "POST" else None, initial={"version": obj.version})
    rows: tuple[Any, ...] = deletion.rows
    for row in rows:  # several rows deleted together: each carries the version the page showed
        form.fields[f"v_{row.pk}"] = SeenVersionField(initial=row.version)
    name, kind = deletion.what, deletion.kind

    def done(_result: object) -> HttpResponse:
        messages.success(request, _("{kind} {name} was deleted.").format(kind=kind.capitalize(), name=name))
        return redirect(done_url)

    return form_response(
        request,
        form,
        lambda data: delete(
            {row.pk: data[f"v_{row.pk}"] for row in deletion.rows} if deletion.rows else data["version"]
        ),
        template="core/confirm_delete.html",
        context={
            **context,
            "deletion": deletion,
            "cancel_url": cancel_url,
            "heading": _("Delete {kind}").format(kind=kind),
        },
        on_success=done,
    )
