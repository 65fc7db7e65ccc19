"""`digipuff backup export|import`: a committee's year as one JSON file, and its restore into an installation that
does not hold that committee-year (see docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from digipuff.core import backup, policy
from digipuff.core.choices import Action
from digipuff.core.commands import DigipuffCommand
from digipuff.core.models import TaskRun


class Command(DigipuffCommand):
    help = "Back up a committee's year to a JSON file, or restore one into an installation that does not hold it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = sub.add_parser("export", help="Write a committee's year to a JSON file.")
        export.add_argument("--committee", required=True, help="The committee's code, e.g. SN.")
        export.add_argument("--year", required=True, type=int)
        export.add_argument("--out", required=True, help="The file to write.")
        self.add_acting_user_argument(export, required=False)
        restore = sub.add_parser("import", help="Restore a committee's year from a backup file, all or nothing.")
        restore.add_argument("file", help="The backup file (JSON).")
        self.add_acting_user_argument(restore, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
        else:
            self._import(options)

    def _export(self, options: dict[str, Any]) -> None:
        committee = backup.target_committee(options["committee"].strip().upper())
        if committee is None:
            raise CommandError(
                _("There is no unit with the code {code} in this installation.").format(code=options["committee"])
            )
        actor = None
        if options.get("acting_user"):
            actor = self._user(options["acting_user"])
            if not policy.allows(actor, Action.ADMINISTER, committee):
                raise CommandError(
                    _("{user} may not back up {committee}.").format(user=actor.get_username(), committee=committee)
                )
        try:
            data = backup.committee_year_export(committee=committee, year=options["year"], actor=actor)
        except backup.BackupError as exc:
            raise CommandError(exc.message) from exc
        text = backup.dumps(data)
        try:
            Path(options["out"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("The file {file} cannot be written ({error}).").format(file=options["out"], error=exc.strerror)
            ) from exc
        self.stdout.write(
            _("Wrote {file}: {committee} {year}, {count} rows.").format(
                file=options["out"], committee=committee.code, year=options["year"], count=len(data["objects"])
            )
        )

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username__iexact=username.strip()).first()
        if user is None or not user.is_active:
            raise CommandError(_("There is no active user called {name}.").format(name=username))
        return user

    def _import(self, options: dict[str, Any]) -> None:
        actor = self._user(options["acting_user"])
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("The file {file} cannot be read ({error}).").format(file=path, error=exc.strerror)
            ) from exc
        run, importer = backup.committee_year_restore(raw=raw, actor=actor, filename=path.name)
        if run.status != TaskRun.Status.SUCCEEDED or importer is None:
            raise CommandError(_("Nothing was restored: {reason}").format(reason=run.message))
        self.stdout.write(run.message)
