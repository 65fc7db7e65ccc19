"""The public portal: read-only pages anyone may open, without signing in (`/oppen/`).

What is shown is decided in `portal.selectors` (decided and public only, small counts suppressed); how long it may
be kept in `portal.caching`. The pages carry no form token, session or user: they are the same for everyone in a
language, so browsers and proxies can keep them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from digipuff.core import document as doc
from digipuff.core.charts import Line, LineChart, cached_svg
from digipuff.core.middleware import without_request_context
from digipuff.core.portal import search_sections, section_items
from digipuff.indicators import selectors as measure_selectors
from digipuff.indicators.charts import chart_note, measure_chart
from digipuff.indicators.choices import TOTAL
from digipuff.indicators.models import Measure
from digipuff.organisation.models import Municipality
from digipuff.portal import opendata, selectors
from digipuff.portal.caching import IMMUTABLE_MAX_AGE, page_etag, public_page, report_etag
from digipuff.reports import renderers
from digipuff.reports.renderers.html import render_body, toc

SEARCH_LIMIT = 50


@require_safe
@public_page(page_etag)
def index(request: HttpRequest) -> HttpResponse:
    by_committee: dict[int, list[selectors.CommitteeYear]] = {}
    for cy in selectors.committee_years():
        by_committee.setdefault(cy.committee.pk, []).append(cy)
    return render(request, "portal/index.html", {"committees": list(by_committee.values())})


@require_safe
@public_page(page_etag)
def committee_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    cy = selectors.committee_year(code=code, year=year)
    if cy is None:
        raise Http404(_("Nothing is published for this committee and year."))
    thread = selectors.thread(cy)
    other_years = [other.year for other in selectors.committee_years() if other.committee.pk == cy.committee.pk]
    return render(
        request,
        "portal/committee_year.html",
        {
            "cy": cy,
            "title": f"{cy.committee.name} {cy.year}",
            "thread": thread,
            "other_years": other_years,
            "sections": section_items(committee=cy.committee, year=year),
        },
    )


@require_safe
@public_page(report_etag)  # the page around the report follows the software; the files never change
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_report(pk)
    if found is None:
        raise Http404(_("No decided report has this number."))
    document = doc.from_json(found.snapshot.document)
    return render(
        request,
        "portal/report.html",
        {"report": found, "body": render_body(document), "toc": toc(document)},
    )


@require_safe
@public_page(report_etag, max_age=IMMUTABLE_MAX_AGE, immutable=True)
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The decided report's PDF or Word file, byte for byte as frozen (checked against its SHA-256)."""
    found = selectors.public_report(pk)
    if found is None or fmt not in ("pdf", "docx"):
        raise Http404(_("No decided report has this number."))
    try:
        data = renderers.frozen_file(found, fmt)
    except renderers.FrozenFileDamaged:
        return render(request, "portal/damaged.html", {"report": found}, status=503)
    response = HttpResponse(data, content_type=renderers.FORMATS[fmt])
    name = slugify(f"{found.committee.code} {found.title} {found.year}") + f".{fmt}"
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_safe
@public_page(page_etag)
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_measure(pk)
    if found is None:
        raise Http404(_("The measure is not published."))
    published = selectors.published_series([found])[found.pk]
    series = published.series
    years = selectors.public_years_of(found)
    summary = selectors.measure_summary(found, years[0]) if years else None
    until = published.periods[-1] if published.periods else None
    chart = measure_chart(found, series, until=until, target=summary.target if summary else None) if until else None
    rows = [
        (measure_selectors.period_label(found, p), [published.text(p, g) for g in published.groups])
        for p in reversed(published.periods)
    ]
    compared = selectors.comparison_series(found, until_year=until[0]) if until else None
    compared_chart = _comparison_chart(found, compared) if compared and len(compared.years) > 1 else None
    return render(
        request,
        "portal/measure.html",
        {
            "measure": found,
            "summary": summary,
            "summary_list": [summary] if summary else [],
            "years": years,
            "chart_svg": mark_safe(cached_svg(chart)) if chart else None,  # noqa: S308 - drawn by matplotlib from our data
            "chart_note": chart_note(found, series, until=until) if chart else "",
            "group_labels": [_("Total") if g == TOTAL else measure_selectors.group_label(g) for g in published.groups],
            "rows": rows,
            "source_text": opendata.source_text(found),
            "compared": compared,
            "compared_rows": _comparison_rows(found, compared) if compared else [],
            "compared_svg": mark_safe(cached_svg(compared_chart)) if compared_chart else None,  # noqa: S308 - ours
            "fetched": max(published.fetched.values(), default=None),
        },
    )


