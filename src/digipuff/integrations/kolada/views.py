"""Kolada pages: the KPI catalogue search, one KPI's definition, and the measure page's sync button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.web import run_with_messages
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada import selectors, tasks

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


@login_required
def kpi_detail(request: HttpRequest, kpi_id: str) -> HttpResponse:
    kpi = selectors.kpi_get(kpi_id)
    if kpi is None:
        raise Http404(_("There is no KPI {id} in the catalogue.").format(id=kpi_id))
    return render(request, "kolada/kpi_detail.html", {"kpi": kpi})


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
