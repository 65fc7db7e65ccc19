"""Report types, workflow statuses and where a text sits in its section."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportType(models.TextChoices):
    """The kinds of report a committee writes in a year (rapporttyp)."""

    PLAN = "plan", _("Operational plan")
    INTERIM_1 = "delar1", _("Interim report 1")
    INTERIM_2 = "delar2", _("Interim report 2")
    ANNUAL = "annual", _("Annual report")
    BUDGET_BASIS = "budget", _("Basis for goals and budget")


# Which report occasion of the year a report type follows up (organisation.OccasionKind values).
OCCASION_OF_TYPE = {
    ReportType.PLAN: "plan",
    ReportType.INTERIM_1: "interim1",
    ReportType.INTERIM_2: "interim2",
    ReportType.ANNUAL: "annual",
    ReportType.BUDGET_BASIS: "plan",
}


class Status(models.TextChoices):
    """Where a text or a report is in the workflow; only a report can be decided (fastställd)."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    READY = "ready", _("Ready for review")
    APPROVED = "approved", _("Approved")
    DECIDED = "decided", _("Decided")


TEXT_STATUSES = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.READY, Status.APPROVED]


class TextPosition(models.TextChoices):
    """Whether the writers' text of a section comes before or after the section's generated content."""

    BEFORE = "before", _("Before the generated content")
    AFTER = "after", _("After the generated content")


class MoneyUnit(models.TextChoices):
    """The unit money is shown in in a report's tables: thousands (no decimals) or millions (one decimal). Kronor
    are kept exact and rounded only when shown."""

    TKR = "tkr", _("tkr (thousand kronor, no decimals)")
    MNKR = "mnkr", _("mnkr (million kronor, one decimal)")
