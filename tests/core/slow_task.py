"""A task that works slowly at its first start, for the tests that kill a real `digipuff db_worker` in the middle of
it (the worker process imports it by its path, so it lives in a module of its own)."""

from __future__ import annotations

import time

from django_tasks import task

from digipuff.core import taskruns


@task()
def slow_task(*, run_id: str, seconds: float) -> None:
    with taskruns.running(run_id) as run:
        if run.attempts == 1:
            time.sleep(seconds)
        taskruns.finish(run, message=f"Klart vid start {run.attempts}.")
