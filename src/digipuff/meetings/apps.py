"""Nämndens ärenden och sammanträden: committee cases with their diarienummer series, and meetings with their
agenda, kallelse and handlingar."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "digipuff.meetings"
    label = "meetings"
    verbose_name = _("Cases and meetings")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.meetings import models

        # The status history is shown from its own rows; the reverse relation is no field of the case.
        audit.register(models.Case, exclude_fields=["updated_at", "version", "events"])
        audit.register(models.CaseEvent)
        audit.register(models.Meeting, exclude_fields=["updated_at", "version", "items"])
        audit.register(models.AgendaItem, exclude_fields=["updated_at", "version", "continued_as"])
        audit.register(models.Statement)
