"""The API's routes, contributed by the apps: each app's `api/urls.py` registers the function that adds its
viewsets to the one router under /api/v1/ (`config/api_urls.py`), found the first time the routes are read.

    @api_routes.register
    def register(router: SimpleRouter) -> None:
        router.register("meetings", views.MeetingViewSet, basename="meeting")
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.routers import SimpleRouter

from digipuff.core.registry import Registry, installed_order

AddRoutes = Callable[[SimpleRouter], None]

# One entry per app (keyed by its module); in INSTALLED_APPS order, so the API root lists the apps as before.
api_routes: Registry[AddRoutes] = Registry(
    "api.urls", key=lambda add: add.__module__, order=lambda add: installed_order(add.__module__)
)
