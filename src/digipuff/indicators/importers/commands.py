"""`digipuff import values FILE --as USER [--dry-run]`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digipuff.core.importing import ImportKind
from digipuff.indicators.importers.values import import_values


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", help="An Excel (.xlsx) or CSV file in the template's layout.")
    parser.add_argument("--as", dest="acting_user", required=True, metavar="USERNAME", help="The user who imports.")
    parser.add_argument("--dry-run", action="store_true", help="Check the file and report; change nothing.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("There is no file {path}.").format(path=path))
    actor = command.user_from_name(options["acting_user"])  # type: ignore[attr-defined]
    # `digipuff import` has checked the size and bounds the time (core.importing).
    report = import_values(actor=actor, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"])
    for line in report.lines:
        command.stdout.write(line)


VALUES = ImportKind(
    name="values",
    help="Measure values (utfall) from Excel or CSV; all rows or none.",
    add_arguments=add_arguments,
    handle=handle,
)
