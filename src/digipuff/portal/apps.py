"""The public portal and open data: what the committees decided and how it went, for anyone, without signing in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "digipuff.portal"
    label = "portal"
    verbose_name = _("Public portal")
