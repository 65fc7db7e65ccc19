"""A background task's status page in a real browser: accessible (axe), and it follows the work without a reload."""

from __future__ import annotations

import pytest

from digipuff.core import taskruns
from digipuff.core.choices import Role
from digipuff.core.models import TaskRun
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_status_page_follows_the_work_to_its_end(page, live_server, org, users):
    writer = users[Role.WRITER]
    run = taskruns.task_run_create(kind="test", label="Hämta från Kolada", started_by=writer, unit=org.sn)
    TaskRun.objects.filter(pk=run.pk).update(status=TaskRun.Status.RUNNING)
    taskruns.progress(run, done=3, total=10)
    sign_in(page, live_server, writer.username)
    page.goto(f"{live_server.url}/tasks/{run.pk}/")
    status = page.locator("[role=status]")
    assert "Pågår" in status.inner_text()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
    # The work ends while the page is open: htmx polls and shows it, with the result, without a reload.
    run.refresh_from_db()
    taskruns.finish(run, message="10 nyckeltal hämtade.", result_url="/org/SN/")
    page.wait_for_selector("text=10 nyckeltal hämtade.", timeout=10_000)
    assert "Klar" in page.locator("[role=status]").inner_text()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
