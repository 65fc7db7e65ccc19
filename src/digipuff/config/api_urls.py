"""The JSON API under /api/v1/: every app adds its endpoints to one router (`core.api.routes`); OpenAPI and docs
beside it."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes

router = SimpleRouter()
for add_routes in api_routes:  # each app's `api/urls.py`, see core.api.routes
    add_routes(router)


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request: Request, format: str | None = None) -> Response:
    """The entry point of the DigiPUFF API: links to every collection, the OpenAPI description and the docs."""
    links = {
        prefix: reverse(f"api:{basename}-list", request=request, format=format)
        for prefix, _viewset, basename in router.registry
    }
    links["schema"] = reverse("api:schema", request=request, format=format)
    links["docs"] = reverse("api:docs", request=request, format=format)
    return Response(links)


app_name = "api"

urlpatterns = [
    path("", api_root, name="root"),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start script is served from docs/?script (the split view), so the page needs no exception.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc styles itself with inline <style> elements it writes at run time (styled-components) and cannot be
    # given a nonce: its page alone allows inline style (still no inline script), and workers it starts from blob:.
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
]
