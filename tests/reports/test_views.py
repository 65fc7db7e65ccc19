"""The pages and the command, with the permission matrix."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from digipuff.reports.choices import Status


@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 200), ("writer", 200), ("reader", 200), ("council_reader", 200), ("nobody", 403)],
)
def test_report_list_and_page(client, report, users, who, expected):
    client.force_login(users[who])
    assert client.get(reverse("reports:list", kwargs={"code": "SN", "year": 2019})).status_code == expected
    page = client.get(reverse("reports:detail", kwargs={"pk": report.pk}))
    assert page.status_code == (200 if expected == 200 else 404)
    if expected == 200:
        assert "Nämndens mål och resultat" in page.content.decode()


def test_downloads(client, report, users):
    client.force_login(users["reader"])
    pdf = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "pdf"}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "docx"}))
    assert docx.content.startswith(b"PK")


def test_editor_autosaves_and_reports_conflicts(client, summary_text, users):
    url = reverse("reports:text", kwargs={"pk": summary_text.pk})
    client.force_login(users["writer"])
    assert "Sammanfattning" in client.get(url).content.decode()
    response = client.post(url, {"body": "<p style='x'>Hej</p>", "version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'value="2"' in response.content.decode()
    stale = client.post(url, {"body": "<p>Annat</p>", "version": 1}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    summary_text.refresh_from_db()
    assert summary_text.body == "<p>Hej</p>"
    client.force_login(users["reader"])
    assert client.post(url, {"body": "<p>x</p>", "version": 2}).status_code == 403


def test_writer_cannot_approve_through_the_page(client, summary_text, users):
    client.force_login(users["writer"])
    url = reverse("reports:text_status", kwargs={"pk": summary_text.pk})
    client.post(url, {"status": Status.READY, "version": 1})
    client.post(url, {"status": Status.APPROVED, "version": 2})
    summary_text.refresh_from_db()
    assert summary_text.status == Status.READY


def test_progress_mine_templates_and_freeze_pages(client, report, users):
    client.force_login(users["admin"])
    assert client.get(reverse("reports:progress", kwargs={"pk": report.pk})).status_code == 200
    assert client.get(reverse("reports:mine")).status_code == 200
    assert client.get(reverse("reports:templates")).status_code == 403  # SN admin, not the municipality's
    client.force_login(users["council_admin"])
    assert client.get(reverse("reports:templates")).status_code == 200
    client.force_login(users["approver"])
    assert client.get(reverse("reports:freeze", kwargs={"pk": report.pk})).status_code == 403
    client.force_login(users["admin"])
    response = client.post(
        reverse("reports:freeze", kwargs={"pk": report.pk}),
        {"version": report.version, "decided_on": "2019-05-14", "case_number": "SN-2019/200"},
    )
    assert response.status_code == 302
    assert "SN-2019/200" in client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()


def test_render_command(report, tmp_path):
    for fmt in ("pdf", "docx", "html"):
        target = tmp_path / f"r.{fmt}"
        call_command(
            "report",
            "render",
            "--unit",
            "SN",
            "--type",
            "delar1",
            "--year",
            "2019",
            "--format",
            fmt,
            "--output",
            str(target),
        )
        assert target.stat().st_size > 1000
    with pytest.raises(CommandError):
        call_command(
            "report",
            "render",
            "--unit",
            "XX",
            "--type",
            "delar1",
            "--year",
            "2019",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_api_lists_reports_and_frozen_files(client, report, users):
    from datetime import date

    from digipuff.reports import services

    services.report_freeze(actor=users["admin"], report=report, decided_on=date(2019, 5, 14), case_number="SN-2019/2")
    client.force_login(users["reader"])
    data = client.get("/api/v1/reports/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert rows[0]["case_number"] == "SN-2019/2" and rows[0]["snapshot"]["pdf"].endswith("download.pdf")
    client.force_login(users["nobody"])
    data = client.get("/api/v1/reports/").json()
    assert (data["results"] if isinstance(data, dict) else data) == []


def test_a_frozen_file_is_served_only_while_it_matches_its_hash(client, report, users, caplog, tmp_path):
    import hashlib
    import logging
    from datetime import date

    from django.core.files.storage import default_storage

    from digipuff.reports import services

    snapshot = services.report_freeze(
        actor=users["admin"], report=report, decided_on=date(2019, 5, 14), case_number="SN-2019/2"
    )
    client.force_login(users["reader"])
    for fmt in ("pdf", "docx"):
        served = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": fmt}))
        assert served.status_code == 200
        assert hashlib.sha256(served.content).hexdigest() == getattr(snapshot, f"{fmt}_sha256")

    # Someone changes the PDF on disk after the decision.
    path = default_storage.path(snapshot.pdf.name)
    with open(path, "r+b") as handle:
        original = handle.read()
        handle.seek(0)
        handle.write(original.replace(b"%PDF", b"%PDX", 1))
    with caplog.at_level(logging.CRITICAL, logger="digipuff.reports.renderers"):
        refused = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "pdf"}))
    assert refused.status_code == 503
    assert refused["Content-Type"].startswith("text/html")
    assert b"%PDX" not in refused.content
    assert "Filen är skadad" in refused.content.decode()
    assert any(
        record.levelno == logging.CRITICAL
        and str(report.pk) in record.getMessage()
        and "damaged" in record.getMessage()
        for record in caplog.records
    )
    # The Word file is untouched and still served; the command refuses the PDF too and writes nothing.
    assert client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "docx"})).status_code == 200
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="does not match its recorded SHA-256"):
        call_command(
            "report",
            "render",
            "--unit",
            "SN",
            "--type",
            report.report_type,
            "--year",
            "2019",
            "--format",
            "pdf",
            "--output",
            str(out),
        )
    assert not out.exists()


def test_the_standalone_report_page_may_use_exactly_its_own_stylesheet(client, report, users):
    import base64
    import hashlib
    import re

    client.force_login(users["reader"])
    response = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "html"}))
    css = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert (
        response.headers["Content-Security-Policy"].split("style-src ")[1].split(";")[0] == f"'self' 'sha256-{digest}'"
    )


@pytest.mark.django_db
def test_the_demo_report_page_runs_a_bounded_number_of_queries_none_repeated(client, django_assert_max_num_queries):
    import collections

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from digipuff.reports.models import Report

    call_command("demo", verbosity=0)
    report = Report.objects.get(committee__code="SN", report_type="delar1", occasion__year__year=2019)
    client.force_login(get_user_model().objects.get(username="skribent"))
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)
    # 66: the page's sections, plus the economy's year check, actuals coverage and ledger summary, the report's
    # running task, and the deviation chart's ledger by month and forecasts (each one query, whatever the size).
    with django_assert_max_num_queries(66), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The municipality and the year's occasions are read once per request, not once per section.
    repeated = [sql for sql, n in collections.Counter(q["sql"] for q in queries.captured_queries).items() if n > 1]
    assert repeated == []
