"""`digipuff roles`: list, grant and revoke roles on org units from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from digipuff.core.commands import DigipuffCommand
from digipuff.organisation import services
from digipuff.organisation.choices import Role
from digipuff.organisation.models import RoleAssignment


class Command(DigipuffCommand):
    help = "List, grant or revoke roles (admin, approver, writer, controller, reader) on org units."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{list,grant,revoke}")
        listing = sub.add_parser("list", help="List role assignments, optionally for one unit and what is under it.")
        listing.add_argument("--unit", metavar="CODE")
        for name in ("grant", "revoke"):
            change = sub.add_parser(name, help=f"{name.capitalize()} a role on a unit.")
            change.add_argument("username")
            change.add_argument("role", choices=Role.values)
            change.add_argument("--unit", metavar="CODE", required=True)
            self.add_acting_user_argument(change)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options.get("unit"))
            return
        actor = self.user_from_name(options["acting_user"])
        user = self.user_from_name(options["username"])
        unit = self.unit_from_code(options["unit"])
        if options["action"] == "grant":
            services.role_assign(actor=actor, user=user, unit=unit, role=options["role"])
            self.stdout.write(
                _("{user} is now {role} on {unit} ({code}).").format(
                    user=user.username, role=Role(options["role"]).label, unit=unit.name, code=unit.code
                )
            )
            return
        assignment = RoleAssignment.objects.filter(user=user, unit=unit, role=options["role"]).first()
        if assignment is None:
            raise CommandError(
                _("{user} holds no {role} role on {unit}.").format(
                    user=user.username, role=options["role"], unit=unit.code
                )
            )
        services.role_revoke(actor=actor, assignment=assignment)
        self.stdout.write(
            _("{user} is no longer {role} on {unit} ({code}).").format(
                user=user.username, role=Role(options["role"]).label, unit=unit.name, code=unit.code
            )
        )

    def _list(self, code: str | None) -> None:
        assignments = RoleAssignment.objects.select_related("user", "unit").order_by("unit__path", "role")
        if code:
            assignments = assignments.filter(unit__path__startswith=self.unit_from_code(code).path)
        for assignment in assignments:
            self.stdout.write(f"{assignment.unit.code:<10} {assignment.role:<11} {assignment.user.username}")
