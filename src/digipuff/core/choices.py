"""Choices shared by every module: the roles a user can hold on an org unit and the actions they allow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role held on an org unit (rollen gäller för enheten och allt under den)."""

    ADMIN = "admin", _("Administrator")
    APPROVER = "approver", _("Approver")
    WRITER = "writer", _("Writer")
    CONTROLLER = "controller", _("Controller")
    READER = "reader", _("Reader")


class Action(models.TextChoices):
    """What a user wants to do to an object; the policy maps roles to these."""

    VIEW = "view", _("view")
    EDIT = "edit", _("edit")
    APPROVE = "approve", _("approve")
    ECONOMY = "economy", _("manage the economy")
    ADMINISTER = "administer", _("administer")
