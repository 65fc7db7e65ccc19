"""Backup and restore of a committee-year (`digipuff backup export|import`, core.backup and each app's backup.py).

The round trip is the promise: export SN 2019 from the demo, empty the database, import, and every report renders
to the same bytes (HTML, Word, PDF; the decided report's frozen files and hashes included)."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from digipuff.core import backup
from digipuff.core.models import TaskRun
from digipuff.goals.models import CommitteeGoal, Goal
from digipuff.meetings.models import AgendaItem, Case, Statement
from digipuff.meetings.services import case_register
from digipuff.organisation.models import OrgUnit
from digipuff.reports import renderers, services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report, ReportSnapshot, ReportText

FORMATS = ("html", "docx", "pdf")


def _rendered() -> dict[tuple[str, str], bytes]:
    reports = Report.objects.select_related("committee", "occasion", "template").filter(committee__code="SN")
    return {(report.report_type, fmt): renderers.render(report, fmt) for report in reports for fmt in FORMATS}


def _fresh_install() -> None:
    """What a newly migrated database holds: the rows the data migrations make, nothing else."""
    from digipuff.followup.models import FollowUpStatus
    from digipuff.reports import defaults
    from digipuff.reports.models import ReportTemplate, TemplateSection

    call_command("flush", interactive=False, verbosity=0)
    FollowUpStatus.ensure_defaults()
    defaults.install(ReportTemplate, TemplateSection)


@pytest.mark.django_db(transaction=True)
def test_export_wipe_import_renders_the_same_reports_byte_for_byte(tmp_path):
    call_command("demo", verbosity=0)
    admin = get_user_model().objects.create_superuser("root", "root@example.se", "x")
    sn = OrgUnit.objects.get(code="SN")
    # Decided reports (frozen files with hashes: the demo's plan, which the portal shows, and Delår 1) beside a report
    # still being written.
    delar1 = Report.objects.get(committee=sn, report_type=ReportType.INTERIM_1)
    services.report_freeze(actor=admin, report=delar1, decided_on=date(2019, 5, 23), case_number="SN-2019/149")
    services.report_create(actor=admin, committee=sn, report_type=ReportType.INTERIM_2, year=2019)
    before = _rendered()
    snapshot = ReportSnapshot.objects.get(report__report_type=ReportType.INTERIM_1)
    hashes = (snapshot.document_sha256, snapshot.pdf_sha256, snapshot.docx_sha256)
    goal_keys = sorted(
        ReportText.objects.filter(key__startswith="goal:", report__committee__code="SN").values_list("title", flat=True)
    )
    cases = sorted(Case.objects.values_list("diarienummer", "status"))
    agenda = sorted(AgendaItem.objects.values_list("meeting__starts_at", "position", "title", "case__diarienummer"))
    statement = list(Statement.objects.values_list("case__diarienummer", "status", "proposal", "source_report__title"))
    path = tmp_path / "sn-2019.json"
    call_command("backup", "export", "--committee", "SN", "--year", "2019", "--out", str(path), "--as", "root")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == backup.FORMAT and data["format_version"] == 1 and data["committee"] == "SN"
    assert data["counts"]["reports.reportsnapshot"] == 2 and data["counts"]["economy.ledgeramount"] > 100
    assert '"pk"' not in path.read_text(encoding="utf-8")  # references, never database ids

    _fresh_install()
    get_user_model().objects.create_superuser("restorer", "r@example.se", "x")
    OrgUnit.objects.create(kind="council", name="Tillfällig", code="TMP", valid_from=2019)  # ids differ after this
    OrgUnit.objects.filter(code="TMP").delete()
    call_command("backup", "import", str(path), "--as", "restorer")

    assert _rendered() == before
    snapshot = ReportSnapshot.objects.get(report__report_type=ReportType.INTERIM_1)
    assert (snapshot.document_sha256, snapshot.pdf_sha256, snapshot.docx_sha256) == hashes
    with snapshot.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == hashes[1]
    assert (
        sorted(
            ReportText.objects.filter(key__startswith="goal:", report__committee__code="SN").values_list(
                "title", flat=True
            )
        )
        == goal_keys
    )
    assert OrgUnit.objects.get(code="SN").pk != sn.pk  # the same reports from other ids
    restored = get_user_model().objects.get(username=admin.username)
    assert not restored.has_usable_password() and not restored.is_superuser
    assert sorted(Case.objects.values_list("diarienummer", "status")) == cases and len(cases) == 16
    restored_agenda = AgendaItem.objects.values_list("meeting__starts_at", "position", "title", "case__diarienummer")
    assert sorted(restored_agenda) == agenda and len(agenda) == 22
    restored_statement = Statement.objects.values_list(
        "case__diarienummer", "status", "proposal", "source_report__title"
    )
    assert list(restored_statement) == statement and len(statement) == 1
    # The restored series goes on from its last number: a number is never given twice.
    assert case_register(actor=None, committee=OrgUnit.objects.get(code="SN"), year=2019, title="Nytt").number == 164
    run = TaskRun.objects.get(kind=backup.IMPORT_KIND)
    assert run.status == TaskRun.Status.SUCCEEDED and "SN 2019" in run.message

    # The same committee-year again is refused with the reason, and nothing changes.
    rows = Report.objects.count(), ReportText.objects.count()
    with pytest.raises(CommandError, match="inte tom"):
        call_command("backup", "import", str(path), "--as", "restorer")
    assert (Report.objects.count(), ReportText.objects.count()) == rows


@pytest.fixture
def sn_year(org, users):
    from decimal import Decimal

    from digipuff.indicators import services as indicator_services
    from digipuff.indicators.services import ValueInput
    from tests.factories import make_committee_goal, make_measure

    goal = make_committee_goal(org.sn)
    measure = make_measure(org.sn, goals=[goal], name="Brukarnöjdhet IFO", unit="percent")
    indicator_services.measure_values_set(
        actor=None, measure=measure, values=[ValueInput(year=2018, value=Decimal("79"))]
    )
    return services.report_create(actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)


def _as_new_committee(data: dict, code: str = "SN2") -> dict:
    """The backup of SN as if it were of another committee (so that it fits into the same database)."""
    for record in data["objects"]:
        if record["model"] == "organisation.orgunit" and record["fields"]["code"] == data["committee"]:
            record["fields"]["code"] = record["natural_key"]["code"] = code
    data["committee"] = code
    return data


def _another_municipality(data: dict) -> dict:
    for record in data["objects"]:
        if record["model"] == "organisation.municipality":
            record["fields"].update(name="Botkyrka kommun", kolada_id="0127")
            record["natural_key"]["kolada_id"] = "0127"
    return data


def _raw(data: dict) -> bytes:
    return backup.dumps(data).encode()


def test_a_restore_is_all_or_nothing_and_says_why_in_swedish(org, users, sn_year):
    data = backup.committee_year_export(committee=org.sn, year=2019)
    superuser = get_user_model().objects.create_superuser("root", "root@example.se", "x")
    counts = {model: model.objects.count() for model in (OrgUnit, Report, ReportText)}

    damaged = _as_new_committee(json.loads(backup.dumps(data)))
    damaged["objects"].append({"model": "reports.report", "ref": "reports.report/99", "fields": {"committee": "nope"}})
    run, importer = backup.committee_year_restore(raw=_raw(damaged), actor=superuser, filename="sn.json")
    assert importer is None and run.status == TaskRun.Status.FAILED and run.message
    assert {model: model.objects.count() for model in counts} == counts  # nothing of it is left

    cases = [
        (b"not json", "inte JSON"),
        (json.dumps({"format": "other"}).encode(), "inte en säkerhetskopia"),
        (_raw({**data, "format_version": 99}), "version 99"),
        (_raw(data), "inte tom"),  # SN 2019 is here already
        (_raw(_another_municipality(_as_new_committee(json.loads(backup.dumps(data))))), "tjänar Huddinge kommun"),
    ]
    for raw, expected in cases:
        run, importer = backup.committee_year_restore(raw=raw, actor=superuser)
        assert importer is None and run.status == TaskRun.Status.FAILED, expected
        assert expected in run.message, run.message
        assert run.message.count(".") <= 2 and "Traceback" not in run.message
    assert {model: model.objects.count() for model in counts} == counts

    # Only an administrator of the committee's place in the tree restores it.
    run, importer = backup.committee_year_restore(raw=_raw(_as_new_committee(data)), actor=users["writer"])
    assert importer is None and "får inte" in run.message
    goals = Goal.objects.count()
    run, importer = backup.committee_year_restore(raw=_raw(_as_new_committee(data)), actor=users["council_admin"])
    assert importer is not None and run.status == TaskRun.Status.SUCCEEDED, run.message
    assert Report.objects.filter(committee__code="SN2").count() == 1
    # Shared rows were found again by their natural keys, not copied: the council's goals, the template.
    assert Goal.objects.count() == goals and importer.reused["goals.goal"] >= 1
    sn_goals = CommitteeGoal.objects.filter(committee=org.sn).count()
    assert CommitteeGoal.objects.filter(committee__code="SN2").count() == sn_goals
    assert OrgUnit.objects.get(code="SN2").parent == org.council


def test_a_damaged_frozen_file_in_the_backup_is_refused(org, users, sn_year):
    services.report_freeze(actor=users["admin"], report=sn_year, decided_on=date(2019, 5, 2), case_number="SN-2019/1")
    data = _as_new_committee(backup.committee_year_export(committee=org.sn, year=2019))
    record = next(r for r in data["objects"] if r["model"] == "reports.reportsnapshot")
    record["fields"]["pdf"]["content"] = record["fields"]["docx"]["content"]
    run, importer = backup.committee_year_restore(raw=_raw(data), actor=users["council_admin"])
    assert importer is None and "SHA-256" in run.message
    assert not OrgUnit.objects.filter(code="SN2").exists()


def test_the_command_names_unknown_committees_and_unreadable_files(org, users, tmp_path):
    with pytest.raises(CommandError, match="Det finns ingen enhet med koden XX"):
        call_command("backup", "export", "--committee", "XX", "--year", "2019", "--out", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="SN har ingenting för 2019"):
        call_command("backup", "export", "--committee", "SN", "--year", "2019", "--out", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="ingen aktiv användare som heter ingen"):
        call_command("backup", "import", str(tmp_path / "x.json"), "--as", "ingen")
    with pytest.raises(CommandError, match="får inte"):
        call_command(
            "backup", "export", "--committee", "SN", "--year", "2019", "--out", str(tmp_path / "x.json"),
            "--as", users["writer"].username,
        )  # fmt: skip
    with pytest.raises(CommandError, match="kan inte läsas"):
        call_command("backup", "import", str(tmp_path / "missing.json"), "--as", users["admin"].username)
