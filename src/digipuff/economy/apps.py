from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "digipuff.economy"
    label = "economy"
    verbose_name = _("Economy")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.economy import models

        for model in (
            models.EconomyYear,
            models.CostLine,
            models.AccountRange,
            models.OperationArea,
            models.ObjectRange,
            models.LedgerImport,
            models.Forecast,
            models.BalanceMeasure,
            models.Investment,
            models.StateGrant,
            models.Volume,
        ):
            audit.register(model)
