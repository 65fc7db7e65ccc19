"""What DigiPUFF's requests carry, for the type checker.

The middleware stack adds attributes that Django's `HttpRequest` does not declare (`htmx` from django-htmx, the
chosen year), and a view behind `login_required` always has a signed-in user. Views annotate their `request` with
these classes (django-stubs' recommended pattern) so that `request.user` can be a service's actor without a cast.
The classes are never instantiated. Where a request's type is fixed by a base class (the admin's `ModelAdmin`
methods, DRF's views), `signed_in` gives the signed-in user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class DigipuffRequest(HttpRequest):
    """Any request after the middleware ran: django-htmx's details and the planning year in use."""

    user: User | AnonymousUser
    htmx: HtmxDetails
    digipuff_year: int


class AuthenticatedRequest(DigipuffRequest):
    """A request to a view behind `login_required`: the user is signed in."""

    user: User


def signed_in(request: HttpRequest) -> User:
    """The user of a request that only a signed-in user can make (the admin, the API, views behind a login).

    An anonymous user here means the view's login requirement is missing; refuse rather than act as nobody.
    """
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise PermissionDenied
    return user
