from rest_framework.routers import SimpleRouter

from digipuff.organisation.api import views


def register(router: SimpleRouter) -> None:
    router.register("org-units", views.OrgUnitViewSet, basename="org-unit")
    router.register("years", views.PlanningYearViewSet, basename="year")
