"""The status page of a background task: polled while the work runs, for the starter and the unit's readers only."""

from __future__ import annotations

import uuid

from django.urls import reverse

from digipuff.core import taskruns
from digipuff.core.models import TaskRun


def test_a_running_task_is_polled_and_shows_its_progress(client, org, users):
    run = taskruns.task_run_create(kind="test", label="Hämta allt", started_by=users["writer"], unit=org.sn)
    with taskruns.running(str(run.pk)) as running:
        taskruns.progress(running, done=3, total=12)
        client.force_login(users["writer"])
        page = client.get(reverse("core:task", kwargs={"pk": run.pk})).content.decode()
        assert "Hämta allt" in page and "Pågår" in page and 'hx-trigger="every 2s"' in page
        assert 'role="status"' in page and 'aria-live="polite"' in page
        assert 'aria-valuenow="25"' in page and "3 av 12" in page
        partial = client.get(reverse("core:task", kwargs={"pk": run.pk}), headers={"HX-Request": "true"})
        assert partial.content.decode().lstrip().startswith('<section id="task-status"')
        taskruns.finish(running, message="Allt hämtat.", result_url="/org/")
    partial = client.get(reverse("core:task", kwargs={"pk": run.pk}), headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in partial and "Klar" in partial and "Allt hämtat." in partial and 'href="/org/"' in partial


def test_who_sees_a_task(client, org, users):
    run = taskruns.task_run_create(kind="test", label="x", started_by=users["nobody"], unit=org.sn)
    system_run = taskruns.task_run_create(kind="test", label="y", started_by=None, unit=None)
    url = reverse("core:task", kwargs={"pk": run.pk})
    for who, status in [("nobody", 200), ("reader", 200), ("council_reader", 200)]:
        client.force_login(users[who])
        assert client.get(url).status_code == status, who
    client.force_login(users["writer"])
    assert client.get(reverse("core:task", kwargs={"pk": system_run.pk})).status_code == 404
    assert client.get(reverse("core:task", kwargs={"pk": uuid.uuid4()})).status_code == 404
    run.unit = org.von
    run.save()
    assert client.get(url).status_code == 404  # another committee's work
    client.logout()
    assert "/login/" in client.get(url)["Location"]


def test_a_failure_inside_a_task_is_stored_as_a_sentence_and_raised(org, users):
    from django.core.exceptions import ValidationError

    run = taskruns.task_run_create(kind="test", label="x", started_by=users["writer"], unit=org.sn)
    try:
        with taskruns.running(str(run.pk)):
            raise ValidationError("Måttet finns inte längre.")
    except ValidationError:
        pass
    else:
        raise AssertionError("the error must reach the task queue")
    run.refresh_from_db()
    assert run.status == TaskRun.Status.FAILED and run.message == "Måttet finns inte längre." and run.finished_at
