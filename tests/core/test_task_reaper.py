"""A worker killed in the middle of a task: its run is marked failed with a Swedish sentence (by `digipuff tasks
reap` and by the task's status page), never left "Pågår" for ever; a live worker's run is left alone."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from digipuff.core import taskruns
from digipuff.core.models import TaskRun
from tests.core.slow_task import slow_task
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

needs_a_shared_database = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="a worker in another process cannot open the in-memory SQLite test database; run with DATABASE_URL="
    "postgres://... to kill a real worker",
)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(condition, *, timeout: float = 60.0) -> None:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError("the worker did not get there in time")
        time.sleep(0.1)


def _worker(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "digipuff.config.settings.dev",
        "DATABASE_URL": _database_url(),
        "DIGIPUFF_DATA_DIR": str(tmp_path),
        "DIGIPUFF_TASK_HEARTBEAT_SECONDS": "0.2",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    command = [sys.executable, "-m", "digipuff.cli", "db_worker", "--no-startup-delay", "--no-reload", "--interval"]
    return subprocess.Popen([*command, "0.1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@needs_a_shared_database
@pytest.mark.django_db(transaction=True)
def test_killed_workers_runs_are_queued_again_or_marked_failed_never_left_running(client, tmp_path):
    """Two real workers each take a slow task; both are killed. The run that is safe to repeat is queued again and
    done by the next worker; the other ends as failed with a Swedish sentence, on the status page at once."""
    with override_settings(TASKS=DATABASE_TASKS):
        once = taskruns.task_run_start(
            task=slow_task, kind="test.slow", label="Engångsarbete", started_by=None, seconds=120
        )
        again = taskruns.task_run_start(
            task=slow_task, kind="test.slow", label="Upprepningsbart arbete", started_by=None, seconds=120,
            max_attempts=2,
        )  # fmt: skip
    workers = [_worker(tmp_path / "a"), _worker(tmp_path / "b")]
    try:
        _wait(lambda: TaskRun.objects.filter(status=TaskRun.Status.RUNNING).count() == 2)
        beats = dict(TaskRun.objects.values_list("pk", "heartbeat_at"))
        _wait(lambda: all(TaskRun.objects.get(pk=pk).heartbeat_at != beat for pk, beat in beats.items()), timeout=10)
        assert taskruns.reap_stale(stale_after=2) == []  # alive and beating: left alone
    finally:
        for worker in workers:
            worker.kill()  # SIGKILL: no handler runs, as when the machine or the OOM killer stops it
            worker.wait(timeout=30)
    time.sleep(2.5)
    assert set(TaskRun.objects.values_list("status", flat=True)) == {TaskRun.Status.RUNNING}  # what they leave

    # The status page notices the lost worker at once.
    client.force_login(UserFactory(username="root", is_superuser=True))
    with override_settings(TASK_HEARTBEAT_SECONDS=0.2, TASK_STALE_AFTER_SECONDS=2):
        page = client.get(reverse("core:task", kwargs={"pk": once.pk})).content.decode()
    assert "every 2s" not in page and "Misslyckades" in page and "stannade" in page
    once.refresh_from_db()
    assert once.status == TaskRun.Status.FAILED and once.finished_at is not None
    assert once.message.startswith("Arbetsprocessen") and "Starta arbetet igen" in once.message
    assert DBTaskResult.objects.get(pk=once.result_id).status == "FAILED"

    # `digipuff tasks reap` queues the repeatable one again; the next worker does it.
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("tasks", "reap", "--stale-after", "2", stdout=io.StringIO())
        lost_result = again.result_id
        again.refresh_from_db()
        assert (
            again.status == TaskRun.Status.QUEUED and "köades igen" in again.message and "2 av högst 2" in again.message
        )
        assert DBTaskResult.objects.get(pk=lost_result).status == "FAILED" and again.result_id != lost_result
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
    again.refresh_from_db()
    assert again.status == TaskRun.Status.SUCCEEDED and again.attempts == 2 and again.message == "Klart vid start 2."


@pytest.mark.django_db
def test_tasks_reap_marks_only_runs_without_a_sign_of_life(capsys):
    from datetime import timedelta

    from django.utils import timezone

    lost = taskruns.task_run_create(kind="test", label="Förlorat arbete", started_by=None)
    alive = taskruns.task_run_create(kind="test", label="Pågående arbete", started_by=None)
    long_ago = timezone.now() - timedelta(minutes=10)
    TaskRun.objects.filter(pk=lost.pk).update(status=TaskRun.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    TaskRun.objects.filter(pk=alive.pk).update(
        status=TaskRun.Status.RUNNING, started_at=long_ago, heartbeat_at=timezone.now()
    )
    call_command("tasks", "reap", "--stale-after", "60")
    out = capsys.readouterr().out
    assert "Förlorat arbete" in out and "Pågående arbete" not in out and "1 " in out
    assert TaskRun.objects.get(pk=lost.pk).status == TaskRun.Status.FAILED
    assert TaskRun.objects.get(pk=alive.pk).status == TaskRun.Status.RUNNING
