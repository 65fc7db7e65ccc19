"""Deciding a report and batch rendering as background tasks: the form queues, the status page follows the work."""

from __future__ import annotations

import signal
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from digipuff.core.models import TaskRun
from digipuff.reports import services, tasks
from digipuff.reports.choices import Status
from digipuff.reports.models import ReportSnapshot

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _decide(client, report, case_number="SN-2019/200"):
    return client.post(
        reverse("reports:freeze", kwargs={"pk": report.pk}),
        {"version": report.version, "decided_on": "2019-05-14", "case_number": case_number},
    )


def test_the_decision_form_queues_the_freeze_and_the_status_page_shows_the_result(client, report, users):
    client.force_login(users["admin"])
    response = _decide(client, report)
    run = TaskRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tasks/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Fastställ Delårsrapport" in page and "Klar" in page and "SN-2019/200" in page
    assert 'role="status"' in page and "every 2s" not in page
    assert f'href="{reverse("reports:detail", kwargs={"pk": report.pk})}"' in page
    snapshot = ReportSnapshot.objects.get(report=report)
    assert snapshot.pdf.read().startswith(b"%PDF") and snapshot.created_by == users["admin"]
    report.refresh_from_db()
    assert report.status == Status.DECIDED
    # Only the starter and those who see the committee see the page.
    for who, status in [("reader", 200), ("council_reader", 200), ("nobody", 404)]:
        client.force_login(users[who])
        assert client.get(response["Location"]).status_code == status, who


def test_a_failing_freeze_leaves_the_report_undecided_and_shows_a_swedish_error(client, report, users, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "render_snapshot_files", broken)
    client.force_login(users["admin"])
    page = client.get(_decide(client, report)["Location"]).content.decode()
    assert "Misslyckades" in page and "Arbetet avbröts av ett oväntat fel" in page and "OSError" in page
    report.refresh_from_db()
    assert report.status != Status.DECIDED and not report.case_number
    assert not ReportSnapshot.objects.exists()
    assert TaskRun.objects.get().status == TaskRun.Status.FAILED


# The worker commits and closes its connection between tasks as in production, so the test cannot run inside the
# test's transaction (PostgreSQL would see a closed connection): a transactional test.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_backend_queues_and_db_worker_runs_the_freeze(client, report, users):
    """The real path on SQLite: the request only queues, the report says it is being decided, a worker does it."""
    client.force_login(users["admin"])
    url = _decide(client, report)["Location"]
    run = TaskRun.objects.get()
    assert run.status == TaskRun.Status.QUEUED and run.result_id
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page and "I kö" in page and "väntar på en bakgrundsprocess" in page
    detail = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Fastställs…" in detail and reverse("reports:freeze", kwargs={"pk": report.pk}) not in detail
    # A second decision while the first is queued is refused on the form.
    again = _decide(client, report, case_number="SN-2019/201")
    assert again.status_code == 422 and "håller redan på att fastställas" in again.content.decode()

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    from django_tasks import default_task_backend

    assert default_task_backend.get_result(run.result_id).status == "SUCCESSFUL"
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in page and "Klar" in page and "SN-2019/200" in page
    report.refresh_from_db()
    assert report.status == Status.DECIDED and report.case_number == "SN-2019/200"
    assert ReportSnapshot.objects.count() == 1


def test_a_decided_report_is_not_decided_again(report, users):
    services.report_freeze(actor=users["admin"], report=report, decided_on=date(2019, 5, 14), case_number="SN-1")
    with pytest.raises(Exception, match="fastställd"):
        tasks.report_freeze_start(actor=users["admin"], report=report, decided_on=date(2019, 5, 15), case_number="2")
    assert not TaskRun.objects.exists()


def test_render_all_renders_every_report_through_tasks(report, tmp_path, capsys):
    call_command(
        "report", "render-all", "--type", "delar1", "--year", "2019", "--format", "pdf", "--format", "html",
        "--output-dir", str(tmp_path),
    )  # fmt: skip
    assert (tmp_path / "SN-delar1-2019.pdf").read_bytes().startswith(b"%PDF")
    assert b"<html" in (tmp_path / "SN-delar1-2019.html").read_bytes()
    run = TaskRun.objects.get(kind=tasks.RENDER)
    assert run.status == TaskRun.Status.SUCCEEDED and [f["name"] for f in run.files] == [
        "SN-delar1-2019.pdf",
        "SN-delar1-2019.html",
    ]


# The worker commits and closes its connection between tasks as in production, so the test cannot run inside the
# test's transaction (PostgreSQL would see a closed connection): a transactional test.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_render_all_works_the_database_queue_itself(report, tmp_path):
    call_command(
        "report", "render-all", "--type", "delar1", "--year", "2019", "--format", "docx", "--workers", "1",
        "--output-dir", str(tmp_path),
    )  # fmt: skip
    assert (tmp_path / "SN-delar1-2019.docx").read_bytes().startswith(b"PK")
    assert TaskRun.objects.get().status == TaskRun.Status.SUCCEEDED


def test_render_task_files_are_served_to_who_may_see_them(client, report, users):
    run = tasks.render_reports_start(reports=[report], formats=["html"], started_by=users["admin"])[0]
    url = reverse("core:task_file", kwargs={"pk": run.pk, "name": "SN-delar1-2019.html"})
    client.force_login(users["reader"])
    response = client.get(url)
    assert response.status_code == 200 and b"<html" in b"".join(response.streaming_content)
    assert client.get(reverse("core:task_file", kwargs={"pk": run.pk, "name": "other.html"})).status_code == 404
    client.force_login(users["nobody"])
    assert client.get(url).status_code == 404
