from django.db import models
from django.utils.translation import gettext_lazy as _


class Assessment(models.TextChoices):
    """How far a goal is reached at a report occasion (bedömning av måluppfyllelse)."""

    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class LevelOwner(models.TextChoices):
    """Whether goals of a level are the council's (shared by every committee) or a committee's own."""

    COUNCIL = "council", _("Council (shared by all committees)")
    COMMITTEE = "committee", _("Committee")