def _comparison_chart(measure: Measure, compared: selectors.ComparisonSeries) -> LineChart:
    municipality = Municipality.current()
    own = municipality.name if municipality else _("Own value")
    return LineChart(
        title=_("Compared with {group}").format(group=compared.group_name),  # the heading names the measure
        categories=[str(y) for y in compared.years],
        lines=[
            Line(own, compared.own),
            Line(_("Average, {group}").format(group=compared.group_name), compared.average),
        ],
        unit="%" if measure.unit == "percent" else "",
        decimals=measure.decimals,
        description=_(
            "{name}: the municipality and the average of {group}, {first} to {last}. The values are in the table below."
        ).format(name=measure.name, group=compared.group_name, first=compared.years[0], last=compared.years[-1]),
    )


def _comparison_rows(measure: Measure, compared: selectors.ComparisonSeries) -> list[tuple[int, str, str]]:
    return [
        (year, measure_selectors.format_value(measure, own), measure_selectors.format_value(measure, avg))
        for year, own, avg in zip(compared.years, compared.own, compared.average, strict=True)
    ][::-1]


@require_safe
@public_page(page_etag)
def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    found = selectors.search(query, limit=SEARCH_LIMIT) if query else None
    extra = search_sections(query=query, limit=SEARCH_LIMIT) if query else []
    total = sum(len(v) for v in found.values()) + len(extra) if found is not None else 0
    return render(request, "portal/search.html", {"query": query, "found": found, "extra": extra, "total": total})


@require_safe
@public_page(page_etag)
def accessibility(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse: the statement the law on accessible digital public services requires, in
    Swedish (the law's language) whatever the chosen language."""
    return render(request, "portal/accessibility.html", {"contact": settings.DIGIPUFF_ACCESSIBILITY_CONTACT})


@require_safe
@public_page(page_etag)
def data(request: HttpRequest) -> HttpResponse:
    """The open data's documentation: data sets, formats, columns, licence."""
    return render(
        request,
        "portal/data.html",
        {"datasets": opendata.datasets().values(), "licence": opendata.LICENCE, "licence_url": opendata.LICENCE_URL},
    )


@require_safe
@public_page(page_etag)
def dataset(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """One data set as CSV (all rows) or JSON (paged). Its content is Swedish in every interface language."""
    with override("sv"):
        found = opendata.datasets().get(name)
        if found is None or fmt not in ("csv", "json"):
            raise Http404(_("There is no such data set."))
        try:
            filters = opendata.parse_filters(found, request.GET)
            limit, offset = opendata.parse_paging(request.GET) if fmt == "json" else (0, 0)
        except opendata.BadQuery as exc:
            return JsonResponse({"detail": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
        rows = found.rows(filters)
        if fmt == "csv":
            response = HttpResponse(opendata.to_csv(found, rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response

        def page_url(new_offset: int) -> str:
            query = request.GET.copy()
            query["offset"] = str(new_offset)
            query["limit"] = str(limit)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        body = opendata.to_json(found, rows, limit=limit, offset=offset, url=page_url)
        return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
@never_cache
@without_request_context
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Choose the portal's language with a link (no form: portal pages carry no token, so that they can be kept by
    any cache). Only the language cookie is set; the visitor returns to the page they came from."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    home = reverse("portal:index")
    back = request.GET.get("next") or home
    # Back into the portal only: never an address elsewhere (no open redirect).
    if not back.startswith(home) or not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = home
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    translation.activate(code)
    return response
