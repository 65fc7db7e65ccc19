"""Economy pages: thin views over the economy selectors, services and importers.

URLs are /economy/<committee code>/<year>/...; an occasion is the month (?month=3 for Delår 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import deletion, importing, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.importing import ImportFailed
from digipuff.core.web import INVALID, committee_or_404, delete_page, form_response
from digipuff.economy import exports, forms, selectors, services
from digipuff.economy.choices import OCCASION_MONTHS
from digipuff.economy.importers.budget import BUDGET_TEMPLATE_HELP, MONTHS
from digipuff.economy.models import (
    BalanceMeasure,
    CostLine,
    Investment,
    OccasionRecord,
    OperationArea,
    StateGrant,
    Volume,
)
from digipuff.economy.tasks import BUDGET, SIE, economy_import_start
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.models import OrgUnit, PlanningYear


def _economy_year_or_404(committee: OrgUnit, year: int) -> None:
    """The pages of figures exist for a year the committee keeps an economy for; any other year is a 404 in
    Swedish, never a page of zeros."""
    if not selectors.has_economy(committee, year):
        raise Http404(
            _("{committee} has no economy for {year}: nothing is set up or imported for that year.").format(
                committee=committee.name, year=year
            )
        )


def _set_up_year_or_404(committee: OrgUnit, year: int) -> None:
    """The import and set-up pages also exist for a planning year not set up yet (where it is set up)."""
    if not PlanningYear.objects.filter(year=year).exists():
        _economy_year_or_404(committee, year)


def _month(request: HttpRequest, committee: OrgUnit, year: int) -> int:
    raw = request.GET.get("month", "")
    if raw.isdecimal() and 1 <= int(raw) <= 12:
        return int(raw)
    return selectors.default_month(committee, year)


def _unit(request: HttpRequest) -> str:
    return "mnkr" if request.GET.get("unit") == "mnkr" else "tkr"


def _base(request: HttpRequest, committee: OrgUnit, year: int, **extra: Any) -> dict[str, Any]:
    return {
        "unit": committee,
        "committee": committee,
        "year": year,
        "breadcrumbs": org_selectors.ancestors(committee),
        "may_manage": policy.allows(request.user, Action.ECONOMY, committee),
        # The set-up pages exist before any figures do; the tabs to the pages of figures show only once they exist
        # (read only where the tabs are drawn).
        "has_economy": SimpleLazyObject(lambda: selectors.has_economy(committee, year)),
        "month_choices": [(m, _month_label(m)) for m in range(1, 13)],
        **extra,
    }


def _month_label(month: int) -> str:
    from django.utils.dates import MONTHS as MONTH_NAMES

    named = OCCASION_MONTHS.get(month)
    return f"{MONTH_NAMES[month]} – {named}" if named else str(MONTH_NAMES[month])


# -- overview and downloads ------------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    _economy_year_or_404(committee, year)
    month = _month(request, committee, year)
    tables = selectors.all_tables(committee, year, month)
    context = _base(
        request,
        committee,
        year,
        month=month,
        money_unit=_unit(request),
        tables=[tables[key] for key in selectors.TABLE_KEYS],
        imports=list(selectors.ledger_imports(committee, year)[:10]),
        **tables,
    )
    return render(request, "economy/overview.html", context)


@login_required
def export(request: HttpRequest, code: str, year: int, table: str) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    _economy_year_or_404(committee, year)
    if table not in selectors.TABLE_KEYS:
        raise Http404(_("There is no such table."))
    month = _month(request, committee, year)
    data = selectors.all_tables(committee, year, month)[table]
    occasion = selectors.occasion(committee, year, month)
    heading = f"{committee.name} {year} – {occasion.label}"
    content = exports.table_workbook(data, heading=heading, unit=_unit(request))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{committee.code}-{year}-{month:02d}-{table}.xlsx"'
    return response


# -- imports ---------------------------------------------------------------------------------------------------------


@login_required
def import_page(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _set_up_year_or_404(committee, year)
    sie_form, budget_form = forms.SieUploadForm(prefix="sie"), forms.BudgetUploadForm(prefix="budget")
    refused: ImportFailed | None = None
    status = 200
    if request.method == "POST":
        which = SIE if request.POST.get("kind") == SIE else BUDGET
        form: Any = (
            forms.SieUploadForm(request.POST, request.FILES, prefix="sie")
            if which == SIE
            else forms.BudgetUploadForm(request.POST, request.FILES, prefix="budget")
        )
        if which == SIE:
            sie_form = form
        else:
            budget_form = form
        # The import runs as a background task within the time budget; the answer is the task's status page. Its
        # list of problems (ImportFailed), when the file is refused at once, is shown as a list of its own.
        if form.is_valid():
            try:
                run = economy_import_start(
                    actor=request.user,
                    committee=committee,
                    year=year,
                    kind=which,
                    upload=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportFailed as exc:
                refused = exc
            else:
                return redirect("core:task", pk=run.pk)
        status = INVALID
    context = _base(
        request,
        committee,
        year,
        sie_form=sie_form,
        budget_form=budget_form,
        refused=refused,
        limits={"sie": importing.limits_text("sie"), "budget": importing.limits_text("budget")},
        template_help=BUDGET_TEMPLATE_HELP,
        imports=list(selectors.ledger_imports(committee, year)[:30]),
        unmapped_accounts=selectors.unmapped_accounts(committee, year),
        unmapped_objects=selectors.unmapped_objects(committee, year),
    )
    return render(request, "economy/import.html", context, status=status)


@login_required
def budget_template(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The budget template as CSV, with a row for every operation area and cost line of the committee."""
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _set_up_year_or_404(committee, year)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["verksamhetsområde", "kostnadsslag", "helår", *MONTHS])
    lines = selectors.cost_lines(committee, year)
    for area in selectors.operation_areas(committee, year):
        for line in lines:
            writer.writerow([area.code, line.code, "", *([""] * 12)])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budgetmall-{committee.code}-{year}.csv"'
    return response


