from django.db import models
from django.utils.translation import gettext_lazy as _


class Probability(models.IntegerChoices):
    """How likely the risk is to happen (sannolikhet), 1–4."""

    UNLIKELY = 1, _("1 – Unlikely")
    LESS_LIKELY = 2, _("2 – Less likely")
    POSSIBLE = 3, _("3 – Possible")
    LIKELY = 4, _("4 – Likely")


class Consequence(models.IntegerChoices):
    """How serious the consequence would be (konsekvens), 1–4."""

    NEGLIGIBLE = 1, _("1 – Negligible")
    MINOR = 2, _("2 – Minor")
    NOTICEABLE = 3, _("3 – Noticeable")
    SERIOUS = 4, _("4 – Serious")


class ProviderFollowUpKind(models.TextChoices):
    """What kind of follow-up of a provider (typ av uppföljning)."""

    AGREEMENT = "agreement", _("Agreement follow-up")
    OPERATION = "operation", _("Operational follow-up")
    SUPERVISION = "supervision", _("Supervision")
    OTHER = "other", _("Other")


# The committee prioritises risks from this value up (the seeds: "riskvärdering från 9 till 16").
PRIORITY_THRESHOLD = 9
