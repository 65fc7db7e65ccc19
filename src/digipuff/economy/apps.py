from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "digipuff.economy"
    label = "economy"
    verbose_name = _("Economy")

    def ready(self) -> None:
        from digipuff.core import audit, menu
        from digipuff.economy import models
        from digipuff.economy.importers import register_kinds
        from digipuff.organisation.choices import OrgUnitKind

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
        register_kinds()
        menu.register(
            menu.UnitPage(
                label=_("Economy"),
                url_name="economy:overview",
                order=60,
                kinds=frozenset({OrgUnitKind.COMMITTEE}),
                description=_("Budget, actuals, forecast, investments and the economy tables of the reports."),
            )
        )
