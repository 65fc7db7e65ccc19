"""`digipuff import <kind> FILE ...`: the imports the modules offer (sie, budget, values, ...)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from digipuff.core import importing
from digipuff.core.commands import DigipuffCommand


class Command(DigipuffCommand):
    help = "Import a file: every kind applies whole or not at all and names the file, line and problem."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True, metavar="{" + ",".join(importing.kinds()) + "}")
        for kind in importing.kinds().values():
            kind_parser = sub.add_parser(kind.name, help=kind.help, description=kind.help)
            kind.add_arguments(kind_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        kind = importing.kinds()[options["kind"]]
        try:
            kind.handle(self, options)
        except importing.ImportFailed as exc:
            count = len(exc.problems)
            raise CommandError(f"Nothing was imported; {count} problem{'s' if count != 1 else ''}:\n{exc}") from exc
