from rest_framework.routers import SimpleRouter

from digipuff.reports.api.views import ReportViewSet


def register(router: SimpleRouter) -> None:
    router.register("reports", ReportViewSet, basename="report")
