from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.meetings.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("cases", views.CaseViewSet, basename="case")
