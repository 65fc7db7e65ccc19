from rest_framework.routers import SimpleRouter

from digipuff.indicators.api import views


def register(router: SimpleRouter) -> None:
    router.register("measures", views.MeasureViewSet, basename="measure")
    router.register("measure-values", views.MeasureValueViewSet, basename="measure-value")
