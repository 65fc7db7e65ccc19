"""A small harness: a throw-away test database, timing with repeats, and one table for all results."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    size: str
    seconds: float
    rate: str = ""
    goal: str = ""
    ok: bool | None = None


def timed(function: Callable[[], object], *, repeat: int = 5) -> float:
    """Median wall-clock seconds of `repeat` calls (after one warm-up call)."""
    function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@contextmanager
def test_database() -> Iterator[None]:
    """Django set up on a fresh test database (SQLite in memory, or PostgreSQL when DATABASE_URL is set)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digipuff.config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def print_table(results: list[Result]) -> None:
    headers = ["benchmark", "size", "median s", "rate", "goal", "met"]
    rows = [
        [r.name, r.size, f"{r.seconds:.4f}", r.rate, r.goal, {True: "yes", False: "NO", None: ""}[r.ok]]
        for r in results
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    print(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)
