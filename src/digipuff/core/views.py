"""The pages every installation has. (The start page, the user's units and roles, is organisation's.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from digipuff.core.middleware import without_request_context


@without_request_context
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching the database or the session."""
    return HttpResponse("ok", content_type="text/plain")
