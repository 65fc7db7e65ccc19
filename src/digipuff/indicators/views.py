"""The measure page, the value, target, equality and analysis forms, and the import of values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, deletion, importing, policy
from digipuff.core.charts import cached_svg
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.importing import ImportFailed
from digipuff.core.web import committee_or_404, delete_page, form_response, run_with_messages
from digipuff.indicators import selectors, services
from digipuff.indicators.charts import chart_note, measure_chart
from digipuff.indicators.choices import MEN, TOTAL, WOMEN
from digipuff.indicators.forms import (
    AnalysisForm,
    ImportForm,
    JudgementForm,
    MeasureForm,
    TargetForm,
    TargetRemoveForm,
    ValuesForm,
    value_groups,
)
from digipuff.indicators.importers.values import KIND as VALUES
from digipuff.indicators.importers.values import template_workbook
from digipuff.indicators.models import EqualityJudgement, Measure, MeasureAnalysis, MeasureValue, Target
from digipuff.indicators.services import ValueInput
from digipuff.indicators.tasks import values_import_start
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.models import ReportOccasion


def _measure(pk: int, user: Any, action: str = Action.VIEW) -> Measure:
    measure = selectors.measure_with_goals(pk)
    # A measure the user may not view is not disclosed: the same answer as for one that does not exist.
    if measure is None or not policy.allows(user, Action.VIEW, measure):
        raise Http404(_("The measure does not exist."))
    policy.require(user, action, measure)
    return measure


@login_required
def measure_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _measure(pk, request.user)
    year = request.digipuff_year
    summary = selectors.measure_summaries([measure], year=year, history_years=50)[0]
    series = summary.series
    targets = list(measure.targets.order_by("-year"))
    chart = measure_chart(measure, series, target=summary.target)
    groups = [TOTAL, *[g for g in (WOMEN, MEN) if any(g in v for v in series.values.values())]]
    rows = [
        (
            selectors.period_label(measure, period),
            period,
            [
                selectors.format_value(measure, series.get(period, g), hidden=series.is_hidden(period, g))
                for g in groups
            ],
        )
        for period in reversed(series.periods())
    ]
    kolada_panel = None
    if measure.source == "kolada":
        kolada_panel = _optional_template("kolada/partials/measure_panel.html")
    return render(
        request,
        "indicators/measure_detail.html",
        {
            "unit": measure.owner,
            "breadcrumbs": org_selectors.ancestors(measure.owner),
            "measure": measure,
            "summary": summary,
            "summary_list": [summary],
            "chart": chart,
            "chart_note": chart_note(measure, series) if chart else "",
            "chart_svg": mark_safe(cached_svg(chart)) if chart else None,  # noqa: S308 - drawn by matplotlib from our data
            "group_labels": [_("Total") if g == TOTAL else selectors.group_label(g) for g in groups],
            "rows": rows[:36],
            "targets": targets,
            "judgements": list(measure.equality_judgements.order_by("-year", "-month")),
            "analyses": list(measure.analyses.select_related("occasion").order_by("-occasion__period_end")),
            "occasions": list(org_selectors.occasions(year)),
            "may_edit": policy.allows(request.user, Action.EDIT, measure),
            "may_administer": policy.allows(request.user, Action.ADMINISTER, measure),
            "may_delete": policy.allows(request.user, Action.ADMINISTER, measure),
            "history": audit.history(measure)[:20],
            "kolada_panel": kolada_panel,
            "year": year,
        },
    )


@login_required
def measure_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a measure with its values, targets, analyses and judgements, after a confirmation."""
    measure = _measure(pk, request.user, Action.ADMINISTER)
    return delete_page(
        request,
        deletion=deletion.plan(measure, scope=services.measure_scope(measure)),
        delete=lambda version: services.measure_delete(actor=request.user, measure=measure, expected_version=version),
        cancel_url=reverse("indicators:measure", args=[measure.pk]),
        done_url=reverse("goals:thread", args=[measure.owner.code, request.digipuff_year]),
        context={"unit": measure.owner, "breadcrumbs": org_selectors.ancestors(measure.owner)},
    )


def _optional_template(name: str) -> str | None:
    try:
        select_template([name])
    except Exception:
        return None
    return name


def _edit_page(
    request: HttpRequest,
    measure: Measure,
    form: Any,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success: str,
    remove: Target | None = None,
) -> HttpResponse:
    def saved(_result: object) -> HttpResponse:
        messages.success(request, success)
        return redirect("indicators:measure", pk=measure.pk)

    return form_response(
        request,
        form,
        save,
        template="indicators/edit.html",
        context={
            "unit": measure.owner,
            "breadcrumbs": org_selectors.ancestors(measure.owner),
            "measure": measure,
            "title": title,
            "remove": remove,
        },
        on_success=saved,
    )


