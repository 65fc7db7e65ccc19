"""Background work the way every app runs it: enqueue, report progress, finish, and show it on one status page.

An app defines its task in `<app>/tasks.py` with django-tasks' `@task()`; the task takes `run_id` (a
:class:`~digipuff.core.models.TaskRun`) besides its own arguments and wraps its work in `running(run_id)`. The web
request only calls `task_run_start`, which records the run and enqueues the task, and redirects to the status page
(`core:task`). The database backend queues the work for `digipuff db_worker`; in tests the immediate backend runs it
inside `task_run_start`.

    @task()
    def report_freeze_task(*, run_id: str, report_id: int, ...) -> None:
        with running(run_id) as run:
            ...
            finish(run, message=_("The report was decided."), result_url=...)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import Error, InterfaceError, OperationalError, connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError
from digipuff.core.models import TaskRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import Model
    from django_tasks.base import Task

logger = logging.getLogger(__name__)

ACTIVE = (TaskRun.Status.QUEUED, TaskRun.Status.RUNNING)


class TaskFailed(Exception):
    """The work ended without doing what it should; `message` (translated) is shown on the status page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def subject_of(obj: Model) -> str:
    """The key naming what a run works on, e.g. "reports.report:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


# -- starting ---------------------------------------------------------------------------------------------------------


def task_run_create(
    *,
    kind: str,
    label: str,
    started_by: User | None,
    unit: Any = None,
    subject: str = "",
    max_attempts: int = 1,
) -> TaskRun:
    """Record a run before its task is enqueued (the task needs the run's id to report progress). `max_attempts`
    above 1 declares the work safe to do again: when its worker is lost it is queued again (`reap_stale`)."""
    return TaskRun.objects.create(
        max_attempts=max_attempts,
        kind=kind,
        label=label[:300],
        started_by=started_by if started_by is not None and started_by.is_authenticated else None,
        unit=unit,
        subject=subject,
    )


def task_run_enqueue(run: TaskRun, task: Task[Any, Any], **kwargs: Any) -> TaskRun:
    """Hand a recorded run to the task queue; with the immediate backend the work is done when this returns."""
    try:
        result = task.enqueue(run_id=str(run.pk), **kwargs)
    except Exception:
        logger.exception("Could not enqueue task run %s", run.pk)
        TaskRun.objects.filter(pk=run.pk).update(
            status=TaskRun.Status.FAILED,
            finished_at=timezone.now(),
            message=_("The work could not be queued. Try again in a moment."),
        )
        raise
    TaskRun.objects.filter(pk=run.pk).update(result_id=str(result.id))
    run.refresh_from_db()
    return run


def task_run_start(
    *,
    task: Task[Any, Any],
    kind: str,
    label: str,
    started_by: User | None,
    unit: Any = None,
    subject: str = "",
    max_attempts: int = 1,
    **kwargs: Any,
) -> TaskRun:
    """Record a run and enqueue `task(run_id=..., **kwargs)`; the caller checked the policy already."""
    run = task_run_create(
        kind=kind, label=label, started_by=started_by, unit=unit, subject=subject, max_attempts=max_attempts
    )
    return task_run_enqueue(run, task, **kwargs)


# -- inside a task ----------------------------------------------------------------------------------------------------


def _user_message(exc: BaseException) -> str:
    if isinstance(exc, TaskFailed | ConflictError):
        return exc.message
    if isinstance(exc, OperationalError | InterfaceError):
        return _("The connection to the database was lost during the work; nothing of it was saved. Try again.")
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("You do not have permission to do this.")
    return _("The work stopped because of an unexpected error; nothing more was changed. ({error})").format(
        error=type(exc).__name__
    )


class _Heartbeat(threading.Thread):
    """Touches the run's `heartbeat_at` while the worker lives; it dies with the worker, and the reaper sees that."""

    def __init__(self, pk: Any, interval: float) -> None:
        super().__init__(daemon=True, name=f"digipuff-heartbeat-{pk}")
        self.pk, self.interval, self.stopped = pk, interval, threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    TaskRun.objects.filter(pk=self.pk, status=TaskRun.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Error:
                    logger.warning("Task run %s: the heartbeat could not be written.", self.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def _mark_failed(pk: Any, message: str) -> None:
    """Record the failure, also when the work failed because the database connection was lost: the broken
    connection is dropped and a new one opened (unless a caller's transaction still holds it)."""
    for attempt in (1, 2):
        try:
            TaskRun.objects.filter(pk=pk).update(
                status=TaskRun.Status.FAILED, finished_at=timezone.now(), message=message
            )
            return
        except Error:
            if attempt == 2 or connection.in_atomic_block:
                logger.exception("Task run %s failed and the failure could not be recorded.", pk)
                return
            connection.close()


@contextmanager
def running(run_id: str) -> Iterator[TaskRun]:
    """Mark the run as running for the block; a failure is stored as a sentence for the user and raised again, so
    that the task queue records it as failed too. While the block runs, a heartbeat thread shows the worker lives
    (settings.TASK_HEARTBEAT_SECONDS; `reap_stale` marks runs whose heartbeat stopped as failed)."""
    run = TaskRun.objects.get(pk=run_id)
    run.status = TaskRun.Status.RUNNING
    run.started_at = run.heartbeat_at = timezone.now()
    run.attempts += 1
    run.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])
    interval = float(getattr(settings, "TASK_HEARTBEAT_SECONDS", 0) or 0)
    beat = _Heartbeat(run.pk, interval) if interval > 0 else None
    if beat is not None:
        beat.start()
    try:
        yield run
    except BaseException as exc:
        _mark_failed(run.pk, _user_message(exc))
        raise
    finally:
        if beat is not None:
            beat.stopped.set()
            beat.join(timeout=5)
    if run.status != TaskRun.Status.SUCCEEDED:
        finish(run)


# -- lost workers -----------------------------------------------------------------------------------------------------


def stale_runs(*, stale_after: float | None = None) -> QuerySet[TaskRun]:
    """Runs marked running whose worker has shown no sign of life for `stale_after` seconds (default
    settings.TASK_STALE_AFTER_SECONDS): the worker was killed, or its machine stopped."""
    seconds = settings.TASK_STALE_AFTER_SECONDS if stale_after is None else stale_after
    limit = timezone.now() - timedelta(seconds=seconds)
    return TaskRun.objects.filter(status=TaskRun.Status.RUNNING).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )


