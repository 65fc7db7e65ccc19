"""`digipuff tasks reap`: mark background work whose worker was lost (killed, or its machine stopped) as failed, so
that nothing stays "Pågår" for ever. Run it from cron or a timer beside `digipuff db_worker`; the task status page
does the same for the run it shows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from digipuff.core import taskruns
from digipuff.core.commands import DigipuffCommand


class Command(DigipuffCommand):
    help = "Background tasks: mark runs whose worker shows no sign of life as failed."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{reap}")
        reap = sub.add_parser("reap", help="Mark running tasks without a heartbeat as failed.")
        reap.add_argument(
            "--stale-after",
            type=float,
            default=None,
            metavar="SECONDS",
            help=f"Seconds without a sign of life (default {settings.TASK_STALE_AFTER_SECONDS:g}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = taskruns.reap_stale(stale_after=options["stale_after"])
        for run in reaped:
            self.stdout.write(
                _("Marked failed: {label} ({kind}, started {started}).").format(
                    label=run.label, kind=run.kind, started=run.started_at
                )
            )
        self.stdout.write(_("{count} lost task(s) marked failed.").format(count=len(reaped)))
