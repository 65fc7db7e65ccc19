from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "digipuff.goals"
    label = "goals"
    verbose_name = _("Goals")

    def ready(self) -> None:
        from digipuff.core import audit, menu
        from digipuff.core.menu import UnitPage
        from digipuff.goals import models

        for model in (models.GoalLevel, models.Goal, models.CommitteeGoal, models.GoalAssessment):
            audit.register(model)
        menu.register(
            UnitPage(
                label=_("Goals and results"),
                url_name="goals:thread",
                order=10,
                kinds=frozenset({"committee"}),
                description=_("The golden thread: goals, measures, targets and assessments."),
            )
        )
