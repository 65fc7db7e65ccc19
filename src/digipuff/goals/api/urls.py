from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.goals.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("goals", views.CommitteeGoalViewSet, basename="goal")
