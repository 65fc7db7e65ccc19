"""Kolada pages: the KPI catalogue search, one KPI's definition, and the measure page's sync button."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from digipuff.core import policy
from digipuff.core.charts import Line, LineChart, cached_svg
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import run_with_messages
from digipuff.indicators.choices import Source, ValueUnit
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada import selectors, tasks
from digipuff.integrations.kolada.models import KpiMetadata
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit

PAGE_SIZE = 50


@login_required
def kpi_search(request: AuthenticatedRequest) -> HttpResponse:
    """The KPI catalogue, searchable by words in title and definition; open to every signed-in user."""
    words = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.kpi_search(words=words), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"q": words, "page": page, "last_sync": selectors.last_sync()}
    template = "kolada/partials/kpi_results.html" if request.htmx else "kolada/kpi_search.html"
    if request.htmx and request.GET.get("pick"):  # the measure form's picker: buttons that fill in the KPI
        template = "kolada/partials/kpi_pick_results.html"
    return render(request, template, context)


# Kolada has no unit field; its titles end in the unit ("..., andel (%)", "..., kr/inv"), which suggests one.
UNIT_HINTS = (
    ("(%)", ValueUnit.PERCENT),
    ("andel", ValueUnit.PERCENT),
    ("kr/", ValueUnit.KRONOR),
    (", kr", ValueUnit.KRONOR),
    ("antal", ValueUnit.COUNT),
    ("index", ValueUnit.INDEX),
    ("dagar", ValueUnit.DAYS),
)


def _unit_hint(title: str) -> str:
    folded = title.casefold()
    return next((unit for hint, unit in UNIT_HINTS if hint in folded), "")


def _measure_create_links(request: AuthenticatedRequest, kpi: KpiMetadata) -> list[tuple[OrgUnit, str]]:
    """For each committee the user may administer this year: the new-measure form prefilled from the KPI."""
    year = request.digipuff_year
    committees = policy.restrict(
        OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE, valid_from__lte=year).exclude(valid_to__lt=year),
        request.user,
        Action.ADMINISTER,
    ).order_by("sort_order", "name")
    prefill = {"name": kpi.title, "description": kpi.description, "source": Source.KOLADA, "source_id": kpi.id}
    unit = _unit_hint(kpi.title)
    if unit:
        prefill["unit"] = unit
    query = urlencode(prefill)
    return [
        (committee, f"{reverse('indicators:measure_create', args=[committee.code, year])}?{query}")
        for committee in committees
    ]


def _kpi_chart(kpi: KpiMetadata, values: selectors.KpiValues, decimals: int, unit: str) -> LineChart | None:
    if len(values.years) < 2:
        return None
    categories = [str(y.year) for y in values.years]
    lines = [Line(values.own_name, [y.shown("T") for y in values.years])]
    if values.county_name:
        lines.append(Line(_("{county}, average").format(county=values.county_name), [y.county for y in values.years]))
    for index, name in enumerate(values.groups[:3]):  # the palette keeps five lines apart
        lines.append(Line(_("{group}, average").format(group=name), [y.groups[index] for y in values.years]))
    description = _("{title}: {first} to {last}. The values are in the table below.").format(
        title=kpi.title, first=categories[0], last=categories[-1]
    )
    return LineChart(
        title=kpi.title,
        categories=categories,
        lines=lines,
        unit="%" if unit == ValueUnit.PERCENT else "",
        decimals=decimals,
        description=description,
    )


@login_required
def kpi_detail(request: AuthenticatedRequest, kpi_id: str) -> HttpResponse:
    """One KPI: its definition, the values stored from the sync for the municipality, the county and the
    comparison groups, the measures using it that the user may see, and a new measure made from it."""
    kpi = selectors.kpi_get(kpi_id)
    if kpi is None:
        raise Http404(_("There is no KPI {id} in the catalogue.").format(id=kpi_id))
    linked = Measure.objects.filter(source=Source.KOLADA, source_id=kpi.id)
    measures = list(
        policy.restrict(linked, request.user)
        .select_related("owner")
        .order_by("owner__sort_order", "owner__name", "name")
    )
    values = selectors.kpi_values(kpi=kpi.id, measures=measures, is_count=linked.filter(is_count=True).exists())
    decimals = measures[0].decimals if measures else 1
    unit = measures[0].unit if measures else _unit_hint(kpi.title)
    chart = _kpi_chart(kpi, values, decimals, unit) if values else None
    context = {
        "kpi": kpi,
        "values": values,
        "decimals": decimals,
        "measures": measures,
        "create_links": _measure_create_links(request, kpi),
        "chart_svg": mark_safe(cached_svg(chart)) if chart else None,  # noqa: S308 - drawn by matplotlib from our data
    }
    return render(request, "kolada/kpi_detail.html", context)


@login_required
@require_POST
def sync_measure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Queue a fetch of the measure's KPI from Kolada (Action.EDIT on the measure's committee) and show its status
    page; the request does not wait for Kolada."""
    measure = get_object_or_404(Measure.objects.select_related("owner"), pk=pk)
    if not policy.allows(request.user, Action.VIEW, measure):  # not disclosed, as for a measure that does not exist
        raise Http404(_("The measure does not exist."))
    policy.require(request.user, Action.EDIT, measure)
    outcome = run_with_messages(request, lambda _data: tasks.sync_measure_start(actor=request.user, measure=measure))
    if not outcome.saved:  # refused (e.g. a fetch already under way): the reason is in the messages
        if request.htmx:
            context = {"measure": measure, "show_messages": True}
            return render(request, "kolada/partials/measure_panel.html", context, status=outcome.status)
        return redirect(tasks.measure_url(measure))
    url = reverse("core:task", kwargs={"pk": outcome.value().pk})
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
