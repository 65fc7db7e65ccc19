"""`digipuff report render ...`: a committee's report as PDF, Word or a web page, for batches and tests.

A decided report is written from its frozen snapshot (the same bytes as when it was decided).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from digipuff.core.commands import DigipuffCommand
from digipuff.reports import renderers, selectors
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report


class Command(DigipuffCommand):
    help = "Reports: render a committee's report to PDF, DOCX or HTML."

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
        batch.add_argument("--workers", type=int, default=None, help="Processes to render with (default: all cores).")

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
                raise CommandError(f"Not allowed: {user} may not read {report}.")
        data = renderers.render(report, options["format"])
        if options["output"] == "-":
            if options["format"] != "html":
                raise CommandError("Only HTML can be written to standard output.")
            self.stdout.write(data.decode("utf-8"))
            return
        Path(options["output"]).write_bytes(data)
        frozen = " (frozen snapshot)" if report.is_frozen else ""
        self.stdout.write(f"Wrote {options['output']}: {report}, {unit.name}, {len(data)} bytes{frozen}.")

    def _render_all(self, options: dict[str, Any]) -> None:
        from digipuff.reports.batch import render_reports

        reports = list(
            Report.objects.select_related("committee", "occasion", "template")
            .filter(report_type=options["type"], occasion__year__year=options["year"])
            .order_by("committee__path")
        )
        if not reports:
            raise CommandError(f"There are no {options['type']} reports for {options['year']}.")
        folder = Path(options["output_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        formats = list(dict.fromkeys(options["format"]))
        for report, files in zip(reports, render_reports(reports, formats, workers=options["workers"]), strict=True):
            for fmt, data in files.items():
                path = folder / f"{report.committee.code}-{options['type']}-{options['year']}.{fmt}"
                path.write_bytes(data)
                self.stdout.write(f"Wrote {path} ({len(data)} bytes).")
