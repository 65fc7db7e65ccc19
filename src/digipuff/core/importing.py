"""The importing base every source uses: parse -> validate (collect all problems) -> apply in one transaction.

An import either applies whole or changes nothing, and says which line of which file is wrong and why.
Each module registers its kinds of import for the `digipuff import <kind> FILE ...` command in `importers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from digipuff.core.registry import Registry

if TYPE_CHECKING:
    from argparse import ArgumentParser

    from django.core.management.base import BaseCommand


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong with an input file, located as precisely as the format allows."""

    file: str
    message: str
    line: int | None = None  # 1-based line or spreadsheet row
    column: str | None = None  # a column name or letter

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += ":" + _("line {line}").format(line=self.line)
        if self.column:
            where += ", " + _("column {column}").format(column=self.column)
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """Raised by an importer when any problem was found; nothing has been changed."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "\n".join(str(problem) for problem in problems[:50])
        more = len(problems) - 50
        if more > 0:
            shown += "\n" + _("... and {count} more problems").format(count=more)
        super().__init__(shown)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): counts and lines for the user."""

    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportKind:
    """A kind of import offered by `digipuff import <name>`."""

    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    handle: Callable[[BaseCommand, dict[str, Any]], None]


# Each module registers its kinds in its `importers` package (`<app>/importers/__init__.py`).
importers: Registry[ImportKind] = Registry("importers", key=lambda kind: kind.name, order=lambda kind: kind.name)


def kinds() -> dict[str, ImportKind]:
    """The kinds of import by name, sorted."""
    return {kind.name: kind for kind in importers}
