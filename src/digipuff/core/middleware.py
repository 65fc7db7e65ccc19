"""Per-request context: the interface language and the planning year the user is looking at."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from auditlog.middleware import AuditlogMiddleware
from django.apps import apps
from django.conf import settings
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, ResolverMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digipuff.core.clientaddress import client_address

SESSION_YEAR = "digipuff_year"


# Pages whose URL names a year are the same page for another year when the URL's year is replaced, except those
# that also name an object by its id (a risk, an activity of that year): they lead to their module's year page.
_YEAR_PAGES = ("overview", "list", "thread")


class ContextMiddleware:
    """Sets `request.digipuff_year` before the view runs.

    On a page whose URL names a year (`/economy/SN/2021/`) that year is the one the user looks at; a year that is
    not a planning year answers 404, and choosing another year in the top bar (`?year=2019`) opens the same page for
    that year. Elsewhere the year is the user's choice, kept in the session.

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
    ) -> HttpResponse | None:
        if getattr(view_func, "digipuff_without_context", False):
            return None
        match = request.resolver_match
        url_year = view_kwargs.get("year") if match is not None and _is_page(match) else None
        if isinstance(url_year, int):
            assert match is not None
            asked = _asked_year(request)
            if asked is not None and asked != url_year and request.method in ("GET", "HEAD"):
                return HttpResponseRedirect(same_page_for_year(match, asked))
            if url_year not in planning_years_of(request):
                raise Http404(_("{year} is not a planning year.").format(year=url_year))
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                remember_year(request, url_year)
            else:
                request.digipuff_year = url_year  # type: ignore[attr-defined]
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


def _asked_year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year")
    return int(raw) if raw and raw.isdecimal() and 1990 <= int(raw) <= 2100 else None


def _is_page(match: ResolverMatch) -> bool:
    """The year rules are for pages; the API and the admin answer for themselves."""
    return not (set(match.namespaces) & {"api", "admin"})


def same_page_for_year(match: ResolverMatch, year: int) -> str:
    """The address of the page `match` resolved to, for another year: the year in the URL replaced. A page that
    also names an object by its id leads to its module's page for that year (the object belongs to its year)."""
    kwargs = {**match.kwargs, "year": year}
    if any(name == "pk" or name.endswith("_pk") for name in match.kwargs) and "code" in match.kwargs:
        for name in _YEAR_PAGES:
            try:
                return reverse(f"{match.namespace}:{name}", kwargs={"code": match.kwargs["code"], "year": year})
            except NoReverseMatch:
                continue
    return reverse(match.view_name, kwargs=kwargs)


def planning_years_of(request: HttpRequest) -> list[int]:
    """The planning years, read once per request (the year check and the year bar share them)."""
    cached: list[int] | None = getattr(request, "digipuff_planning_years", None)
    if cached is None:
        cached = sorted(_planning_years().values_list("year", flat=True))
        request.digipuff_planning_years = cached  # type: ignore[attr-defined]
    return cached


def _planning_years() -> Any:
    # The planning years are the organisation app's; core reads them by model name and imports no domain app.
    return apps.get_model("organisation", "PlanningYear")._default_manager


_V = TypeVar("_V", bound=Callable[..., Any])


def without_request_context(view: _V) -> _V:
    """Mark a view that needs no planning year (and so no database or session work), like `csrf_exempt`."""
    view.digipuff_without_context = True  # type: ignore[attr-defined]
    return view


def default_year() -> int:
    """The year a user lands on: among the planning years that hold any module's set-up (goals, templates, the
    economy's mapping; `core.rollover.year_setup_steps`), or all of them when none does, this calendar year, else
    the latest before it, else the first."""
    from digipuff.core.rollover import year_setup_steps

    today = timezone.localdate().year
    years: list[int] = sorted(_planning_years().values_list("year", flat=True))
    if not years:
        return today
    with_data = [year for year in years if any(step.present(year) for step in year_setup_steps)]
    candidates = with_data or years
    if today in candidates:
        return today
    earlier = [year for year in candidates if year < today]
    return max(earlier) if earlier else min(candidates)


def remember_year(request: HttpRequest, year: int) -> None:
    """A page about one year (its URL names it) makes that the year the user is looking at."""
    request.digipuff_year = year  # type: ignore[attr-defined]
    if hasattr(request, "session") and request.session.get(SESSION_YEAR) != year:
        request.session[SESSION_YEAR] = year  # only a change is written: the session row is not saved per page


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
        message = _("A number in the request is too large.")
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

    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        # The lazy user that AuthenticationMiddleware put on the request, not evaluated here: auditlog's own asks
        # `isinstance(user, User)` at once, which loads the session and the user on every request, the health
        # probe's included. auditlog asks the same question when it writes an entry, and only then is it loaded.
        return getattr(request, "user", None)
