"""The JSON API under /api/v1/: one router per module, the OpenAPI description and its browsable docs."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request: Request, format: str | None = None) -> Response:
    """The entry point of the DigiPUFF API: links to every collection."""
    return Response(
        {
            "org-units": reverse("api:org-unit-list", request=request, format=format),
            "years": reverse("api:year-list", request=request, format=format),
            "schema": reverse("api:schema", request=request, format=format),
            "docs": reverse("api:docs", request=request, format=format),
        }
    )


app_name = "api"

urlpatterns = [
    path("", api_root, name="root"),
    path("", include("digipuff.organisation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
