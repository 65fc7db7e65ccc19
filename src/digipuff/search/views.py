"""The search page: /search/?q=…, results grouped by kind, each kind's hits in full (paged) when it is chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render

from digipuff.core.http import AuthenticatedRequest
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit
from digipuff.search import engine
from digipuff.search.forms import SearchForm

PER_KIND = 5  # hits shown per kind on the overview; the kind's own page shows them all
PAGE_SIZE = 20


@dataclass
class Group:
    result: engine.KindResult
    shown: list[engine.Hit]
    page: Page[engine.Hit] | None = None

    @property
    def count(self) -> int:
        return len(self.result.hits)


@login_required
def search_page(request: AuthenticatedRequest) -> HttpResponse:
    # The org chart is shown to every signed-in user, so every committee may be offered as a filter.
    committees = list(OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE).order_by("path"))
    form = SearchForm(
        request.GET or None,
        years=list(org_selectors.planning_years().values_list("year", flat=True)),
        committees=[(unit.code, unit.name) for unit in committees],
    )
    context: dict[str, Any] = {"form": form, "groups": None}
    if not form.is_bound or not form.is_valid():
        return render(request, "search/search.html", context, status=400 if form.is_bound and form.errors else 200)
    query: engine.Query | None = form.cleaned_data["q"]
    if query is None:
        return render(request, "search/search.html", context)
    code = form.cleaned_data["committee"]
    committee = next((unit for unit in committees if unit.code == code), None)
    kind = form.cleaned_data["kind"] or None
    results = engine.search(
        user=request.user,
        query=query,
        kinds=[kind] if kind else None,
        year=form.cleaned_data["year"],
        committee_path=committee.path if committee else None,
    )
    if kind:
        groups = []
        for result in results:
            page = Paginator(result.hits, PAGE_SIZE).get_page(request.GET.get("page"))
            groups.append(Group(result=result, shown=list(page.object_list), page=page))
    else:
        groups = [Group(result=result, shown=result.hits[:PER_KIND]) for result in results]
    context.update({"groups": groups, "query": query, "kind": kind, "total": sum(group.count for group in groups)})
    return render(request, "search/search.html", context)
