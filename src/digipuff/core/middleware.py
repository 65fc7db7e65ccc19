"""Per-request context: the interface language and the planning year the user is looking at."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from auditlog.middleware import AuditlogMiddleware
from django.apps import apps
from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext

from digipuff.core.clientaddress import client_address

SESSION_YEAR = "digipuff_year"


class ContextMiddleware:
    """Sets `request.digipuff_year` before the view runs.

    Only a signed-in user's choice is remembered in the session: a cookieless request (a health probe, a token
    API call, a visitor on the login page) writes no session row. Views marked `without_request_context`
    (the health probe) get no year at all, so they touch no database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        if getattr(view_func, "digipuff_without_context", False):
            return None
        request.digipuff_year = self._year(request)  # type: ignore[attr-defined]
        return None

    def _year(self, request: HttpRequest) -> int:
        user = getattr(request, "user", None)
        session = request.session if hasattr(request, "session") and user and user.is_authenticated else None
        raw = request.GET.get("year")
        if raw and raw.isdecimal() and 1990 <= int(raw) <= 2100:
            if session is not None:
                session[SESSION_YEAR] = int(raw)
            return int(raw)
        if session is not None:
            if not isinstance(session.get(SESSION_YEAR), int):
                session[SESSION_YEAR] = default_year()
            return int(session[SESSION_YEAR])
        return default_year()


_V = TypeVar("_V", bound=Callable[..., Any])


def without_request_context(view: _V) -> _V:
    """Mark a view that needs no planning year (and so no database or session work), like `csrf_exempt`."""
    view.digipuff_without_context = True  # type: ignore[attr-defined]
    return view


def default_year() -> int:
    """This calendar year if it is a planning year, else the latest planning year before it, else the first."""
    # The planning years are the organisation app's; core reads them by model name and imports no domain app.
    planning_years = apps.get_model("organisation", "PlanningYear")
    today = timezone.localdate().year
    years: list[int] = list(planning_years._default_manager.values_list("year", flat=True))
    if not years or today in years:
        return today
    earlier = [y for y in years if y < today]
    return max(earlier) if earlier else min(years)


def remember_year(request: HttpRequest, year: int) -> None:
    """A page about one year (its URL names it) makes that the year the user is looking at."""
    request.digipuff_year = year  # type: ignore[attr-defined]
    if hasattr(request, "session"):
        request.session[SESSION_YEAR] = year


class OutOfRangeMiddleware:
    """A number the database cannot hold is the user's mistake, not the server's: 400 with a Swedish sentence.

    Forms check the sizes they know (decimal fields against their columns); this catches what no form can know, such
    as an id in a choice field larger than the database's integers (SQLite raises OverflowError before the query,
    PostgreSQL a DataError). Whatever the view was doing ran in the service's transaction and is rolled back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DataError | OverflowError):
            return None
        message = gettext("A number in the request is too large.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": [message]}, status=400)
        return render(request, "400.html", {"message": message}, status=400)


class LanguageMiddleware:
    """Swedish first: the language is the one the user chose (cookie), otherwise Swedish.

    Django's LocaleMiddleware would follow the browser's Accept-Language and show most visitors English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class AuditMiddleware(AuditlogMiddleware):  # type: ignore[misc]  # auditlog ships no types
    """django-auditlog's middleware with the client address from `client_address`.

    auditlog's own reads the left-most `X-Forwarded-For` entry, which any client can write: the audit history
    would record whatever address an attacker chose.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        # The port a proxy reports is as spoofable as its address header and tells the history nothing.
        return None
