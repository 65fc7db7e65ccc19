"""The case pages (list, register, detail with history, status), the read API, the `digipuff cases` command and
the demo's cases from the seed."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from digipuff.core.choices import Role
from digipuff.meetings import services
from digipuff.meetings.models import Case
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType


def test_a_writer_registers_a_case_and_moves_it_on(client, org, users):
    writer = users[Role.WRITER]
    plan = reports.report_create(actor=None, committee=org.sn, report_type=ReportType.PLAN, year=2019)
    services.case_register(actor=None, committee=org.sn, year=2019, title="Tidigare", number=148)
    client.force_login(writer)
    response = client.post(
        "/meetings/SN/2019/cases/new/",
        {"version": 0, "title": "Reviderad verksamhetsplan 2019", "officer_name": "Linn Byström", "report": plan.pk},
    )
    case = Case.objects.get(title="Reviderad verksamhetsplan 2019")
    assert response.status_code == 302 and response.url == f"/meetings/SN/2019/cases/{case.pk}/"
    assert case.diarienummer == "SN-2019/149" and case.report == plan and case.updated_by == writer
    page = client.get(response.url).content.decode()
    assert "SN-2019/149 Reviderad verksamhetsplan 2019" in page and "Linn Byström" in page
    assert "Flytta till ”Under beredning”" in page
    moved = client.post(
        f"/meetings/SN/2019/cases/{case.pk}/status/", {"version": 1, "status": "preparing", "note": "Ok"}
    )
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.status == "preparing"
    listing = client.get("/meetings/SN/2019/cases/").content.decode()
    assert listing.index("SN-2019/149") < listing.index("SN-2019/148")
    assert "Under beredning" in listing


def test_the_officer_is_chosen_among_the_committee_s_people(client, org, users):
    from tests.factories import UserFactory, grant

    grant(UserFactory(username="von_person"), org.von, Role.WRITER)
    client.force_login(users[Role.WRITER])
    form = client.get("/meetings/SN/2019/cases/new/").content.decode()
    assert "sn_reader" in form and "von_person" not in form and "council_admin" not in form
    unit_page = client.get("/org/SN/?year=2019").content.decode()
    assert "/meetings/SN/2019/cases/" in unit_page and "Nämndens ärenden med diarienummer" in unit_page


def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(client, org, users):
    client.force_login(users[Role.WRITER])
    other = reports.report_create(actor=None, committee=org.von, report_type=ReportType.PLAN, year=2019)
    response = client.post("/meetings/SN/2019/cases/new/", {"version": 0, "title": "X", "report": other.pk})
    assert response.status_code == 422
    assert not Case.objects.exists()
    case = services.case_register(actor=None, committee=org.sn, year=2019, title="Ärende")
    skipped = client.post(f"/meetings/SN/2019/cases/{case.pk}/status/", {"version": 1, "status": "decided"})
    assert skipped.status_code == 422
    assert "kan bara gå vidare till Under beredning" in skipped.content.decode()
    stale = client.post(f"/meetings/SN/2019/cases/{case.pk}/edit/", {"version": 0, "title": "Ny"})
    assert stale.status_code == 409
    assert Case.objects.get(pk=case.pk).title == "Ärende"


def test_the_api_gives_cases_as_papers_to_those_who_may_view(client, org, users):
    case = services.case_register(actor=None, committee=org.sn, year=2019, title="Ärende", officer_name="A B")
    services.case_register(actor=None, committee=org.von, year=2019, title="VON-ärende")
    assert client.get("/api/v1/cases/").status_code == 403
    client.force_login(users[Role.READER])
    rows = client.get("/api/v1/cases/?year=2019").json()["results"]
    assert [r["reference"] for r in rows] == ["SN-2019/1"]
    row = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert row["type"] == "Paper" and row["name"] == "Ärende" and row["officer"] == "A B"
    assert [h["status"] for h in row["history"]] == ["registered"]


def test_the_command_registers_with_the_next_number(org, users):
    services.case_register(actor=None, committee=org.sn, year=2019, title="Första")
    out = StringIO()
    call_command(
        "cases",
        "register",
        "--committee",
        "SN",
        "--year",
        "2019",
        "--title",
        "Underlag",
        "--as",
        "sn_writer",
        stdout=out,
    )
    assert out.getvalue().strip() == "SN-2019/2 Underlag"
    out = StringIO()
    call_command("cases", "list", "--committee", "SN", "--year", "2019", "--as", "sn_reader", stdout=out)
    assert out.getvalue().splitlines() == ["SN-2019/2\tRegistrerat\tUnderlag", "SN-2019/1\tRegistrerat\tFörsta"]
    with pytest.raises(CommandError, match="Inte tillåtet"):
        call_command("cases", "register", "--committee", "SN", "--year", "2019", "--title", "X", "--as", "sn_reader")
    with pytest.raises(CommandError, match="Okänd enhetskod"):
        call_command("cases", "register", "--committee", "XX", "--year", "2019", "--title", "X", "--as", "sn_writer")
    assert Case.objects.count() == 2


def test_the_demo_holds_sn_cases_from_the_seed(org):
    from digipuff.meetings import demo

    plan = reports.report_create(actor=None, committee=org.sn, report_type=ReportType.PLAN, year=2019)
    demo.load()
    demo.load()  # a second run adds nothing
    cases = {c.diarienummer: c for c in Case.objects.filter(committee=org.sn, year=2019)}
    # The seed's numbers, then the series' next ones for the agenda's cases whose numbers the seed does not show.
    assert {"SN-2019/121", "SN-2019/149", "SN-2019/150"} <= set(cases)
    assert set(cases) - {"SN-2019/121", "SN-2019/149"} == {f"SN-2019/{n}" for n in range(150, 164)}
    assert cases["SN-2019/149"].report == plan and cases["SN-2019/149"].officer_name == "Linn Byström"
    assert cases["SN-2019/150"].title == "Reviderad upphandlingsplan för socialnämnden 2019"
    assert all(c.status == "preparing" for c in cases.values())


def test_swedish_catalogue_is_complete():
    po = Path(__file__).resolve().parents[2] / "src" / "digipuff" / "meetings" / "locale" / "sv" / "LC_MESSAGES"
    entries = (po / "django.po").read_text(encoding="utf-8").split("\n\n")[1:]
    assert [e for e in entries if e.rstrip().endswith('msgstr ""') or "#, fuzzy" in e] == []
