"""`digipuff import goals FILE --as USER [--dry-run]` (also `digipuff goals import`)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digipuff.core.importing import ImportKind
from digipuff.goals.importers.structure import import_structure


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", help="An Excel file (.xlsx) as `digipuff goals export` writes it.")
    parser.add_argument("--as", dest="acting_user", required=True, metavar="USERNAME", help="The user who imports.")
    parser.add_argument("--dry-run", action="store_true", help="Check the file and report; change nothing.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("The file {path} does not exist.").format(path=path))
    actor = command.user_from_name(options["acting_user"])  # type: ignore[attr-defined]
    report = import_structure(actor=actor, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"])
    for line in report.lines:
        command.stdout.write(line)


GOALS = ImportKind(
    name="goals",
    help="A committee-year's goal levels, goals, measures and targets from Excel; all rows or none.",
    add_arguments=add_arguments,
    handle=handle,
)
