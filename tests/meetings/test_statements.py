"""The tjänsteutlåtande: written from the case's report with the report's figures (each linked to its source), saved
without overwriting anybody, reviewed (ready → approved, or sent back), and printed as tagged PDF and Swedish Word
with the municipality's header; the demo's SN-2019/149."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError
from digipuff.core.formatting import format_millions, format_percent, format_thousands
from digipuff.meetings import services, statements
from digipuff.meetings.models import Statement
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType
from tests.reports.test_pdf import _structure


@pytest.fixture
def economy(org):
    """Socialnämnden's economy 2019 from the seed (budget, ledger, the Delår 1 forecasts), loaded as the demo does."""
    from digipuff.economy import demo

    demo.load_committee(org.sn)
    return org.sn


def _case(org, *, report_type=ReportType.PLAN, number=149, **kwargs):
    report = reports.report_create(actor=None, committee=org.sn, report_type=report_type, year=2019)
    return services.case_register(
        actor=None,
        committee=org.sn,
        year=2019,
        number=number,
        title="Reviderad verksamhetsplan 2019 för socialnämnden",
        officer_name="Linn Byström",
        report=report,
        **kwargs,
    )


def _economy_figures(committee, month):
    from digipuff.economy import selectors as economy

    data = economy.ledger(committee, 2019, month)
    return data, economy.budget_keeping(data)


def test_created_from_the_plan_it_cites_the_budget_frame_and_balanced_result_with_their_sources(
    client, org, users, economy
):
    case = _case(org)
    client.force_login(users[Role.WRITER])
    response = client.post(f"/meetings/SN/2019/cases/{case.pk}/statement/new/", {"from_report": "1"})
    assert response.status_code == 302 and response.url == f"/meetings/SN/2019/cases/{case.pk}/statement/"
    statement = Statement.objects.get(case=case)
    data, keeping = _economy_figures(org.sn, case.report.occasion.period_end.month)
    budget = format_millions(keeping.budget, 1)
    opening = format_thousands(data.settings.opening_equity)
    assert keeping.budget > 0 and data.settings.opening_equity < 0
    assert statement.administration == "Socialförvaltningen" and statement.officer_name == "Linn Byström"
    # The figures, each a link to the page it comes from, with the source as a footnote.
    assert 'Socialnämndens budgetram för 2019 är <a href="/economy/SN/2019/"' in statement.summary
    assert f">{budget}</a>" in statement.summary and f">{budget}</a>" in statement.description
    assert f'<a href="/economy/SN/2019/mapping/settings/" rel="noopener noreferrer">{opening}</a>' in statement.proposal
    assert "ingående balanserade resultatet" in statement.proposal
    assert 'class="fn" data-note="Källa: ekonomimodulen' in statement.summary
    assert "godkänner förvaltningens förslag till" in statement.proposal
    # A plan has no forecast: no deviation is claimed.
    assert "avvikelse" not in statement.summary
    page = client.get(response.url).content.decode()
    assert "Tjänsteutlåtande SN-2019/149" in page and budget in page and "Kommunstyrelsen" in page
    assert case.report.title in page  # the report is the first bilaga


def test_created_from_an_interim_report_it_cites_the_forecast_deviation(org, users, economy):
    case = _case(org, report_type=ReportType.INTERIM_1)
    statement = statements.statement_create(actor=users[Role.WRITER], case=case)
    data, keeping = _economy_figures(org.sn, case.report.occasion.period_end.month)
    assert any(f.forecast is not None for f in data.cells.values())
    assert f">{format_millions(keeping.deviation_after_measures, 1)}</a>" in statement.summary
    assert f">{format_percent(keeping.percent, 1)}</a>" in statement.summary
    assert "/economy/SN/2019/forecast/3/" in statement.description


def test_an_empty_statement_and_a_second_one_is_refused(org, users):
    case = _case(org)
    statement = statements.statement_create(actor=users[Role.WRITER], case=case, from_report=False)
    assert statement.summary == "" and statement.recipients == ["Kommunstyrelsen"]
    with pytest.raises(ValidationError, match="har redan ett tjänsteutlåtande"):
        statements.statement_create(actor=users[Role.WRITER], case=case)


