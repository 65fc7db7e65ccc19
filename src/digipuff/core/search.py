"""What the search page searches: each app declares its searchable records in `<app>/search.py`.

    # digipuff/activities/search.py
    search_sources.register(SearchSource(
        name="activities", label=gettext_lazy("Activities"), order=30,
        queryset=lambda user: policy.restrict(Activity.objects.select_related("committee"), user),
        fields=("title", "description", "background"),
        title=lambda activity: activity.title,
        url=lambda activity: reverse("activities:activity", kwargs=...),
        year_field="year", committee_field="committee",
    ))

A source's queryset is already restricted to what the user may view (`core.policy.restrict`, or for the Kolada
catalogue, which is public knowledge, to every signed-in user): the search never sees a row the user could not
open. The search itself (stemming, synonyms, PostgreSQL full text or the SQLite fallback) lives in the `search`
app, which reads this registry; `core` knows no domain app and no search engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from digipuff.core.registry import Registry

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable record.

    `fields` are the text lookups searched, the most telling first: the first is weighted as the record's title.
    `year_field` and `committee_field` are lookups to the record's year (a number) and its committee (an org unit);
    a source without one of them is left out when the user filters on it. `context` says where the record belongs
    ("Socialnämnden 2019") under its title. `html_fields` are fields of rich text (a report text's body).
    """

    name: str
    label: str | Promise
    order: int
    queryset: Callable[[AnyUser], QuerySet[Any]]
    fields: tuple[str, ...]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    year_field: str | None = None
    committee_field: str | None = None
    context: Callable[[Any], str] | None = None
    html_fields: frozenset[str] = frozenset()  # fields holding rich text (HTML): searched and shown as plain text


search_sources: Registry[SearchSource] = Registry(
    "search", key=lambda source: source.name, order=lambda source: (source.order, source.name)
)
