"""The board's compiled section: per committee the goal assessments and economy key figures from its decided
report (the frozen snapshot, as decided), today's figures labelled preliminary where none is decided; in HTML,
PDF and Word like every section."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from digipuff.goals import services as goal_services
from digipuff.goals.choices import Assessment
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit
from digipuff.reports import services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report, ReportTemplate
from tests.factories import make_committee_goal, make_unit


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _assess(committee_goal, occasion, value):
    goal_services.goal_assessment_set(
        actor=None,
        committee_goal=committee_goal,
        occasion=occasion,
        expected_version=None,
        assessment=value,
        analysis="",
        reason="Skäl.",
    )


@pytest.fixture
def board_report(org, users):
    board = make_unit("Kommunstyrelsen", parent=org.council, kind=OrgUnitKind.EXECUTIVE_BOARD, code="KS")
    sn_goal = make_committee_goal(org.sn, "Fler upplever god vård och omsorg")
    von_goal = make_committee_goal(org.von, "Fler upplever god hälsa")
    sn_report = services.report_create(
        actor=users["council_admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019
    )
    _assess(sn_goal, sn_report.occasion, Assessment.ACHIEVED)
    services.report_freeze(
        actor=users["council_admin"], report=sn_report, decided_on=date(2019, 5, 14), case_number="SN-2019/149"
    )
    # After the decision SN changes its assessment: the board compiles what SN decided, not today's.
    from digipuff.goals.models import GoalAssessment

    record = GoalAssessment.objects.get(committee_goal=sn_goal, occasion=sn_report.occasion)
    goal_services.goal_assessment_set(
        actor=None,
        committee_goal=sn_goal,
        occasion=sn_report.occasion,
        expected_version=record.version,
        assessment=Assessment.NOT_ACHIEVED,
        analysis="",
        reason="Ändrat.",
    )
    _assess(von_goal, sn_report.occasion, Assessment.PARTLY)  # VON has not decided: today's, preliminary
    template = ReportTemplate.objects.create(report_type=ReportType.INTERIM_1, name="Kommunstyrelsens delårsrapport")
    services.template_section_save(
        actor=None, template=template, title="Nämndernas mål och ekonomi", kind="committees_compiled", has_text=False
    )
    return services.report_create(
        actor=users["council_admin"],
        committee=board,
        report_type=ReportType.INTERIM_1,
        year=2019,
        template=template,
        title="Kommunstyrelsens delårsrapport 1 2019",
    )


def test_the_compiled_section_takes_decided_reports_as_decided_and_labels_the_rest_preliminary(
    client, org, users, board_report
):
    client.force_login(users["council_admin"])
    html = client.get(reverse("reports:detail", args=[board_report.pk])).content.decode()
    assert "Nämndernas mål och ekonomi" in html
    sn = html[html.index("Socialnämnden: Bedömning") - 600 :]
    assert "Ur Delårsrapport 1 2019, fastställd 14 maj 2019 (SN-2019/149)." in html
    sn_table = sn[: sn.index("</table>")]
    assert "Uppnås" in sn_table and "Uppnås ej" not in sn_table  # as decided
    assert "Preliminärt: Vård- och omsorgsnämnden har inte fastställt sin rapport för Delår 1 2019" in html
    von_table = html[html.index("Vård- och omsorgsnämnden: Bedömning") :]
    assert "Uppnås delvis" in von_table[: von_table.index("</table>")]

    pdf = client.get(reverse("reports:download", kwargs={"pk": board_report.pk, "fmt": "pdf"}))
    assert pdf.status_code == 200
    text = " ".join(_pdf_text(pdf.content).split())
    assert "Socialnämnden: Bedömning av nämndens mål" in text and "SN-2019/149" in text
    assert "Preliminärt: Vård- och omsorgsnämnden" in text

    docx = client.get(reverse("reports:download", kwargs={"pk": board_report.pk, "fmt": "docx"}))
    from docx import Document

    word = Document(io.BytesIO(docx.content))
    paragraphs = " ".join(p.text for p in word.paragraphs)
    tables = " ".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "Preliminärt: Vård- och omsorgsnämnden" in paragraphs and "Uppnås delvis" in tables


def test_the_demo_has_the_boards_delarsrapport_with_the_compiled_section(client, db):
    call_command("demo", verbosity=0)
    report = Report.objects.get(committee__code="KS", report_type=ReportType.INTERIM_2, occasion__year__year=2019)
    # The committees' own delårsrapport 2 keeps the default template.
    assert services.selectors.template_for(report_type=ReportType.INTERIM_2, year=2019).name != report.template.name
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="politiker"))
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Nämndernas måluppfyllelse och ekonomi" in html
    assert "Socialnämnden: Bedömning av nämndens mål, Delår 2 2019" in html
    assert "Vård- och omsorgsnämnden: Bedömning av nämndens mål, Delår 2 2019" in html
    assert "Socialnämnden: Ekonomins nyckeltal, mnkr" in html
    assert OrgUnit.objects.get(code="KS").kind == OrgUnitKind.EXECUTIVE_BOARD
    council = client.get(reverse("goals:thread", args=["KF", 2019])).content.decode()
    assert 'data-committee="SN"' in council and 'data-committee="VON"' in council
    assert 'data-assessment="partly"' in council and 'data-assessment="achieved"' in council
