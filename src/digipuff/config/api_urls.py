"""The JSON API under /api/v1/: every app registers its endpoints on one router; OpenAPI and docs beside it."""

import importlib

from django.apps import apps
from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
for config in apps.get_app_configs():
    if config.name.startswith("digipuff."):
        try:
            module = importlib.import_module(f"{config.name}.api.urls")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{config.name}.api", f"{config.name}.api.urls"}:
                raise
            continue
        module.register(router)


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
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