def _form(statement, **changes):
    data = {
        "version": statement.version,
        "administration": "Socialförvaltningen",
        "dated": "2019-03-20",
        "officer_name": "Linn Byström",
        "officer_title": "Controller",
        "officer_email": "Linn.Bystrom@huddinge.se",
        "proposal": "<p>Socialnämnden godkänner förslaget.</p>",
        "summary": '<p style="color:red">Sammanfattning <script>x()</script></p>',
        "description": "<p>Beskrivning.</p>",
        "views": "<p>Synpunkter.</p>",
        "signatories": "Annmarie Sandberg, Social- och äldreomsorgsdirektör\nMarianne Krook, Biträdande direktör",
        "attachments": "Bilaga 2",
        "attach_report": "on",
        "recipients": "Kommunstyrelsen\nRevisorerna",
    }
    data.update(changes)
    return data


def test_the_writer_saves_and_a_save_from_an_old_copy_is_refused_keeping_the_text(client, org, users):
    case = _case(org)
    statement = statements.statement_create(actor=None, case=case, from_report=False)
    client.force_login(users[Role.WRITER])
    url = f"/meetings/SN/2019/cases/{case.pk}/statement/edit/"
    assert client.post(url, _form(statement)).status_code == 302
    statement.refresh_from_db()
    assert statement.version == 2 and statement.summary == "<p>Sammanfattning </p>"
    assert statement.signatories[0] == {"name": "Annmarie Sandberg", "title": "Social- och äldreomsorgsdirektör"}
    assert statement.recipients == ["Kommunstyrelsen", "Revisorerna"] and statement.dated == date(2019, 3, 20)
    stale = client.post(url, _form(statement, version=1, views="<p>Mina nya synpunkter</p>"))
    assert stale.status_code == 409
    assert "Mina nya synpunkter" in stale.content.decode()
    statement.refresh_from_db()
    assert statement.views == "<p>Synpunkter.</p>" and statement.version == 2
    with pytest.raises(ConflictError):
        statements.statement_save(
            actor=users[Role.WRITER],
            statement=statement,
            expected_version=1,
            **{**_clean(_form(statement)), "views": "x"},
        )


def _clean(data):
    from digipuff.meetings.forms import StatementForm

    form = StatementForm(data, committee=Statement.objects.first().case.committee)
    assert form.is_valid(), form.errors
    cleaned = dict(form.cleaned_data)
    cleaned.pop("version")
    return cleaned


def test_review_ready_approve_send_back_and_a_change_returns_it_to_draft(client, org, users):
    case = _case(org)
    statement = statements.statement_create(actor=None, case=case)
    writer, approver = users[Role.WRITER], users[Role.APPROVER]
    status_url = f"/meetings/SN/2019/cases/{case.pk}/statement/status/"
    client.force_login(writer)
    assert client.post(status_url, {"version": 1, "status": "approved"}).status_code == 403
    client.post(status_url, {"version": 1, "status": "ready"})
    statement.refresh_from_db()
    assert statement.status == "ready" and statement.version == 2
    client.force_login(approver)
    refused = client.post(status_url, {"version": 2, "status": "draft"}, follow=True).content.decode()
    assert "Säg vad som behöver ändras" in refused
    client.post(status_url, {"version": 2, "status": "approved"})
    statement.refresh_from_db()
    assert statement.status == "approved" and statement.approved_by == approver
    page = client.get(f"/meetings/SN/2019/cases/{case.pk}/statement/").content.decode()
    assert "Godkänd" in page
    # A change after approval takes it back to draft: what was approved is never silently something else.
    client.force_login(writer)
    client.post(f"/meetings/SN/2019/cases/{case.pk}/statement/edit/", _form(statement))
    statement.refresh_from_db()
    assert statement.status == "draft" and statement.approved_by is None
    client.post(status_url, {"version": statement.version, "status": "ready"})
    client.force_login(approver)
    client.post(status_url, {"version": statement.version + 1, "status": "draft", "comment": "Förtydliga budgeten"})
    statement.refresh_from_db()
    assert statement.status == "draft" and statement.return_comment == "Förtydliga budgeten"
    history = client.get(f"/meetings/SN/2019/cases/{case.pk}/statement/").content.decode()
    assert "Förtydliga budgeten" in history


def test_a_decided_case_s_statement_no_longer_changes(org, users):
    case = _case(org)
    statement = statements.statement_create(actor=None, case=case)
    for status in ("preparing", "decided"):
        case = services.case_status_change(actor=None, case=case, status=status, expected_version=None)
    statement.case = case
    with pytest.raises(ValidationError, match="har beslutats"):
        statements.statement_set_status(actor=None, statement=statement, status="ready", expected_version=None)


