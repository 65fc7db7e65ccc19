"""The harness: one fresh database per benchmark module, timing helpers, and the one table `make bench` prints.

Every module runs in its own process (`python -m benchmarks.module NAME`) on its own database: on PostgreSQL (when
`DATABASE_URL` is set) a uniquely named database created from a migrated template and dropped afterwards, else an
on-disk SQLite file copied from a migrated template in a temporary directory. Nothing a module leaves behind (a
planning year, a demo) can reach the next one. The database's URL is in the environment (`DATABASE_URL`), so the
processes a module starts itself (`digipuff report render`, render workers) work on the same database.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "digipuff.config.settings.dev"


@dataclass
class Row:
    """One line of the table: what is measured, its goal, the figure, the ratio against a peer, and met or not."""

    measure: str
    goal: str = ""
    figure: str = ""
    ratio: str = ""
    met: bool | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Result:
    """The older form of a row (a timing with a size and a rate), kept for the modules that time pages."""

    name: str
    size: str
    seconds: float
    rate: str = ""
    goal: str = ""
    ok: bool | None = None

    def row(self) -> Row:
        figure = f"{self.seconds:.3f} s" + (f", {self.rate}" if self.rate else "")
        return Row(f"{self.name} ({self.size})", self.goal, figure, "", self.ok)


def timed(function: Callable[[], object], *, repeat: int = 5) -> float:
    """Median wall-clock seconds of `repeat` calls (after one warm-up call)."""
    function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def seconds(value: float) -> str:
    """Seconds in Swedish notation for the table (0,412 s)."""
    text = f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return text.replace(".", ",") + " s"


def number(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a process working on this module's database (set up by `benchmarks.module`)."""
    paths = [str(ROOT / "src"), str(ROOT)]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(paths),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        **extra,
    }


def backup_as(data: dict[str, Any], code: str, *, name_suffix: str = "") -> dict[str, Any]:
    """A committee-year backup (`core.backup`) rewritten in place to restore as another committee: the committee's
    org unit gets `code` (and `name_suffix` after its name), and its cases' stored diarienummer follow the code."""
    old = data["committee"]
    for record in data["objects"]:
        fields = record["fields"]
        if record["model"] == "organisation.orgunit" and fields.get("code") == old:
            fields["code"] = record["natural_key"]["code"] = code
            fields["name"] += name_suffix
        if record["model"] == "meetings.case":
            fields["diarienummer"] = fields["diarienummer"].replace(f"{old}-", f"{code}-", 1)
    data["committee"] = code
    return data


def run_process(command: list[str], **extra_env: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a command to its end; wall-clock seconds and the finished process (raises when it fails)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=child_env(**extra_env), capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


# --- databases -----------------------------------------------------------------------------------------------------


def postgres_url(url: str, name: str) -> str:
    split = urlsplit(url)
    return urlunsplit(split._replace(path=f"/{name}"))


def postgres_admin(url: str, sql: str) -> None:
    """Run a statement (CREATE/DROP DATABASE) on the server's maintenance database, outside a transaction."""
    import psycopg

    with psycopg.connect(postgres_url(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def template_name() -> str:
    return f"bench_template_{os.getpid()}"


def print_table(rows: list[Row]) -> None:
    headers = ["measure", "goal", "figure", "ratio", "met"]
    cells = [[r.measure, r.goal, r.figure, r.ratio, {True: "met", False: "not met", None: "-"}[r.met]] for r in rows]
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *cells, strict=False)]
    line = "-+-".join("-" * w for w in widths)
    print(line)
    print(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in cells:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)
