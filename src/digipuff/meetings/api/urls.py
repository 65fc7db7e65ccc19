from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.meetings.api import meeting_views, views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("cases", views.CaseViewSet, basename="case")
    router.register("meetings", meeting_views.MeetingViewSet, basename="meeting")
    router.register("agenda-items", meeting_views.AgendaItemViewSet, basename="agendaitem")
    router.register("decisions", meeting_views.DecisionViewSet, basename="decision")
