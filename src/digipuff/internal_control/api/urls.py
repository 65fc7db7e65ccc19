from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.internal_control.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("risks", views.RiskViewSet, basename="risk")
    router.register("controls", views.ControlViewSet, basename="control")
    router.register("review-actions", views.ReviewActionViewSet, basename="review-action")
    router.register("provider-follow-ups", views.ProviderFollowUpViewSet, basename="provider-follow-up")
    router.register("competition-tests", views.CompetitionTestViewSet, basename="competition-test")
