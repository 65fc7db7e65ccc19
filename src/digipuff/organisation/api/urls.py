from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.organisation.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("org-units", views.OrgUnitViewSet, basename="org-unit")
    router.register("years", views.PlanningYearViewSet, basename="year")