def _pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_pdf_is_tagged_with_the_header_on_every_page_and_the_sections(client, org, users, economy):
    case = _case(org)
    statement = statements.statement_create(actor=None, case=case, dated=date(2019, 3, 20))
    statement.signatories = [{"name": "Annmarie Sandberg", "title": "Social- och äldreomsorgsdirektör"}]
    statement.description = statement.description + "<p>" + "Lång beskrivning av ärendet. " * 400 + "</p>"
    statement.save()
    client.force_login(users[Role.READER])
    response = client.get(f"/meetings/SN/2019/cases/{case.pk}/statement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data == statements.statement_pdf(case)  # deterministic: what the meeting papers take
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True and str(root["/Lang"]).split("-")[0] == "sv"
    assert "<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == "SN-2019/149 Reviderad verksamhetsplan 2019 för socialnämnden"
    kinds = {kind for kind, _alt in _structure(root["/StructTreeRoot"])}
    assert {"/H1", "/H2", "/P", "/Note"} <= kinds
    text = _pdftotext(data)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert re.search(rf"SN-2019/149\s+{n} \({len(pages)}\)", page), page[:400]
        assert "TJÄNSTEUTLÅTANDE" in page and "SOCIALFÖRVALTNINGEN" in page and "2019-03-20" in page
    for heading in (
        "Handläggare",
        "Linn Byström",
        "Reviderad verksamhetsplan 2019 för socialnämnden",
        "Förslag till beslut",
        "Sammanfattning",
        "Beskrivning av ärendet",
        "Förvaltningens synpunkter",
        "Annmarie Sandberg",
        "Bilagor",
        "Beslutet delges",
        "Kommunstyrelsen",
    ):
        assert heading in text, text
    assert "Källa: ekonomimodulen" in text  # the figures' sources as footnotes


def test_the_word_file_is_swedish_with_the_header_and_page_numbers(client, org, users):
    case = _case(org)
    statements.statement_create(actor=None, case=case, dated=date(2019, 3, 20))
    client.force_login(users[Role.READER])
    response = client.get(f"/meetings/SN/2019/cases/{case.pk}/statement.docx")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    styles = archive.read("word/styles.xml").decode()
    assert 'w:lang w:val="sv-SE"' in styles
    header = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header"))
    for part in ("TJÄNSTEUTLÅTANDE", "SOCIALFÖRVALTNINGEN", "2019-03-20", "SN-2019/149", " PAGE ", " NUMPAGES "):
        assert part in header
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Förslag till beslut" in text and "Beslutet delges" in text and "Kommunstyrelsen" in text


def test_no_statement_yet_is_a_404_for_the_files_and_none_for_the_papers(client, org, users):
    case = _case(org)
    client.force_login(users[Role.READER])
    assert statements.statement_pdf(case) is None
    assert client.get(f"/meetings/SN/2019/cases/{case.pk}/statement.pdf").status_code == 404
    page = client.get(f"/meetings/SN/2019/cases/{case.pk}/").content.decode()
    assert "Ärendet har inget tjänsteutlåtande ännu." in page


def test_pages_stay_within_their_queries(client, org, users, django_assert_max_num_queries):
    case = _case(org)
    statements.statement_create(actor=None, case=case)
    client.force_login(users[Role.WRITER])
    with django_assert_max_num_queries(25):
        assert client.get(f"/meetings/SN/2019/cases/{case.pk}/statement/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/meetings/SN/2019/cases/{case.pk}/statement/edit/").status_code == 200


def test_the_demo_holds_sn_2019_149_s_statement_from_the_revised_plan(org, economy):
    from digipuff.meetings import statement_demo

    statement_demo.load()
    statement_demo.load()  # a second run adds nothing
    statement = Statement.objects.select_related("case", "case__report").get()
    case = statement.case
    assert case.diarienummer == "SN-2019/149" and case.report.report_type == ReportType.PLAN
    assert statement.source_report == case.report and case.report.title == "Verksamhetsplan 2019 för Socialnämnden"
    assert statement.status == "approved" and statement.officer_name == "Linn Byström"
    assert [p["name"] for p in statement.signatories] == ["Annmarie Sandberg", "Marianne Krook"]
    assert statement.recipients == ["Kommunstyrelsen"]
    data, keeping = _economy_figures(org.sn, case.report.occasion.period_end.month)
    budget = format_millions(keeping.budget, 1)
    assert (
        f'budgetram för 2019 är <a href="/economy/SN/2019/" rel="noopener noreferrer">{budget}</a>' in statement.summary
    )
    assert f">{format_thousands(data.settings.opening_equity)}</a>" in statement.proposal
    assert "God omsorg för individen" in statement.summary
    text = _pdftotext(statements.statement_pdf(case))
    assert "Verksamhetsplan 2019 för Socialnämnden" in text.split("Bilagor")[1]
