from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "digipuff.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from digipuff.core import audit, memo
        from digipuff.organisation import models

        for model in (
            models.Municipality,
            models.OrgUnit,
            models.PlanningYear,
            models.ReportOccasion,
            models.RoleAssignment,
            models.GroupRoleMapping,
        ):
            audit.register(model)
        # What core.memo remembered for the request is forgotten when the rows it was read from change.
        for model in (models.Municipality, models.PlanningYear, models.ReportOccasion):
            post_save.connect(memo.forget, sender=model, dispatch_uid=f"memo-forget-save-{model.__name__}")
            post_delete.connect(memo.forget, sender=model, dispatch_uid=f"memo-forget-delete-{model.__name__}")
