"""The status set of follow-up and the shape every follow-up record has.

A follow-up (uppföljning) is a status and a comment written for one planned item at one report occasion. Each module
that plans things (activities, internal control, ...) keeps its own concrete follow-up model built on `FollowUp`, and
registers it in `digipuff.followup.registry` so that one service writes it and one view edits it in place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.organisation.models import ReportOccasion

# code, name, order, means done, at risk: the seeds' status set (Klart, Blir klart i år, ...).
DEFAULT_STATUSES = [
    ("klart", "Klart", 10, True, False),
    ("blir-klart", "Blir klart i år", 20, False, False),
    ("troligen-klart", "Troligen klart i år", 30, False, False),
    ("ej-klart", "Ej klart i år", 40, False, True),
    ("avbruten", "Avbruten", 50, False, False),
]


class FollowUpStatus(VersionedModel):
    """A status a follow-up can have (status): Klart, Blir klart i år, Troligen klart i år, Ej klart i år, Avbruten.

    The set is the municipality's own; the five from the seed documents are created by a data migration. `is_done`
    and `is_at_risk` tell the overviews which rows are finished and which are late."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_done = models.BooleanField(_("means done"), default=False)
    is_at_risk = models.BooleanField(
        _("means at risk"), default=False, help_text=_("Rows with this status are shown as late.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("follow-up status")
        verbose_name_plural = _("follow-up statuses")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def ensure_defaults(cls) -> None:
        """Create the seeds' five statuses where they are missing (a data migration creates them too; this keeps
        the demo and tests working on a database emptied after the migrations ran)."""
        for code, name, order, done, at_risk in DEFAULT_STATUSES:
            cls.objects.get_or_create(
                code=code, defaults={"name": name, "sort_order": order, "is_done": done, "is_at_risk": at_risk}
            )


class FollowUp(VersionedModel):
    """The follow-up of one planned item at one report occasion: a status and a comment (uppföljning).

    A concrete follow-up model adds `item` (the followed-up row, related name `follow_ups`) and, for items that each
    committee follows up on its own, `committee`."""

    occasion = models.ForeignKey(ReportOccasion, verbose_name=_("occasion"), on_delete=models.PROTECT, related_name="+")
    status = models.ForeignKey(
        FollowUpStatus, verbose_name=_("status"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.item} – {self.occasion}"  # type: ignore[attr-defined]
