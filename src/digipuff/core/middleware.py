"""Per-request context: the interface language and the planning year the user is looking at."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

SESSION_YEAR = "digipuff_year"


class ContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.digipuff_year = self._year(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def _year(self, request: HttpRequest) -> int:
        raw = request.GET.get("year")
        if raw and raw.isdecimal() and 1990 <= int(raw) <= 2100:
            if hasattr(request, "session"):
                request.session[SESSION_YEAR] = int(raw)
            return int(raw)
        if hasattr(request, "session"):
            if not isinstance(request.session.get(SESSION_YEAR), int):
                request.session[SESSION_YEAR] = default_year()
            return int(request.session[SESSION_YEAR])
        return default_year()


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
