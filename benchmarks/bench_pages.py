"""Pages under load: each main page's throughput as a share of `/healthz`'s, measured with `wrk` (10 connections,
2 threads) against gunicorn with 4 workers on this module's fresh database (PostgreSQL when `DATABASE_URL` names
one), holding the demo municipality.

Each page is requested as a signed-in reader of the whole municipality (`politiker`, a real session cookie), so the
figure includes the session, the policy and the page's queries. `/healthz` is measured before and after the pages
and their mean is the peer; a page is met when its requests per second reach 25 % of it. A page that does not
answer 200 before the run, or that answers anything but 2xx/3xx during it, is reported as such, never timed.

Settings (environment): BENCH_WRK_SECONDS (per page, default 10), BENCH_WRK_CONNECTIONS (10), BENCH_PORT (8766).
Without `wrk` on the PATH (`make bench` installs it from Debian when it may) the row says so and nothing is
measured.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Row, child_env, env_int, number

GOAL = "≥ 25 % of /healthz"
SHARE = 0.25


@dataclass
class Run:
    rate: float
    errors: int
    problem: str = ""


def _wrk(url: str, cookie: str, seconds: int, connections: int) -> Run:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return Run(0.0, 0, f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", done.stdout)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", done.stdout)
    errors = int(bad.group(1)) if bad else 0
    if socket:
        errors += sum(int(g) for g in socket.groups())
    return Run(float(rate.group(1)) if rate else 0.0, errors)


def _pages() -> tuple[str, list[tuple[str, str]]]:
    """The reader's session cookie and the main pages (label, path) of the demo's Socialnämnden 2019."""
    from django.test import Client
    from django.urls import reverse

    from digipuff.economy.models import CostLine
    from digipuff.indicators.models import Measure
    from digipuff.reports.models import Report

    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(
        get_user_model().objects.get(username="politiker"), backend="django.contrib.auth.backends.ModelBackend"
    )
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    measure = Measure.objects.filter(owner__code="SN", values__isnull=False).order_by("pk").first()
    report = Report.objects.filter(committee__code="SN", occasion__year__year=2019).order_by("pk").first()
    pages = [
        ("start page", reverse("core:start")),
        ("goals page (golden thread)", reverse("goals:thread", args=["SN", 2019])),
        ("activities page", reverse("activities:overview", args=["SN", 2019])),
    ]
    if measure is not None:
        pages.append(("measure page (chart)", reverse("indicators:measure", args=[measure.pk])))
    if report is not None:
        pages.append(("report page", reverse("reports:detail", args=[report.pk])))
    if CostLine.objects.filter(year=2019).exists():
        pages.append(("economy overview", reverse("economy:overview", args=["SN", 2019])))
    return cookie, pages


def _status(url: str, cookie: str) -> int:
    import httpx

    try:
        return httpx.get(url, headers={"Cookie": cookie} if cookie else {}, timeout=30).status_code
    except httpx.HTTPError:
        return 0


def run() -> list[Row]:
    label = "main pages under wrk, gunicorn 4 workers, vs /healthz"
    if shutil.which("wrk") is None:
        reason = "skipped: `wrk` is not installed (apt-get install wrk)"
        print(f"  {reason}", flush=True)
        return [Row(label, GOAL, reason)]
    from django.core.management import call_command

    call_command("demo", verbosity=0)
    cookie, pages = _pages()
    seconds = env_int("BENCH_WRK_SECONDS", 10)
    connections = env_int("BENCH_WRK_CONNECTIONS", 10)
    port = env_int("BENCH_PORT", 8766)
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "digipuff.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
        ],
        env=child_env(DEBUG="false", LOG_LEVEL="ERROR"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            if _status(f"{base}/healthz", "") == 200:
                break
            time.sleep(0.5)
        else:
            return [Row(label, GOAL, "gunicorn did not answer /healthz within 60 s")]
        # Every worker imports and warms up before the timed runs (the first request of each process is not the
        # steady state this row is about; the cold start is `report render whole process` elsewhere).
        for _, path in pages:
            for _ in range(8):
                _status(base + path, cookie)
        print(f"  wrk {seconds} s per page, {connections} connections", flush=True)
        before = _wrk(f"{base}/healthz", "", seconds, connections)
        measured: list[tuple[str, str, Run | None, int]] = []
        for name, path in pages:
            status = _status(base + path, cookie)
            run_ = _wrk(base + path, cookie, seconds, connections) if status == 200 else None
            measured.append((name, path, run_, status))
            print(f"  {name}: {run_.rate if run_ else '-'} req/s (status {status})", flush=True)
        after = _wrk(f"{base}/healthz", "", seconds, connections)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    healthz = (before.rate + after.rate) / 2
    rows = [
        Row(
            f"/healthz under wrk ({connections} connections, {seconds} s, before and after)",
            "peer",
            f"{number(healthz, 0)} req/s ({number(before.rate, 0)} / {number(after.rate, 0)})",
        )
    ]
    for name, path, result, status in measured:
        measure = f"{name} {path} under wrk, gunicorn 4 workers"
        if result is None:
            rows.append(Row(measure, GOAL, f"not measured: the page answered {status}", "", False))
        elif result.problem or result.errors:
            problem = result.problem or f"{result.errors} responses were errors"
            rows.append(Row(measure, GOAL, problem, "", False))
        else:
            share = result.rate / healthz if healthz else 0.0
            rows.append(
                Row(measure, GOAL, f"{number(result.rate, 0)} req/s", f"{number(share * 100, 1)} %", share >= SHARE)
            )
    return rows
