from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "digipuff.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.core.models import ApiToken

        # Who made or revoked which API token, and when (never its hash; its last use is not a change).
        audit.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
