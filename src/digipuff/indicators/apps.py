from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "digipuff.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.indicators import models

        for model in (
            models.Measure,
            models.MeasureValue,
            models.Target,
            models.EqualityJudgement,
            models.MeasureAnalysis,
        ):
            audit.register(model)
