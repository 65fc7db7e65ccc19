"""Render one report once in this fresh process and print the seconds the render took (a cold render: no chart,
font or stylesheet cache warmed by an earlier render): `python -m benchmarks.render_once REPORT_ID FORMAT`.

Charts are cached across processes (`core.charts`, files under the data directory), so the cache is emptied first:
otherwise every cold render after the first would read the charts an earlier process drew.

Django start-up is not included (the whole-process figure is `digipuff report render`'s own row)."""

from __future__ import annotations

import sys
import time


def main(report_id: str, fmt: str) -> None:
    import django

    django.setup()
    from digipuff.core import charts
    from digipuff.reports import renderers
    from digipuff.reports.models import Report

    charts.clear_cache()

    report = Report.objects.select_related("committee", "occasion", "template").get(pk=int(report_id))
    start = time.perf_counter()
    data = renderers.render(report, fmt)
    elapsed = time.perf_counter() - start
    assert len(data) > 1000
    print(elapsed)


if __name__ == "__main__":
    main(*sys.argv[1:])
