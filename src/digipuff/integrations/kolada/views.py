"""Kolada pages: the KPI catalogue search, one KPI's definition, and the measure page's sync button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada import selectors, sync

PAGE_SIZE = 50


@login_required
def kpi_search(request: HttpRequest) -> HttpResponse:
    """The KPI catalogue, searchable by words in title and definition; open to every signed-in user."""
    words = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.kpi_search(words=words), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"q": words, "page": page, "last_sync": selectors.last_sync()}
    template = "kolada/partials/kpi_results.html" if request.htmx else "kolada/kpi_search.html"
    return render(request, template, context)


@login_required
def kpi_detail(request: HttpRequest, kpi_id: str) -> HttpResponse:
    kpi = selectors.kpi_get(kpi_id)
    if kpi is None:
        raise Http404(_("There is no KPI {id} in the catalogue.").format(id=kpi_id))
    return render(request, "kolada/kpi_detail.html", {"kpi": kpi})


def _measure_url(measure: Measure) -> str:
    try:
        return reverse("indicators:measure", kwargs={"pk": measure.pk})
    except NoReverseMatch:
        return reverse("kolada:kpi", kwargs={"kpi_id": measure.source_id})


@login_required
@require_POST
def sync_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch the measure's KPI from Kolada now (Action.EDIT on the measure's committee)."""
    measure = get_object_or_404(Measure.objects.select_related("owner"), pk=pk)
    if not policy.allows(request.user, Action.VIEW, measure):  # not disclosed, as for a measure that does not exist
        raise Http404(_("The measure does not exist."))
    policy.require(request.user, Action.EDIT, measure)
    try:
        result = sync.sync_measure(actor=request.user, measure=measure)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.ok:
            messages.success(request, result.summary())
        else:
            problems = result.error or "; ".join(result.failed.values())
            messages.error(
                request,
                _("Kolada could not be reached; the values stored before are kept. ({problem})").format(
                    problem=problems[:300]
                ),
            )
        if result.disappeared:
            messages.warning(
                request,
                _("Kolada no longer has the KPI {ids}.").format(ids=", ".join(result.disappeared)),
            )
    if request.htmx:
        return render(request, "kolada/partials/measure_panel.html", {"measure": measure, "show_messages": True})
    return redirect(_measure_url(measure))
