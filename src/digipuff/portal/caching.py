"""HTTP caching of the portal: ETags (Django's `condition`) and Cache-Control, so that browsers and any proxy in
front can keep what does not change.

- A decided report never changes: its files are tagged by the SHA-256 recorded when it was frozen and may be kept
  for a year (`immutable`); its reading version is tagged the same way but kept like the other pages, since the
  page around the report changes with the software.
- Every other portal page and data file depends on what is public now (which reports are decided, the goals,
  measures, targets, values and Kolada comparisons): its tag is a fingerprint of those tables, the newest change
  and the number of rows of each (a deletion changes the count), read in one query. A revalidation that finds
  nothing new answers 304 without building the page.

Portal pages are the same for everyone in a language: they carry no CSRF token, session or user, so the language
(a cookie) is the only thing they vary on; the tag includes it and the answer says `Vary: Cookie`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from digipuff.core.middleware import without_request_context
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment
from digipuff.indicators.models import ComparisonValue, Measure, MeasureValue, Target
from digipuff.organisation.models import Municipality, OrgUnit
from digipuff.reports.choices import Status
from digipuff.reports.models import Report, ReportSnapshot

# Bump when the portal's pages or data files change shape, so that no cache keeps the old one.
LAYOUT_VERSION = "1"

PAGE_MAX_AGE = 300  # pages and data that change when something is decided or a value is fetched
IMMUTABLE_MAX_AGE = 365 * 24 * 3600  # a decided report


def _software() -> str:
    try:
        return version("digipuff")
    except PackageNotFoundError:  # pragma: no cover - always installed (editable) in practice
        return "0"


_TABLES: tuple[tuple[Any, str | None], ...] = (
    (ReportSnapshot, "created_at"),
    (Report, "updated_at"),
    (Goal, "updated_at"),
    (CommitteeGoal, "updated_at"),
    (GoalAssessment, "updated_at"),
    (Measure, "updated_at"),
    (Target, "updated_at"),
    (MeasureValue, "updated_at"),
    (ComparisonValue, "fetched_at"),
    (Measure.goals.through, None),
    (OrgUnit, "updated_at"),
    (Municipality, "updated_at"),  # its threshold decides what is suppressed
)


def fingerprint() -> str:
    """The state of everything the portal reads, in one query: per table the newest change and the row count."""
    quote = connection.ops.quote_name
    columns = []
    for model, field_name in _TABLES:
        table = quote(model._meta.db_table)
        columns.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 - names from the models
        if field_name is not None:
            column = quote(model._meta.get_field(field_name).column)
            columns.append(f"(SELECT MAX({column}) FROM {table})")  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def _tag(*parts: str) -> str:
    return hashlib.sha256(
        "|".join((LAYOUT_VERSION, _software(), translation.get_language() or "", *parts)).encode()
    ).hexdigest()[:40]


def page_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """The tag of a page or data file that shows what is public now (its URL and query are part of it)."""
    return _tag(request.get_full_path(), fingerprint())


def report_etag(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> str | None:
    """A decided report's page and files: the hashes recorded when it was frozen. None: no such public report
    (the view answers 404)."""
    found = (
        ReportSnapshot.objects.filter(report_id=pk, report__status=Status.DECIDED)
        .values_list("document_sha256", "pdf_sha256", "docx_sha256")
        .first()
    )
    if found is None:
        return None
    return _tag(request.path, *found)


def public_page(
    etag_func: Callable[..., str | None], *, max_age: int = PAGE_MAX_AGE, immutable: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A portal view: anyone may read it, it is validated by its ETag (304 when unchanged), cached publicly for
    `max_age` seconds, and varies only on the language cookie. It needs no planning year of the user's."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        conditional = condition(etag_func=etag_func)(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                options: dict[str, Any] = {"public": True, "max_age": max_age}
                if immutable:
                    options["immutable"] = True
                patch_cache_control(response, **options)
            patch_vary_headers(response, ("Cookie",))
            return response

        return without_request_context(wrapped)

    return decorate
