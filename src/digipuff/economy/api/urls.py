from rest_framework.routers import SimpleRouter

from digipuff.economy.api import views


def register(router: SimpleRouter) -> None:
    router.register("economy/imports", views.LedgerImportViewSet, basename="economy-import")
    router.register("economy/tables", views.EconomyTableViewSet, basename="economy-table")
