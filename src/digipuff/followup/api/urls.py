from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.followup.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("follow-up-statuses", views.FollowUpStatusViewSet, basename="follow-up-status")
    router.register("follow-ups/batch", views.FollowUpBatchViewSet, basename="follow-up-batch")
