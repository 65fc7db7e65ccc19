"""Background work of the Kolada integration: the measure page's "fetch from Kolada now" runs here, not in the
request (a sync takes 16 s and more, longer than a web worker may take)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_tasks import task

from digipuff.core import policy, taskruns
from digipuff.core.choices import Action
from digipuff.core.formatting import format_number
from digipuff.indicators.choices import Source
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada import sync

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.core.models import TaskRun

KIND = "kolada.sync"


def measure_url(measure: Measure) -> str:
    try:
        return reverse("indicators:measure", kwargs={"pk": measure.pk})
    except NoReverseMatch:
        return reverse("kolada:kpi", kwargs={"kpi_id": measure.source_id})


@task()
def sync_measure_task(*, run_id: str, measure_id: int, user_id: int) -> dict[str, int]:
    """Fetch one measure's KPI from Kolada on behalf of the person who pressed the button (the policy applies)."""
    with taskruns.running(run_id) as run:
        user = get_user_model().objects.get(pk=user_id)
        measure = Measure.objects.select_related("owner").get(pk=measure_id)
        result = sync.sync_measure(
            actor=user,
            measure=measure,
            progress=lambda done, total: taskruns.progress(run, done=done, total=total),
        )
        if not result.ok:
            problems = result.error or "; ".join(result.failed.values())
            raise taskruns.TaskFailed(
                _("Kolada could not be reached; the values stored before are kept. ({problem})").format(
                    problem=problems[:300]
                )
            )
        c = result.counts
        summary = _(
            "{stored} values stored ({new} new, {changed} changed, {unchanged} unchanged), {missing} missing."
        ).format(
            stored=format_number(result.stored),
            new=format_number(c.new),
            changed=format_number(c.changed),
            unchanged=format_number(c.unchanged),
            missing=format_number(c.missing),
        )
        if result.disappeared:
            summary += " " + _("Kolada no longer has the KPI {ids}.").format(ids=", ".join(result.disappeared))
        taskruns.finish(run, message=summary, result_url=measure_url(measure))
        return {"stored": result.stored, "new": c.new, "changed": c.changed, "missing": c.missing}


def sync_measure_start(*, actor: User, measure: Measure) -> TaskRun:
    """The button: check access and the link now (the answer is immediate), then queue the sync. A sync of the same
    KPI that is still queued or running is not started twice; its run is returned instead."""
    policy.require(actor, Action.EDIT, measure)
    if measure.source != Source.KOLADA or not measure.source_id:
        raise ValidationError(_("This measure is not linked to a Kolada KPI."))
    subject = f"kolada.kpi:{measure.source_id}"
    running_already = taskruns.active_run(kind=KIND, subject=subject)
    if running_already is not None:
        return running_already
    return taskruns.task_run_start(
        task=sync_measure_task,
        kind=KIND,
        label=_("Fetch {kpi} from Kolada for {measure}").format(kpi=measure.source_id, measure=measure.name),
        started_by=actor,
        unit=measure.owner,
        subject=subject,
        max_attempts=2,  # values are stored by key (year, group): fetching again changes nothing twice
        measure_id=measure.pk,
        user_id=actor.pk,
    )
