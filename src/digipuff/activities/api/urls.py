from rest_framework.routers import SimpleRouter

from digipuff.activities.api import views
from digipuff.core.api.routes import api_routes


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("commitments", views.CommitmentViewSet, basename="commitment")
    router.register("activities", views.ActivityViewSet, basename="activity")
    router.register("activity-follow-ups", views.ActivityFollowUpViewSet, basename="activity-follow-up")
