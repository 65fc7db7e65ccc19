"""Base models every module builds on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record that people edit: it carries a version so that a save based on an old copy is refused.

    The version is bumped by `digipuff.core.concurrency.check_version` inside the service that saves;
    forms carry the version they were rendered with.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
