from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.reports.api.views import ReportViewSet


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("reports", ReportViewSet, basename="report")
