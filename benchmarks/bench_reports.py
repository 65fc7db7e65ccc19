"""Reports: the demo's Delårsrapport 1 2019 of Socialnämnden to PDF and DOCX, cold and warm, a whole
`digipuff report render` process, the WeasyPrint command line on the same content, and 20 different committees'
reports rendered to PDF and DOCX by `digipuff report render-all` on two worker processes.

Cold: the first render in a fresh process (`benchmarks.render_once`; Django set up, the report read, nothing drawn
yet). Warm: the median of three renders after one in this process. All through the public entry point
(`reports.renderers.render`, the `report` command), so whichever renderer the project uses is what is measured.

The 20 committees: the demo's Socialnämnden 2019 copied through the committee-year backup 19 times under other codes
(SN01..SN19), each copy's measure values scaled by its own factor so that no two reports share a chart. The batch
renders every Delår 1 2019 report there is (the demo's own and the copies; the table says how many).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

from benchmarks.harness import Row, backup_as, env_int, number, python, run_process, seconds, timed

PDF_GOAL, PDF_PEER_RATIO, DOCX_GOAL, PROCESS_GOAL, BATCH_GOAL = 0.6, 6.0, 0.5, 2.0, 15.0


def _cold(report_id: int, fmt: str, times: int = 2) -> float:
    samples = []
    for _ in range(times):
        _wall, done = run_process(python("-m", "benchmarks.render_once", str(report_id), fmt))
        samples.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def _copies(count: int) -> None:
    """`count` copies of Socialnämnden 2019 under codes SN01.., each with its own measure values."""
    from decimal import Decimal

    from digipuff.core import backup
    from digipuff.organisation.models import OrgUnit

    text = backup.dumps(backup.committee_year_export(committee=OrgUnit.objects.get(code="SN"), year=2019))
    for i in range(1, count + 1):
        data = backup_as(json.loads(text), f"SN{i:02d}", name_suffix=f" {i}")
        for record in data["objects"]:
            fields = record["fields"]
            if record["model"] == "indicators.measurevalue" and fields.get("value") not in (None, ""):
                fields["value"] = str((Decimal(fields["value"]) * Decimal(100 + 3 * i) / 100).quantize(Decimal("0.1")))
        backup.committee_year_import(backup=data, actor=None)


def run() -> list[Row]:
    from django.core.management import call_command

    from digipuff.reports import renderers
    from digipuff.reports.models import Report

    work = Path(os.environ.get("BENCH_WORK", "/tmp"))
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the demo's chatter is not the benchmark
    report = Report.objects.select_related("committee", "occasion", "template").get(
        committee__code="SN", report_type="delar1", occasion__year__year=2019
    )
    assert not report.is_frozen, "the demo's report is decided; rendering it would only copy its snapshot"
    size = "SN Delår 1 2019"

    pdf_cold, docx_cold = _cold(report.pk, "pdf"), _cold(report.pk, "docx")
    pdf_warm = timed(lambda: renderers.render(report, "pdf"), repeat=3)
    docx_warm = timed(lambda: renderers.render(report, "docx"), repeat=3)

    html = work / "report.html"
    html.write_bytes(renderers.render(report, "html"))
    weasyprint = str(Path(sys.executable).with_name("weasyprint"))
    peer = statistics.median(run_process([weasyprint, str(html), str(work / "weasyprint.pdf")])[0] for _ in range(2))
    command = ["-m", "digipuff.cli", "report", "render", "--unit", "SN", "--type", "delar1", "--year", "2019"]
    whole = statistics.median(
        run_process(python(*command, "--format", "pdf", "--output", str(work / "sn.pdf")))[0] for _ in range(2)
    )
    print(f"  single renders done ({size})", flush=True)

    _copies(env_int("BENCH_REPORTS", 20) - 1)
    reports = Report.objects.filter(report_type="delar1", occasion__year__year=2019).count()
    print(f"  {reports} reports to render", flush=True)
    out = work / "batch"
    render_all = "-m digipuff.cli report render-all --type delar1 --year 2019 --format pdf --format docx --workers 2"
    batch, _done = run_process(python(*render_all.split(), "--output-dir", str(out)))
    files = len(list(out.iterdir()))
    assert files == 2 * reports, f"{files} files for {reports} reports"
    return [
        Row(
            f"{size} -> PDF, in-process, cold (WeasyPrint command line on the same HTML as peer)",
            f"≤ {number(PDF_GOAL, 1)} s and ≥ {PDF_PEER_RATIO:.0f}× faster than the peer",
            f"{seconds(pdf_cold)} (warm {seconds(pdf_warm)}; weasyprint command {seconds(peer)})",
            f"{number(peer / pdf_cold)}× faster",
            pdf_cold <= PDF_GOAL and peer / pdf_cold >= PDF_PEER_RATIO,
        ),
        Row(
            f"{size} -> DOCX, in-process, cold",
            f"≤ {number(DOCX_GOAL, 1)} s",
            f"{seconds(docx_cold)} (warm {seconds(docx_warm)})",
            "",
            docx_cold <= DOCX_GOAL,
        ),
        Row(
            "`digipuff report render` PDF, whole process",
            f"≤ {PROCESS_GOAL:.0f} s",
            seconds(whole),
            "",
            whole <= PROCESS_GOAL,
        ),
        Row(
            f"{reports} different committees' reports, PDF + DOCX, `report render-all --workers 2`",
            f"≤ {BATCH_GOAL:.0f} s on 2 cores",
            f"{seconds(batch)}, {number(reports / batch)} reports/s",
            "",
            batch <= BATCH_GOAL,
        ),
    ]
