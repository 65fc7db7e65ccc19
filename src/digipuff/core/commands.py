"""A base for DigiPUFF's own commands: naming a unit and the acting user, asked through the policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DigipuffCommand(BaseCommand):
    """Turns bad input into one clear sentence and a non-zero exit, never a traceback."""

    def add_acting_user_argument(self, parser: CommandParser, *, required: bool = True) -> None:
        parser.add_argument(
            "--as",
            dest="acting_user",
            required=required,
            metavar="USERNAME",
            help="The user on whose behalf the command acts; the permission policy applies to them.",
        )

    def unit_from_code(self, code: str) -> Any:
        """The organisation.OrgUnit with this code (core reads it by model name and imports no domain app)."""
        units = apps.get_model("organisation", "OrgUnit")
        unit = units._default_manager.filter(code__iexact=code.strip()).first()
        if unit is None:
            known = ", ".join(units._default_manager.order_by("path").values_list("code", flat=True)[:30])
            raise CommandError(
                _("Unknown unit code '{code}'. Known codes: {known}.").format(
                    code=code, known=known or _("none (run digipuff demo?)")
                )
            )
        return unit

    def user_from_name(self, username: str) -> User:
        user = get_user_model().objects.filter(username__iexact=username.strip()).first()
        if user is None or not user.is_active:
            raise CommandError(_("There is no active user called '{username}'.").format(username=username))
        return user

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except PermissionDenied as exc:
            raise CommandError(_("Not allowed: {reason}").format(reason=exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
