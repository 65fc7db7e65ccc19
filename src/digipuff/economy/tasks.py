"""Background work of the economy module: a SIE ledger or a budget file uploaded on the web is read, checked and
applied here, within the import time budget, not in the request (a year's ledger would hold a web worker for
minutes)."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from digipuff.core import importing, taskruns
from digipuff.economy import services
from digipuff.economy.importers.budget import budget_import
from digipuff.economy.importers.sie import sie_import
from digipuff.organisation.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from digipuff.core.models import TaskRun

KIND = "economy.import"
#: The kinds of economy import a web upload may start (the names of their import limits).
SIE, BUDGET = "sie", "budget"


@task()
def economy_import_task(
    *, run_id: str, kind: str, path: str, filename: str, user_id: int, committee_id: int, year: int, dry_run: bool
) -> dict[str, int]:
    """Import the stored upload on behalf of the person who sent it (the policy applies), then delete the upload."""
    with taskruns.running(run_id) as run:
        try:
            user = get_user_model().objects.get(pk=user_id)
            committee = OrgUnit.objects.get(pk=committee_id)
            with default_storage.open(path, "rb") as stored:
                data = stored.read()
            given: dict[str, Any] = {
                "actor": user,
                "committee": committee,
                "data": data,
                "filename": filename,
                "dry_run": dry_run,
            }
            with importing.time_budget(kind=kind):
                if kind == SIE:
                    report, _record = sie_import(**given)
                else:
                    report, _record = budget_import(**given, year=year)
        except importing.ImportFailed as exc:
            raise taskruns.TaskFailed(importing.problems_message(exc)) from exc
        finally:
            default_storage.delete(path)
        done = [] if dry_run else [_("The file {name} was imported.").format(name=filename)]
        taskruns.finish(
            run,
            message="\n".join([*done, *report.lines]),
            result_url=reverse("economy:import", kwargs={"code": committee.code, "year": year}),
        )
        return report.counts


def economy_import_start(
    *, actor: User, committee: OrgUnit, year: int, kind: str, upload: UploadedFile, dry_run: bool
) -> TaskRun:
    """The upload forms: refuse at once a user who may not import the committee's economy and a file above the size
    limit, then store the file and queue its import (the status page shows the outcome)."""
    services.require_economy(actor, committee)
    filename = PurePath(upload.name or "upload").name[-100:]
    problem = importing.size_problem(upload.size or 0, kind=kind)
    if problem is not None:
        importing.refuse(filename, problem)
    if kind == SIE:
        text = _("Check {file} (SIE, nothing is changed)") if dry_run else _("Import the ledger {file} (SIE)")
    else:
        text = _("Check {file} (budget, nothing is changed)") if dry_run else _("Import the budget {file}")
    label = f"{committee.name} {year}: " + text.format(file=filename)
    run = taskruns.task_run_create(kind=KIND, label=label, started_by=actor, unit=committee)
    path = default_storage.save(f"imports/{run.pk}/upload{PurePath(filename).suffix.lower()[:6]}", upload)
    return taskruns.task_run_enqueue(
        run,
        economy_import_task,
        kind=kind,
        path=path,
        filename=filename,
        user_id=actor.pk,
        committee_id=committee.pk,
        year=year,
        dry_run=dry_run,
    )
