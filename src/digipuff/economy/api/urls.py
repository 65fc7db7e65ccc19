from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.economy.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("economy/imports", views.LedgerImportViewSet, basename="economy-import")
    router.register("economy/tables", views.EconomyTableViewSet, basename="economy-table")
    router.register("forecasts/batch", views.ForecastBatchViewSet, basename="forecast-batch")
