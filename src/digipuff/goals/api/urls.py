from rest_framework.routers import SimpleRouter

from digipuff.goals.api import views


def register(router: SimpleRouter) -> None:
    router.register("goals", views.CommitteeGoalViewSet, basename="goal")