def reap_stale(*, stale_after: float | None = None, pks: list[Any] | None = None) -> list[TaskRun]:
    """Runs whose worker was lost end as failed, with a sentence saying so (their task-queue row too), or are queued
    again when the work is safe to repeat and has starts left (`max_attempts`): no work stays "Pågår" for ever. A
    run that shows a sign of life meanwhile is left alone (each update checks the heartbeat it read). Returns the runs
    handled, as they are now."""
    queryset = stale_runs(stale_after=stale_after)
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    handled = []
    for run in queryset:
        since = timezone.localtime(run.heartbeat_at or run.started_at or run.created_at).strftime("%Y-%m-%d %H:%M:%S")
        claim = TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.RUNNING, heartbeat_at=run.heartbeat_at)
        if run.attempts < run.max_attempts and _queue_row(run.result_id) is not None:
            message = _(
                "The worker doing this work stopped before it was done (no sign of life since {time}); the work was "
                "queued again (start {next} of at most {most})."
            ).format(time=since, next=run.attempts + 1, most=run.max_attempts)
            if not claim.update(status=TaskRun.Status.QUEUED, message=message, heartbeat_at=None):
                continue
            _requeue(run)
        else:
            message = _(
                "The worker doing this work stopped before it was done (no sign of life since {time}); what it had "
                "not finished was not saved. Start the work again."
            ).format(time=since)
            if not claim.update(status=TaskRun.Status.FAILED, finished_at=timezone.now(), message=message):
                continue
            logger.error("Task run %s (%s) lost its worker; marked failed.", run.pk, run.kind)
        _fail_queue_row(run.result_id)
        run.refresh_from_db()
        handled.append(run)
    return handled


def _queue_row(result_id: str) -> Any:
    """The database queue's own row of a task (None with another backend)."""
    if not result_id or not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.filter(pk=result_id).first()
    except ValidationError:  # not a UUID: another backend's id
        return None


