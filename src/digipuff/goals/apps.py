from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "digipuff.goals"
    label = "goals"
    verbose_name = _("Goals")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.goals import models

        for model in (models.GoalLevel, models.Goal, models.CommitteeGoal, models.GoalAssessment):
            audit.register(model)
