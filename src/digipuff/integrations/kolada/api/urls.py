from rest_framework.routers import SimpleRouter

from digipuff.integrations.kolada.api.views import KpiViewSet


def register(router: SimpleRouter) -> None:
    router.register("kolada-kpis", KpiViewSet, basename="kolada-kpi")
