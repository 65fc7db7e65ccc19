"""PostgreSQL lost in the middle of the work: the connection of the process doing it is terminated from a second
connection (pg_terminate_backend, as when the server restarts or a network drops) halfway through a restore and
halfway through deciding a report. Nothing half-done is left, and the task's run says it failed, in Swedish."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from digipuff.core import backup
from digipuff.core.models import TaskRun
from digipuff.organisation.models import OrgUnit
from digipuff.reports import services, tasks
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import Report, ReportSnapshot, ReportText
from tests.core.test_backup import _as_new_committee, _raw

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite runs inside the process: there is no server connection to lose; run with "
        "DATABASE_URL=postgres://... to test it",
    ),
    pytest.mark.django_db(transaction=True),
]

LOST = "Förbindelsen med databasen bröts"


def _terminate_own_connection() -> None:
    """End this process's database session from another connection, as the server does when it goes down."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or None,
        autocommit=True,
    ) as other:  # fmt: skip
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _rows() -> dict[str, int]:
    return {
        "units": OrgUnit.objects.count(),
        "reports": Report.objects.count(),
        "texts": ReportText.objects.count(),
        "snapshots": ReportSnapshot.objects.count(),
    }


def _snapshot_files() -> list[str]:
    """The files under the frozen reports' folder (other tests of the run may have left theirs)."""
    folder = "reports/snapshots"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


@pytest.fixture
def sn_report(org, users):
    from tests.factories import make_committee_goal, make_measure

    goal = make_committee_goal(org.sn)
    make_measure(org.sn, goals=[goal], name="Brukarnöjdhet IFO", unit="percent")
    return services.report_create(actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)


def test_a_restore_that_loses_the_database_halfway_leaves_nothing_and_fails(org, users, sn_report, monkeypatch):
    data = _as_new_committee(backup.committee_year_export(committee=org.sn, year=2019))
    halfway = len(data["objects"]) // 2
    applied = []
    apply = backup.Importer._apply

    def apply_then_lose_the_database(self, record):
        apply(self, record)
        applied.append(record["ref"])
        if len(applied) == halfway:
            _terminate_own_connection()

    monkeypatch.setattr(backup.Importer, "_apply", apply_then_lose_the_database)
    before = _rows()
    run, importer = backup.committee_year_restore(raw=_raw(data), actor=users["council_admin"], filename="sn.json")

    assert importer is None and len(applied) == halfway
    assert run.status == TaskRun.Status.FAILED and run.finished_at is not None
    assert run.message.startswith(LOST), run.message
    assert _rows() == before and not OrgUnit.objects.filter(code="SN2").exists()


def test_a_freeze_that_loses_the_database_halfway_leaves_the_report_undecided(sn_report, users, monkeypatch):
    render = services.render_snapshot_files

    def render_then_lose_the_database(*args, **kwargs):
        files = render(*args, **kwargs)  # the report row is already marked decided in the transaction
        _terminate_own_connection()
        return files

    monkeypatch.setattr(services, "render_snapshot_files", render_then_lose_the_database)
    before, files_before = _rows(), _snapshot_files()
    run = tasks.report_freeze_start(
        actor=users["admin"], report=sn_report, decided_on=date(2019, 5, 14), case_number="SN-2019/200"
    )

    run.refresh_from_db()
    assert run.status == TaskRun.Status.FAILED and run.message.startswith(LOST), run.message
    sn_report.refresh_from_db()
    assert sn_report.status != Status.DECIDED and not sn_report.case_number and sn_report.decided_on is None
    assert _rows() == before
    assert _snapshot_files() == files_before  # no orphaned PDF or Word file
