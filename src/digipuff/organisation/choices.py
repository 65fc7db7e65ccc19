from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digipuff.core.choices import Role

__all__ = ["OccasionKind", "OrgUnitKind", "Role", "RoleSource"]


class OrgUnitKind(models.TextChoices):
    """The level of a unit in the municipal organisation."""

    COUNCIL = "council", pgettext_lazy("org unit kind", "Council")
    EXECUTIVE_BOARD = "executive_board", pgettext_lazy("org unit kind", "Executive board")
    COMMITTEE = "committee", pgettext_lazy("org unit kind", "Committee")
    ADMINISTRATION = "administration", pgettext_lazy("org unit kind", "Administration")
    OPERATION = "operation", pgettext_lazy("org unit kind", "Operation")
    UNIT = "unit", pgettext_lazy("org unit kind", "Unit")
    STAFF_UNIT = "staff_unit", pgettext_lazy("org unit kind", "Staff unit")


class OccasionKind(models.TextChoices):
    """What a report occasion is; the default occasions of a year are the plan, the two interim reports and the
    annual report."""

    PLAN = "plan", _("Operational plan")
    INTERIM_1 = "interim1", _("Interim report 1")
    INTERIM_2 = "interim2", _("Interim report 2")
    ANNUAL = "annual", _("Annual report")
    OTHER = "other", _("Other")


class RoleSource(models.TextChoices):
    """Where a role assignment comes from: given by an administrator in DigiPUFF, or from the groups the
    municipality's identity provider names at sign-in (single sign-on), which are applied anew at every sign-in."""

    LOCAL = "local", _("Given in DigiPUFF")
    SSO = "sso", _("From the municipality's sign-in")