@login_required
def values_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed the measure's values, when, from what to what (also values deleted since). For those who may
    enter values: the history shows raw values, which readers see only suppressed."""
    measure = _measure(pk, request.user, Action.EDIT)
    entries = audit.history_of_children(MeasureValue, parent_field="measure", parent_pk=measure.pk)[:500]
    return render(
        request,
        "core/history.html",
        {
            "heading": _("History of the values of {name}").format(name=measure.name),
            "caption": _("Changes to the measure's values, newest first"),
            "rows": audit.readable(entries),
            "back_url": reverse("indicators:measure", args=[measure.pk]),
            "back_label": _("Back to the measure"),
            "show_addresses": policy.allows(request.user, Action.ADMINISTER, measure),
        },
    )


@login_required
def values_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _measure(pk, request.user, Action.EDIT)
    groups = value_groups(measure)
    if request.method == "POST":
        form = ValuesForm(request.POST, measure=measure)
    else:
        # The year as the request context read it (?year= when it is a planning year's number, else the one the
        # user is looking at); a month outside 1-12 (?month=abc) opens the year's value.
        year = request.digipuff_year
        raw_month = request.GET.get("month", "")
        month = int(raw_month) if raw_month.isdecimal() and 1 <= int(raw_month) <= 12 else 0
        initial: dict[str, Any] = {"year": year, "month": month or None}
        for value in MeasureValue.objects.filter(measure=measure, year=year, month=month):
            initial[f"value_{value.group}"] = value.value
            initial[f"numerator_{value.group}"] = value.numerator
            initial[f"denominator_{value.group}"] = value.denominator
            initial[f"version_{value.group}"] = value.version
            initial["is_forecast"] = initial.get("is_forecast", False) or value.is_forecast
        form = ValuesForm(initial=initial, measure=measure)

    def save(data: dict[str, Any]) -> object:
        month = int(data.get("month") or 0)
        items = []
        for code, _label in groups:
            value, numerator, denominator = (
                data.get(f"value_{code}"),
                data.get(f"numerator_{code}"),
                data.get(f"denominator_{code}"),
            )
            if value is None and numerator is None and denominator is None:
                continue
            items.append(
                ValueInput(
                    year=data["year"],
                    month=month,
                    group=code,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    is_forecast=bool(data.get("is_forecast")),
                    expected_version=data.get(f"version_{code}"),
                )
            )
        if not items:
            raise ValidationError(_("Enter at least one value."))
        return services.measure_values_set(actor=request.user, measure=measure, values=items)

    return _edit_page(request, measure, form, _("Enter values"), save, _("The values were saved."))


@login_required
def target_edit(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    measure = _measure(pk, request.user, Action.EDIT)
    target = Target.objects.filter(measure=measure, year=year).first()
    if request.method == "POST":
        form = TargetForm(request.POST)
    else:
        form = TargetForm(
            initial={
                "version": target.version if target else None,
                "kind": target.kind if target else None,
                "comparator": target.comparator if target else "",
                "value": target.value if target else None,
                "qualitative": target.qualitative if target else "",
                "reference": target.reference if target else None,
                "note": target.note if target else "",
            }
        )

    def save(data: dict[str, Any]) -> object:
        return services.target_set(
            actor=request.user,
            measure=measure,
            year=year,
            expected_version=data["version"],
            kind=data["kind"],
            comparator=data["comparator"],
            value=data["value"],
            qualitative=data["qualitative"],
            reference=data["reference"],
            note=data["note"],
        )

    title = _("Target {year}").format(year=year)
    return _edit_page(request, measure, form, title, save, _("The target was saved."), remove=target)


@login_required
def judgement_edit(request: AuthenticatedRequest, pk: int, period_year: int, month: int) -> HttpResponse:
    # The period's year, not the planning year (named otherwise so that a value of 2018 can be explained when 2018
    # is no planning year: core.middleware answers 404 for a URL `year` that is none).
    year = period_year
    measure = _measure(pk, request.user, Action.EDIT)
    record = EqualityJudgement.objects.filter(measure=measure, year=year, month=month).first()
    if request.method == "POST":
        form = JudgementForm(request.POST)
    else:
        form = JudgementForm(
            initial={
                "version": record.version if record else None,
                "judgement": record.judgement if record else None,
                "text": record.text if record else "",
            }
        )

    def save(data: dict[str, Any]) -> object:
        return services.equality_judgement_set(
            actor=request.user,
            measure=measure,
            year=year,
            month=month,
            expected_version=data["version"],
            judgement=data["judgement"],
            text=data["text"],
        )

    title = _("Difference between groups, {period}").format(period=selectors.period_label(measure, (year, month)))
    return _edit_page(request, measure, form, title, save, _("The explanation was saved."))


@login_required
def analysis_edit(request: AuthenticatedRequest, pk: int, occasion_pk: int) -> HttpResponse:
    measure = _measure(pk, request.user, Action.EDIT)
    occasion = get_object_or_404(ReportOccasion, pk=occasion_pk)
    record = MeasureAnalysis.objects.filter(measure=measure, occasion=occasion).first()
    if request.method == "POST":
        form = AnalysisForm(request.POST)
    else:
        form = AnalysisForm(
            initial={"version": record.version if record else None, "text": record.text if record else ""}
        )

    def save(data: dict[str, Any]) -> object:
        return services.measure_analysis_set(
            actor=request.user, measure=measure, occasion=occasion, expected_version=data["version"], text=data["text"]
        )

    title = _("Analysis for {occasion}").format(occasion=occasion.name)
    return _edit_page(request, measure, form, title, save, _("The analysis was saved."))


@login_required
def import_page(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a values file; its import runs as a background task, and the answer is the task's status page."""
    if not policy.allows_somewhere(request.user, Action.EDIT):
        raise PermissionDenied(_("You may not import values: no role of yours lets you enter values."))
    refused: ImportFailed | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                run = values_import_start(
                    actor=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
                )
            except ImportFailed as exc:
                refused = exc
            else:
                return redirect("core:task", pk=run.pk)
    else:
        form = ImportForm()
    return render(
        request,
        "indicators/import.html",
        {"form": form, "refused": refused, "limits": importing.limits_text(VALUES)},
        status=422 if refused is not None or form.errors else 200,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    measures = list(
        policy.restrict(Measure.objects.select_related("owner"), request.user, Action.EDIT).order_by(
            "owner__path", "sort_order", "name"
        )
    )
    response = HttpResponse(
        template_workbook(measures), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="digipuff-utfall-mall.xlsx"'
    return response


# -- defining measures ----------------------------------------------------------------------------------------------


PREFILL_FIELDS = frozenset({"name", "description", "source", "source_id", "source_note", "unit", "direction"})


def _measure_form_page(
    request: AuthenticatedRequest, *, committee: Any, year: int, measure: Measure | None
) -> HttpResponse:
    # A new measure can be prefilled through the query (e.g. from a Kolada KPI's page: name, definition, source).
    prefill = {} if measure else {k: v for k, v in request.GET.items() if k in PREFILL_FIELDS}
    form = MeasureForm(request.POST or None, instance=measure, committee=committee, year=year, initial=prefill)
    # Links the form does not show are kept: other years' goals, and this year's retired goals.
    other_years = [cg for cg in measure.goals.all() if cg.goal.year != year or cg.goal.retired] if measure else []

    def save(data: dict[str, Any]) -> Measure:
        goals = [*other_years, *data["goals"]]
        if measure is None:
            return services.measure_create(
                actor=request.user, committee=committee, goals=goals, **form.service_fields()
            )
        return services.measure_update(
            actor=request.user, measure=measure, expected_version=data["version"], goals=goals, **form.service_fields()
        )

    def saved(result: Measure) -> HttpResponse:
        messages.success(request, _("The measure {name} was saved.").format(name=result.name))
        return redirect("indicators:measure", pk=result.pk)

    targets = list(measure.targets.order_by("year")) if measure else []
    with_target = {target.year for target in targets}
    context = {
        "unit": committee,
        "breadcrumbs": org_selectors.ancestors(committee),
        "year": year,
        "measure": measure,
        "heading": _("Edit measure") if measure else _("New measure"),
        "cancel_url": reverse("indicators:measure", args=[measure.pk])
        if measure
        else reverse("goals:setup", args=[committee.code, year]),
        "targets": targets,
        "years_without_target": [
            y for y in org_selectors.planning_years().values_list("year", flat=True) if y not in with_target
        ],
        "kpi_picker": _optional_template("kolada/partials/kpi_picker.html"),
        "history": audit.history(measure)[:50] if measure else [],
    }
    return form_response(
        request, form, save, template="indicators/measure_form.html", context=context, on_success=saved
    )


@login_required
def measure_create(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    return _measure_form_page(request, committee=committee, year=year, measure=None)


@login_required
def measure_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The measure's definition and its goal links of the year chosen (?year=, else the year in the top bar)."""
    measure = _measure(pk, request.user, Action.ADMINISTER)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdecimal() else request.digipuff_year
    return _measure_form_page(request, committee=measure.owner, year=year, measure=measure)


@login_required
@require_POST
def target_remove(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    measure = _measure(pk, request.user, Action.EDIT)
    target = get_object_or_404(Target, measure=measure, year=year)
    run_with_messages(
        request,
        lambda data: services.target_remove(actor=request.user, target=target, expected_version=data["version"]),
        form=TargetRemoveForm(request.POST),
        success=_("The target for {year} was removed.").format(year=year),
    )
    return redirect("indicators:measure", pk=measure.pk)
