"""Pages under load: each main page's throughput as a share of `/healthz`'s, measured with `wrk` (10 connections)
against gunicorn with 4 workers. Optional: without `wrk` on the PATH the row says so and nothing is measured."""

from __future__ import annotations

import shutil

from benchmarks.harness import Row


def run() -> list[Row]:
    if shutil.which("wrk") is None:
        reason = "skipped: `wrk` is not installed (apt-get install wrk)"
        print(f"  {reason}", flush=True)
        return [Row("main pages under wrk, gunicorn 4 workers, vs /healthz", "≥ 25 % of /healthz", reason)]
    return [
        Row(
            "main pages under wrk, gunicorn 4 workers, vs /healthz",
            "≥ 25 % of /healthz",
            "not measured: the load run (gunicorn + wrk) is not built yet (docs/benchmarks.md)",
        )
    ]
