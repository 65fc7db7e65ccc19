"""`digipuff import <kind> FILE ...`: the imports the modules offer (sie, budget, values, ...).

Every kind runs within the import limits (file size, checked before the file is read; rows; the time budget) and
answers bad input with Swedish sentences and exit code 1 (2 for a wrong command line), never a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from digipuff.core import importing
from digipuff.core.commands import DigipuffCommand

logger = logging.getLogger(__name__)


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
            self._check_file(options)
            with importing.time_budget(kind=kind.name):
                kind.handle(self, options)
        except importing.ImportFailed as exc:
            lines = [exc.summary, *(str(problem) for problem in exc.shown)]
            if exc.more:
                lines.append(exc.more_text)
            raise CommandError("\n".join(lines)) from exc
        except (CommandError, PermissionDenied, ValidationError):
            raise
        except Exception as exc:
            # A file that reaches a path nobody foresaw gets a sentence, not a traceback; the log keeps the details.
            logger.debug("digipuff import %s failed", kind.name, exc_info=True)
            raise CommandError(
                _("The import stopped because of an unexpected error ({error}); nothing was changed.").format(
                    error=type(exc).__name__
                )
            ) from exc

    def _check_file(self, options: dict[str, Any]) -> None:
        """The named file exists and is within the size limit, before any kind reads it into memory."""
        if not options.get("file"):
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file {path}.").format(path=path))
        problem = importing.size_problem(path.stat().st_size, kind=options["kind"])
        if problem is not None:
            importing.refuse(path.name, problem)
