from rest_framework.routers import SimpleRouter

from digipuff.followup.api import views


def register(router: SimpleRouter) -> None:
    router.register("follow-up-statuses", views.FollowUpStatusViewSet, basename="follow-up-status")
