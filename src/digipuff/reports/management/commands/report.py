"""`digipuff report render ...`: a committee's report as PDF, Word or a web page, for batches and tests.

A decided report is written from its frozen snapshot (the same bytes as when it was decided). `render-all` queues
one background task per report and works the queue with `--workers` processes of its own (beside any
`digipuff db_worker` already running), waits for every report and then writes the files into the folder: the
operator gets the files when the command returns, whether or not a worker service runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django_tasks import default_task_backend

from digipuff.core import taskruns
from digipuff.core.commands import DigipuffCommand
from digipuff.core.models import TaskRun
from digipuff.reports import renderers, selectors
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report


class Command(DigipuffCommand):
    help = "Reports: render a committee's report to PDF, DOCX or HTML."
    # Django's system checks import the whole site's URL configuration (about half a second) before a render that
    # needs none of it; `digipuff check` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{render,render-all}")
        render = sub.add_parser("render", help="Render a report to a file.")
        render.add_argument("--unit", required=True, help="The committee's code, e.g. SN.")
        render.add_argument("--type", required=True, choices=ReportType.values, help="The report type.")
        render.add_argument("--year", required=True, type=int)
        render.add_argument("--format", required=True, choices=["pdf", "docx", "html"])
        render.add_argument("--output", required=True, help="The file to write ('-' for standard output, HTML only).")
        self.add_acting_user_argument(render, required=False)
        batch = sub.add_parser("render-all", help="Render every committee's report of a type and year into a folder.")
        batch.add_argument("--type", required=True, choices=ReportType.values, help="The report type.")
        batch.add_argument("--year", required=True, type=int)
        batch.add_argument("--format", action="append", choices=["pdf", "docx", "html"], required=True)
        batch.add_argument("--output-dir", required=True)
        batch.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Worker processes the command starts to render with (default: all cores; 0: leave the work to the "
            "running 'digipuff db_worker' processes and wait for them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "render-all":
            self._render_all(options)
            return
        unit = self.unit_from_code(options["unit"])
        report = (
            Report.objects.select_related("committee", "occasion", "template")
            .filter(committee=unit, report_type=options["type"], occasion__year__year=options["year"])
            .first()
        )
        if report is None:
            raise CommandError(
                f"{unit.code} has no {options['type']} report for {options['year']}; create it on the reports page."
            )
        if options.get("acting_user"):
            user = self.user_from_name(options["acting_user"])
            if selectors.report_get(user=user, pk=report.pk) is None:
                raise CommandError(_("Not allowed: {user} may not read {report}.").format(user=user, report=report))
        try:
            data = renderers.render(report, options["format"])
        except renderers.FrozenFileDamaged as exc:
            raise CommandError(
                _("{problem} The file is not written; restore it from backup.").format(problem=exc)
            ) from exc
        if options["output"] == "-":
            if options["format"] != "html":
                raise CommandError(_("Only HTML can be written to standard output."))
            self.stdout.write(data.decode("utf-8"))
            return
        Path(options["output"]).write_bytes(data)
        message = _("Wrote {file}: {report}, {unit}, {size} bytes (frozen snapshot).") if report.is_frozen else None
        message = message or _("Wrote {file}: {report}, {unit}, {size} bytes.")
        self.stdout.write(message.format(file=options["output"], report=report, unit=unit.name, size=len(data)))

    def _render_all(self, options: dict[str, Any]) -> None:
        from digipuff.reports import tasks

        reports = list(
            Report.objects.select_related("committee", "occasion", "template")
            .filter(report_type=options["type"], occasion__year__year=options["year"])
            .order_by("committee__path")
        )
        if not reports:
            raise CommandError(
                _("There are no {type} reports for {year}.").format(type=options["type"], year=options["year"])
            )
        folder = Path(options["output_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        formats = list(dict.fromkeys(options["format"]))
        runs = tasks.render_reports_start(reports=reports, formats=formats)
        self.stdout.write(_("Queued {count} report(s) for rendering.").format(count=len(runs)))
        workers = options["workers"]
        if workers is None:
            workers = min(os.cpu_count() or 1, len(runs))
        if default_task_backend.supports_get_result:
            # Queued in the database: work the queue with our own workers (and any `digipuff db_worker` running).
            _work_queue(workers)
        failed = []
        for run in taskruns.wait_for([run.pk for run in runs]):
            if run.status != TaskRun.Status.SUCCEEDED:
                failed.append(f"{run.label}: {run.message}")
                continue
            for entry in run.files:
                path = folder / entry["name"]
                with default_storage.open(entry["path"], "rb") as handle:
                    path.write_bytes(handle.read())
                default_storage.delete(entry["path"])
                self.stdout.write(_("Wrote {file} ({size} bytes).").format(file=path, size=entry["size"]))
        if failed:
            raise CommandError(_("Some reports could not be rendered:") + "\n" + "\n".join(failed))


def _work_queue(workers: int) -> None:
    """Run `db_worker --batch` (work what is queued, then stop): in this process for one worker, otherwise in that
    many processes side by side. With 0 the command leaves the work to the workers already running."""
    if workers <= 0:
        return
    if workers == 1:
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    # --skip-checks: each worker would otherwise import the site's whole URL configuration for the system checks.
    command = [
        *(sys.executable, "-m", "digipuff.cli", "db_worker", "--batch", "--no-reload", "--no-startup-delay"),
        "--skip-checks",
    ]
    processes = [subprocess.Popen([*command, "--verbosity", "0"], env=env) for _ in range(workers)]  # noqa: S603
    for process in processes:
        process.wait()
