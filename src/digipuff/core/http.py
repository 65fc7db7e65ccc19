"""What DigiPUFF's requests carry, for the type checker.

The middleware stack adds attributes that Django's `HttpRequest` does not declare (`htmx` from django-htmx, the
chosen year), and a view behind `login_required` always has a signed-in user. Views annotate their `request` with
these classes (django-stubs' recommended pattern) so that `request.user` can be a service's actor without a cast.
Nothing here runs: the classes are never instantiated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_htmx.middleware import HtmxDetails


class DigipuffRequest(HttpRequest):
    """Any request after the middleware ran: django-htmx's details and the planning year in use."""

    user: User | AnonymousUser
    htmx: HtmxDetails
    digipuff_year: int


class AuthenticatedRequest(DigipuffRequest):
    """A request to a view behind `login_required`: the user is signed in."""

    user: User
