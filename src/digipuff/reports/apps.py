from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "digipuff.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.reports import models

        for model in (models.ReportTemplate, models.TemplateSection, models.Report, models.ReportText):
            audit.register(model)
        audit.register(models.ReportSnapshot, exclude_fields=[])

        from digipuff.core.deletion import Guard, deletion_guards
        from digipuff.reports.services import report_deletion_refusal

        deletion_guards.register(Guard("decided-report", report_deletion_refusal))
