"""The start page and the pages every installation has."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from digipuff.organisation import selectors


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own start page: the units they work in and their roles there."""
    return render(request, "core/start.html", {"my_units": selectors.units_of_user(request.user)})


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
