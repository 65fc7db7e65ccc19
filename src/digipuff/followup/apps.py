"""Uppföljning per rapporttillfälle: the follow-up engine that activities, internal control and later modules share."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "digipuff.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.followup.models import FollowUpStatus

        audit.register(FollowUpStatus)
