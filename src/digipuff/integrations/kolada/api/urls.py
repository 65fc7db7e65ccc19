from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.integrations.kolada.api.views import KpiViewSet


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("kolada-kpis", KpiViewSet, basename="kolada-kpi")
