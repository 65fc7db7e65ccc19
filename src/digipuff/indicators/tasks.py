"""Background work of the indicators module: a values import uploaded on the web is read, checked and applied here,
within the import time budget, not in the request (a large file would hold a web worker for minutes)."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from digipuff.core import importing, policy, taskruns
from digipuff.core.choices import Action
from digipuff.indicators.importers.values import KIND as VALUES
from digipuff.indicators.importers.values import import_values

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from digipuff.core.models import TaskRun

KIND = "indicators.import"


@task()
def values_import_task(*, run_id: str, path: str, filename: str, user_id: int, dry_run: bool) -> dict[str, int]:
    """Import the stored upload on behalf of the person who sent it (the policy applies), then delete the upload."""
    with taskruns.running(run_id) as run:
        try:
            user = get_user_model().objects.get(pk=user_id)
            with default_storage.open(path, "rb") as stored:
                data = stored.read()
            with importing.time_budget(kind=VALUES):
                report = import_values(actor=user, data=data, filename=filename, dry_run=dry_run)
        except importing.ImportFailed as exc:
            raise taskruns.TaskFailed(importing.problems_message(exc)) from exc
        finally:
            default_storage.delete(path)
        taskruns.finish(run, message=" ".join(report.lines), result_url=reverse("indicators:import"))
        return report.counts


def values_import_start(*, actor: User, upload: UploadedFile, dry_run: bool) -> TaskRun:
    """The upload form: refuse at once a user who may enter no values and a file above the size limit, then store
    the file and queue its import (the status page shows the outcome)."""
    if not policy.allows_somewhere(actor, Action.EDIT):
        raise PermissionDenied(_("You may not import values: no role of yours lets you enter values."))
    filename = PurePath(upload.name or "upload").name[-100:]
    problem = importing.size_problem(upload.size or 0, kind=VALUES)
    if problem is not None:
        importing.refuse(filename, problem)
    label = (_("Check {file} (values, nothing is changed)") if dry_run else _("Import values from {file}")).format(
        file=filename
    )
    run = taskruns.task_run_create(kind=KIND, label=label, started_by=actor)
    path = default_storage.save(f"imports/{run.pk}/upload{PurePath(filename).suffix.lower()[:6]}", upload)
    return taskruns.task_run_enqueue(
        run, values_import_task, path=path, filename=filename, user_id=actor.pk, dry_run=dry_run
    )