def _requeue(run: TaskRun) -> None:
    """Enqueue the lost run's task again with the same arguments (its run id among them)."""
    row = _queue_row(run.result_id)
    try:
        result = row.task.enqueue(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
    except Exception:
        logger.exception("Task run %s could not be queued again.", run.pk)
        _mark_failed(run.pk, _("The work could not be queued. Try again in a moment."))
        return
    logger.warning("Task run %s (%s) lost its worker; queued again.", run.pk, run.kind)
    TaskRun.objects.filter(pk=run.pk).update(result_id=str(result.id))


def _fail_queue_row(result_id: str) -> None:
    """The queue row the killed worker left RUNNING is failed, so the queue does not show it running for ever."""
    row = _queue_row(result_id)
    if row is not None:
        type(row).objects.filter(pk=row.pk, status="RUNNING").update(status="FAILED", finished_at=timezone.now())


def progress(run: TaskRun, *, done: int, total: int, message: str | None = None) -> None:
    """How far the work has come (e.g. KPIs synced of all), shown as a progress bar; one small UPDATE."""
    run.progress_done, run.progress_total = done, total
    run.heartbeat_at = timezone.now()
    fields = ["progress_done", "progress_total", "heartbeat_at"]
    if message is not None:
        run.message = message
        fields.append("message")
    # Outside any transaction of the work, so that the status page sees it at once.
    TaskRun.objects.filter(pk=run.pk).update(**{name: getattr(run, name) for name in fields})


def add_file(run: TaskRun, *, name: str, data: bytes) -> str:
    """Store a file the work produced under the run (default storage), listed and served on the status page."""
    path = default_storage.save(f"tasks/{run.pk}/{name}", ContentFile(data))
    run.files = [*run.files, {"name": name, "path": path, "size": len(data)}]
    TaskRun.objects.filter(pk=run.pk).update(files=run.files)
    return path


def finish(run: TaskRun, *, message: str = "", result_url: str = "") -> None:
    """The work succeeded: what it did (one sentence) and where its result is."""
    run.status = TaskRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.message = message or run.message
    run.result_url = result_url or run.result_url
    if run.progress_total:
        run.progress_done = run.progress_total
    run.save(update_fields=["status", "finished_at", "message", "result_url", "progress_done"])


# -- reading ----------------------------------------------------------------------------------------------------------


def may_see(user: User | AnonymousUser, run: TaskRun) -> bool:
    """The person who started the work, and whoever may see the unit it works on."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or (run.started_by_id is not None and run.started_by_id == user.pk):
        return True
    return run.unit is not None and policy.allows(user, Action.VIEW, run.unit)


def task_run_get(*, user: User | AnonymousUser, pk: Any) -> TaskRun | None:
    """The run if it exists and the user may see it (None otherwise: the page answers 404 either way)."""
    try:
        run = TaskRun.objects.select_related("started_by", "unit").filter(pk=pk).first()
    except ValidationError:  # not a UUID
        return None
    if run is None or not may_see(user, run):
        return None
    if run.status == TaskRun.Status.RUNNING and heartbeat_enabled() and reap_stale(pks=[run.pk]):
        run.refresh_from_db()  # its worker was lost: the page says so instead of "Pågår" for ever
    return run


def heartbeat_enabled() -> bool:
    """Whether running tasks show they live (else a long task cannot be told from a lost one, and only an operator's
    `digipuff tasks reap` judges)."""
    return float(getattr(settings, "TASK_HEARTBEAT_SECONDS", 0) or 0) > 0


def active_run(*, kind: str, subject: str) -> TaskRun | None:
    """The queued or running run of this kind on this subject, if there is one."""
    return TaskRun.objects.filter(kind=kind, subject=subject, status__in=ACTIVE).order_by("-created_at").first()


def file_path(run: TaskRun, name: str) -> str | None:
    """The storage path of a file the run produced, by its name."""
    for entry in run.files:
        if entry.get("name") == name:
            return str(entry["path"])
    return None


def wait_for(run_ids: list[Any], *, interval: float = 0.5, timeout: float | None = None) -> list[TaskRun]:
    """Block until every run has finished (for commands; a web request never waits)."""
    import time

    started = time.monotonic()
    while True:
        if heartbeat_enabled():
            reap_stale(pks=run_ids)  # a killed worker's run ends as failed instead of being waited for for ever
        runs = list(TaskRun.objects.filter(pk__in=run_ids))
        if all(run.is_finished for run in runs):
            order = {str(pk): index for index, pk in enumerate(run_ids)}
            return sorted(runs, key=lambda run: order.get(str(run.pk), 0))
        if timeout is not None and time.monotonic() - started > timeout:
            raise TimeoutError("The background work did not finish in time.")
        time.sleep(interval)
