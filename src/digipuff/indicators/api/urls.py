from rest_framework.routers import SimpleRouter

from digipuff.core.api.routes import api_routes
from digipuff.indicators.api import views


@api_routes.register
def register(router: SimpleRouter) -> None:
    router.register("measures", views.MeasureViewSet, basename="measure")
    router.register("measure-values", views.MeasureValueViewSet, basename="measure-value")
    router.register("values/batch", views.ValueBatchViewSet, basename="value-batch")
