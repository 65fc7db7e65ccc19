from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "digipuff.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.organisation import models

        for model in (
            models.Municipality,
            models.OrgUnit,
            models.PlanningYear,
            models.ReportOccasion,
            models.RoleAssignment,
        ):
            audit.register(model)
