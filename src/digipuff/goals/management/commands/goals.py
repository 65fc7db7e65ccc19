"""`digipuff goals export|import`: a committee-year's goal structure (levels, goals, measures, targets) in Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from digipuff.core import importing, policy
from digipuff.core.choices import Action
from digipuff.core.commands import DigipuffCommand
from digipuff.goals.importers import commands
from digipuff.goals.importers.structure import export_structure
from digipuff.organisation.choices import OrgUnitKind


class Command(DigipuffCommand):
    help = "Export a committee-year's goals, measures and targets to Excel, or import such a file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = sub.add_parser("export", help="Write the goal structure of a committee and year to an Excel file.")
        export.add_argument("--committee", required=True, metavar="CODE", help="The committee, e.g. SN.")
        export.add_argument("--year", required=True, type=int)
        export.add_argument("--out", required=True, metavar="FILE.xlsx")
        self.add_acting_user_argument(export, required=False)
        commands.add_arguments(sub.add_parser("import", help=commands.GOALS.help))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            try:
                commands.handle(self, options)
            except importing.ImportFailed as exc:
                raise CommandError(f"{exc.summary}\n{exc}") from exc
            return
        committee = self.unit_from_code(options["committee"])
        if committee.kind != OrgUnitKind.COMMITTEE:
            raise CommandError(
                _("{name} ({code}) is not a committee; goals are set up per committee.").format(
                    name=committee.name, code=committee.code
                )
            )
        if options.get("acting_user"):
            policy.require(self.user_from_name(options["acting_user"]), Action.VIEW, committee)
        data = export_structure(committee=committee, year=options["year"])
        Path(options["out"]).write_bytes(data)
        self.stdout.write(
            _("Wrote {file}: {committee} {year}, {size} bytes.").format(
                file=options["out"], committee=committee.name, year=options["year"], size=len(data)
            )
        )