# -- forecasts -------------------------------------------------------------------------------------------------------


@login_required
def forecast_list(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    _economy_year_or_404(committee, year)
    if not 1 <= month <= 12:
        raise Http404(_("There is no such month."))
    data = selectors.ledger(committee, year, month)
    context = _base(
        request,
        committee,
        year,
        month=month,
        occasion=data.occasion,
        status=selectors.forecast_status(data),
        budget_keeping=selectors.budget_keeping(data),
    )
    return render(request, "economy/forecast_list.html", context)


@login_required
def forecast_edit(request: AuthenticatedRequest, code: str, year: int, month: int, area: str) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _economy_year_or_404(committee, year)
    if not 1 <= month <= 12:
        raise Http404(_("There is no such month."))
    operation_area = get_object_or_404(OperationArea, committee=committee, year=year, code=area)
    data = selectors.ledger(committee, year, month)
    lines = selectors.forecast_lines(data, operation_area)
    form = forms.ForecastForm(request.POST if request.method == "POST" else None, lines=lines)

    def save(_data: dict[str, Any]) -> object:
        amounts, versions = form.amounts()
        return services.forecast_set(
            actor=request.user,
            committee=committee,
            year=year,
            month=month,
            area=operation_area,
            amounts=amounts,
            versions=versions,
        )

    def saved(_result: object) -> HttpResponse:
        messages.success(request, _("The forecast for {area} was saved.").format(area=operation_area.name))
        return redirect("economy:forecasts", code=committee.code, year=year, month=month)

    return form_response(
        request,
        form,
        save,
        template="economy/forecast_edit.html",
        context=_base(
            request,
            committee,
            year,
            month=month,
            occasion=data.occasion,
            area=operation_area,
            has_forecast=any(line.version for line in lines),
        ),
        on_success=saved,
    )


# -- records per occasion ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordKind:
    model: type[OccasionRecord]
    form: type
    title: Any
    fields: tuple[str, ...]
    save: Any
    argument: str


RECORDS: dict[str, RecordKind] = {
    "measures": RecordKind(
        BalanceMeasure,
        forms.MeasureForm,
        gettext_lazy("Measures for a budget in balance"),
        ("description", "area", "effect", "sort_order"),
        services.measure_save,
        "measure",
    ),
    "investments": RecordKind(
        Investment,
        forms.InvestmentForm,
        gettext_lazy("Investments"),
        ("name", "budget", "actual", "forecast", "sort_order"),
        services.investment_save,
        "investment",
    ),
    "grants": RecordKind(
        StateGrant,
        forms.StateGrantForm,
        gettext_lazy("Targeted state grants"),
        ("name", "amount", "cost", "in_budget", "in_forecast", "sort_order"),
        services.state_grant_save,
        "grant",
    ),
    "volumes": RecordKind(
        Volume,
        forms.VolumeForm,
        gettext_lazy("Volumes"),
        ("name", "unit", "actual", "budget", "previous_year", "sort_order"),
        services.volume_save,
        "volume",
    ),
}


def _record_kind(kind: str) -> RecordKind:
    if kind not in RECORDS:
        raise Http404(_("There is no such page."))
    return RECORDS[kind]


def _record_form(spec: RecordKind, committee: OrgUnit, year: int, *args: Any, **kwargs: Any) -> Any:
    if spec.form is forms.MeasureForm:
        kwargs["committee"] = committee
        kwargs["year"] = year
    return spec.form(*args, **kwargs)


@login_required
def record_list(request: HttpRequest, code: str, year: int, month: int, kind: str) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    _economy_year_or_404(committee, year)
    spec = _record_kind(kind)
    items = list(selectors.records(spec.model, committee, year, month))
    tables = {
        "measures": lambda: selectors.measures_table(selectors.ledger(committee, year, month)),
        "investments": lambda: selectors.investments_table(committee, year, month),
        "grants": lambda: selectors.state_grants_table(committee, year, month),
        "volumes": lambda: selectors.volumes_table(committee, year, month),
    }
    context = _base(
        request,
        committee,
        year,
        month=month,
        kind=kind,
        title=spec.title,
        items=items,
        table=tables[kind](),
        money_unit="tkr",
        occasion=selectors.occasion(committee, year, month),
    )
    return render(request, "economy/records.html", context)


@login_required
def record_edit(
    request: HttpRequest, code: str, year: int, month: int, kind: str, pk: int | None = None
) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _economy_year_or_404(committee, year)
    spec = _record_kind(kind)
    if pk is None:
        record = spec.model(committee=committee, year=year, month=month)
    else:
        record = get_object_or_404(spec.model, committee=committee, year=year, month=month, pk=pk)
    if request.method == "POST":
        form = _record_form(spec, committee, year, request.POST)
    else:
        initial = {name: getattr(record, name) for name in spec.fields}
        if "area" in initial:  # the form takes the area's id
            initial["area"] = initial["area"].pk if initial["area"] is not None else None
        initial["version"] = record.version
        form = _record_form(spec, committee, year, initial=initial)

    def saved(_result: object) -> HttpResponse:
        messages.success(request, _("Saved."))
        return redirect("economy:records", code=committee.code, year=year, month=month, kind=kind)

    return form_response(
        request,
        form,
        lambda data: spec.save(
            actor=request.user,
            expected_version=data["version"],
            **{spec.argument: record},
            **{name: data[name] for name in spec.fields},
        ),
        template="economy/record_edit.html",
        context=_base(
            request,
            committee,
            year,
            month=month,
            kind=kind,
            title=spec.title,
            record=record,
            cancel_url=reverse(
                "economy:records", kwargs={"code": committee.code, "year": year, "month": month, "kind": kind}
            ),
        ),
        on_success=saved,
    )


@login_required
def forecast_delete(request: AuthenticatedRequest, code: str, year: int, month: int, area: str) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    operation_area = get_object_or_404(OperationArea, committee=committee, code=area)
    rows = services.forecast_rows(committee=committee, year=year, month=month, area=operation_area)
    if not rows:
        raise Http404(_("{area} has no forecast for this occasion.").format(area=operation_area.name))
    back = reverse("economy:forecast_edit", args=[committee.code, year, month, operation_area.code])
    return delete_page(
        request,
        deletion=deletion.plan_rows(rows, scope=services.forecast_scope(committee=committee, year=year, month=month)),
        delete=lambda versions: services.forecast_delete(
            actor=request.user,
            committee=committee,
            year=year,
            month=month,
            area=operation_area,
            expected_versions=versions,
        ),
        cancel_url=back,
        done_url=reverse("economy:forecasts", args=[committee.code, year, month]),
        context=_base(request, committee, year),
    )


@login_required
def record_delete(request: AuthenticatedRequest, code: str, year: int, month: int, kind: str, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _economy_year_or_404(committee, year)
    spec = _record_kind(kind)
    record = get_object_or_404(spec.model, committee=committee, year=year, month=month, pk=pk)
    records_url = reverse("economy:records", args=[committee.code, year, month, kind])
    return delete_page(
        request,
        deletion=deletion.plan(record, scope=services.record_scope(record)),
        delete=lambda version: services.occasion_record_delete(
            actor=request.user, record=record, expected_version=version
        ),
        cancel_url=records_url,
        done_url=records_url,
        context=_base(request, committee, year),
    )


# -- mapping and settings (per year) -------------------------------------------------------------------------------


@login_required
def mapping_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.VIEW, committee)
    _set_up_year_or_404(committee, year)
    context = _base(
        request,
        committee,
        year,
        cost_lines=selectors.cost_lines(committee, year),
        areas=selectors.operation_areas(committee, year),
        unmapped_accounts=selectors.unmapped_accounts(committee, year),
        unmapped_objects=selectors.unmapped_objects(committee, year),
        settings=selectors.economy_year(committee, year),
    )
    return render(request, "economy/mapping.html", context)


def _form_page(
    request: HttpRequest, committee: OrgUnit, year: int, *, title: str, delete_url: str | None
) -> dict[str, Any]:
    """The context of the mapping pages' form page (cost line, operation area, settings)."""
    return _base(
        request,
        committee,
        year,
        title=title,
        delete_url=delete_url,
        cancel_url=reverse("economy:mapping", kwargs={"code": committee.code, "year": year}),
    )


def _ranges_text(obj: Any) -> str:
    return ", ".join(str(r).replace("–", "-") for r in obj.ranges.all()) if obj.pk else ""


@dataclass(frozen=True)
class Preview:
    """A change of the mapping that moves stored amounts: shown for confirmation before it is saved."""

    moves: list[services.Move]


def _confirm_or_save(
    request: HttpRequest,
    *,
    preview: Any,
    save: Any,
) -> Any:
    """Save at once when nothing moves or the user confirmed what moves; else answer with the moves to confirm."""
    if not request.POST.get("confirm"):
        moves = preview()
        if moves:
            return Preview(moves)
    return save()


def _mapping_saved(request: HttpRequest, committee: OrgUnit, year: int, *, form: Any, title: str, message: str) -> Any:
    def saved(result: object) -> HttpResponse:
        if isinstance(result, Preview):
            context = _base(
                request,
                committee,
                year,
                title=title,
                form=form,
                moves=result.moves,
                cancel_url=reverse("economy:mapping", kwargs={"code": committee.code, "year": year}),
            )
            return render(request, "economy/mapping_confirm.html", context)
        messages.success(request, message)
        return redirect("economy:mapping", code=committee.code, year=year)

    return saved


@login_required
def cost_line_edit(request: AuthenticatedRequest, code: str, year: int, pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _set_up_year_or_404(committee, year)
    line = get_object_or_404(CostLine, committee=committee, year=year, pk=pk) if pk else None
    if request.method == "POST":
        form = forms.CostLineForm(request.POST)
    else:
        form = forms.CostLineForm(
            initial={
                "version": line.version if line else 1,
                "code": line.code if line else "",
                "name": line.name if line else "",
                "kind": line.kind if line else "cost",
                "sort_order": line.sort_order if line else 0,
                "ranges": _ranges_text(line) if line else "",
            }
        )
    title = line.name if line else _("New cost line")

    def run(data: dict[str, Any]) -> object:
        values = {k: data[k] for k in ("code", "name", "kind", "sort_order", "ranges")}
        return _confirm_or_save(
            request,
            preview=lambda: services.cost_line_preview(committee=committee, year=year, cost_line=line, **values),
            save=lambda: services.cost_line_save(
                actor=request.user,
                committee=committee,
                year=year,
                cost_line=line,
                expected_version=data["version"],
                **values,
            ),
        )

    return form_response(
        request,
        form,
        run,
        template="economy/form_page.html",
        context=_form_page(
            request,
            committee,
            year,
            title=title,
            delete_url=reverse("economy:cost_line_delete", args=[committee.code, year, line.pk]) if line else None,
        ),
        on_success=_mapping_saved(
            request,
            committee,
            year,
            form=form,
            title=title,
            message=_("The cost line was saved and the ledger of {year} mapped anew.").format(year=year),
        ),
    )


@login_required
def area_edit(request: AuthenticatedRequest, code: str, year: int, pk: int | None = None) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _set_up_year_or_404(committee, year)
    area = get_object_or_404(OperationArea, committee=committee, year=year, pk=pk) if pk else None
    if request.method == "POST":
        form = forms.OperationAreaForm(request.POST, committee=committee)
    else:
        form = forms.OperationAreaForm(
            committee=committee,
            initial={
                "version": area.version if area else 1,
                "code": area.code if area else "",
                "name": area.name if area else "",
                "org_unit": area.org_unit_id if area else None,
                "separate": area.separate if area else False,
                "earmarked": area.earmarked if area else False,
                "sort_order": area.sort_order if area else 0,
                "ranges": _ranges_text(area) if area else "",
            },
        )
    title = area.name if area else _("New operation area")

    def run(data: dict[str, Any]) -> object:
        values = {k: data[k] for k in ("code", "name", "org_unit", "separate", "earmarked", "sort_order", "ranges")}
        return _confirm_or_save(
            request,
            preview=lambda: services.operation_area_preview(committee=committee, year=year, area=area, **values),
            save=lambda: services.operation_area_save(
                actor=request.user,
                committee=committee,
                year=year,
                area=area,
                expected_version=data["version"],
                **values,
            ),
        )

    return form_response(
        request,
        form,
        run,
        template="economy/form_page.html",
        context=_form_page(
            request,
            committee,
            year,
            title=title,
            delete_url=reverse("economy:area_delete", args=[committee.code, year, area.pk]) if area else None,
        ),
        on_success=_mapping_saved(
            request,
            committee,
            year,
            form=form,
            title=title,
            message=_("The operation area was saved and the ledger of {year} mapped anew.").format(year=year),
        ),
    )


def _delete_page(
    request: AuthenticatedRequest,
    committee: OrgUnit,
    year: int,
    *,
    item: CostLine | OperationArea,
    consequences: services.Consequences,
    delete: Any,
    message: str,
) -> HttpResponse:
    """GET: what removing the item takes with it; POST (with the version shown): remove it."""
    form = forms.DeleteForm(request.POST if request.method == "POST" else None, initial={"version": item.version})
    mapping_url = reverse("economy:mapping", kwargs={"code": committee.code, "year": year})

    def removed(_result: object) -> HttpResponse:
        messages.success(request, message)
        return redirect(mapping_url)

    return form_response(
        request,
        form,
        lambda data: delete(expected_version=data["version"]),
        template="economy/delete_confirm.html",
        context=_base(
            request,
            committee,
            year,
            item=item,
            is_area=isinstance(item, OperationArea),
            consequences=consequences,
            cancel_url=mapping_url,
        ),
        on_success=removed,
    )


@login_required
def cost_line_delete(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    line = get_object_or_404(CostLine, committee=committee, year=year, pk=pk)
    return _delete_page(
        request,
        committee,
        year,
        item=line,
        consequences=services.cost_line_consequences(line),
        delete=lambda expected_version: services.cost_line_delete(
            actor=request.user, cost_line=line, expected_version=expected_version
        ),
        message=_("The cost line {name} was removed from {year}.").format(name=line.name, year=year),
    )


@login_required
def area_delete(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    area = get_object_or_404(OperationArea, committee=committee, year=year, pk=pk)
    return _delete_page(
        request,
        committee,
        year,
        item=area,
        consequences=services.operation_area_consequences(area),
        delete=lambda expected_version: services.operation_area_delete(
            actor=request.user, area=area, expected_version=expected_version
        ),
        message=_("The operation area {name} was removed from {year}.").format(name=area.name, year=year),
    )


@login_required
def settings_edit(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code)
    policy.require(request.user, Action.ECONOMY, committee)
    _set_up_year_or_404(committee, year)
    current = selectors.economy_year(committee, year)
    if request.method == "POST":
        form = forms.EconomyYearForm(request.POST)
    else:
        form = forms.EconomyYearForm(
            initial={
                "version": current.version,
                "area_dimension": current.area_dimension,
                "opening_equity": current.opening_equity,
                "equity_withdrawal": current.equity_withdrawal,
                "profile": ";".join(str(w) for w in current.profile) if current.profile else "",
                "subtotal_label": current.subtotal_label,
            }
        )

    def saved(_result: object) -> HttpResponse:
        messages.success(request, _("The settings for {year} were saved.").format(year=year))
        return redirect("economy:mapping", code=committee.code, year=year)

    return form_response(
        request,
        form,
        lambda data: services.economy_year_set(
            actor=request.user,
            committee=committee,
            year=year,
            expected_version=data["version"],
            area_dimension=data["area_dimension"],
            opening_equity=data["opening_equity"] or Decimal(0),
            equity_withdrawal=data["equity_withdrawal"] or Decimal(0),
            profile=data["profile"],
            subtotal_label=data["subtotal_label"],
        ),
        template="economy/form_page.html",
        context=_form_page(
            request, committee, year, title=_("Economy settings {year}").format(year=year), delete_url=None
        ),
        on_success=saved,
    )
