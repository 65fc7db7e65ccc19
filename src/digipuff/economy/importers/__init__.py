"""Importers of the economy module: the ledger from SIE 4 files and the budget from Excel/CSV.

Both are offered by `digipuff import sie FILE --unit CODE` and `digipuff import budget FILE --unit CODE --year Y`
(with `--dry-run` and `--as USER`) and by the upload page.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digipuff.core.importing import ImportKind, ImportReport, importers


def _common_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--unit", metavar="CODE", required=True, help="The committee the file is for, e.g. SN.")
    parser.add_argument("--dry-run", action="store_true", help="Read, check and summarise the file; change nothing.")
    parser.add_argument(
        "--as",
        dest="acting_user",
        metavar="USERNAME",
        help="The user on whose behalf the import runs (a controller or admin of the committee). "
        "Required unless --dry-run.",
    )


def _sie_arguments(parser: ArgumentParser) -> None:
    _common_arguments(parser)


def _budget_arguments(parser: ArgumentParser) -> None:
    _common_arguments(parser)
    parser.add_argument("--year", type=int, required=True, help="The budget year, e.g. 2019.")


def _prepare(command: BaseCommand, options: dict[str, Any]) -> tuple[Any, Any, bytes, str]:
    committee = command.unit_from_code(options["unit"])  # type: ignore[attr-defined]
    actor = None
    if options.get("acting_user"):
        actor = command.user_from_name(options["acting_user"])  # type: ignore[attr-defined]
    elif not options.get("dry_run"):
        raise CommandError(_("Name the acting user with --as USERNAME (a controller or admin of the committee)."))
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("There is no file {path}.").format(path=path))
    return committee, actor, path.read_bytes(), str(path)


def _print(command: BaseCommand, report: ImportReport) -> None:
    for line in report.lines:
        command.stdout.write(line)


def _handle_sie(command: BaseCommand, options: dict[str, Any]) -> None:
    from digipuff.economy.importers.sie import sie_import

    committee, actor, data, filename = _prepare(command, options)
    report, _record = sie_import(
        actor=actor, committee=committee, data=data, filename=filename, dry_run=options["dry_run"]
    )
    _print(command, report)


def _handle_budget(command: BaseCommand, options: dict[str, Any]) -> None:
    from digipuff.economy.importers.budget import budget_import

    committee, actor, data, filename = _prepare(command, options)
    report, _record = budget_import(
        actor=actor, committee=committee, data=data, filename=filename, year=options["year"], dry_run=options["dry_run"]
    )
    _print(command, report)


importers.register(
    ImportKind(
        name="sie",
        help="The ledger (actuals, and budget where the file has #PBUDGET) of a committee from a SIE 4 file.",
        add_arguments=_sie_arguments,
        handle=_handle_sie,
    )
)
importers.register(
    ImportKind(
        name="budget",
        help="A committee's budget for a year from Excel (.xlsx) or CSV, see the template on the upload page.",
        add_arguments=_budget_arguments,
        handle=_handle_budget,
    )
)
