"""The protokoll through its pages, the API and the papers: paragraphs numbered through the year, the decision of each
paragraph, justering that freezes the protokoll with its content hash and refuses later changes, the decision that
fastställer the case's report (the report's snapshot carries the diarienummer and paragraph), the anslag with its
appeal period, the public edition without the confidential paragraphs, the delegation decisions, the report of
decisions not executed with its small counts suppressed, the archive package and the portal's public items."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from digipuff.core.choices import Role
from digipuff.meetings import meeting_services, protokoll, services
from digipuff.meetings.models import AgendaItem, Meeting, Protokoll
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import Report

START = datetime(2019, 4, 9, 18, 0, tzinfo=timezone.get_default_timezone())


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _meeting(org, *, days: int = 0) -> Meeting:
    return meeting_services.meeting_create(
        actor=None,
        committee=org.sn,
        starts_at=START + timedelta(days=days),
        place="Sessionssalen",
        chair_name="Eva Carlsson-Paulsén",
        secretary_name="Lars Axelsson",
        signed_place="Huddinge",
        signed_on=date(2019, 3, 22),
    )


def _add(meeting: Meeting, kind: str, **fields) -> AgendaItem:
    return meeting_services.agenda_item_add(actor=None, meeting=meeting, kind=kind, **fields)


def _url(meeting: Meeting, suffix: str = "") -> str:
    return f"/meetings/SN/2019/meetings/{meeting.pk}/{suffix}"


def _plan_case(org):
    report = reports.report_create(actor=None, committee=org.sn, report_type=ReportType.PLAN, year=2019)
    case = services.case_register(
        actor=None,
        committee=org.sn,
        year=2019,
        number=149,
        title="Reviderad verksamhetsplan 2019 för socialnämnden",
        report=report,
    )
    return services.case_status_change(actor=None, case=case, status="preparing", expected_version=None)


JUSTERING = {
    "version": 0,
    "members": "Eva Carlsson-Paulsén (M), ordförande\nJan-Olof Bodén (MP)",
    "serving_substitutes": "Arne Tärnblom (V)",
    "adjusters": "Jan-Olof Bodén (MP)",
    "adjustment_place": "Huddinge",
    "adjusted_on": "2019-04-15",
    "posted_on": "2019-04-16",
}


def _paragraphs(meeting: Meeting) -> dict[str, int | None]:
    return {item.title: item.paragraph for item in meeting.items.order_by("confidential", "position")}


def test_paragraphs_are_numbered_through_the_year(client, org, users):
    first, second = _meeting(org), _meeting(org, days=30)
    _add(first, "standard", title="Godkännande av föredragningslistan")
    _add(first, "information", title="Medarbetarenkäten", presenter="Lisa Pollack")
    _add(first, "information", title="Ekonomisk rapport", presenter="Helén Trostemo")
    _add(first, "standard", title="Sekretessärende", confidential=True)
    _add(second, "standard", title="Val av justerare")
    _add(second, "standard", title="Övrigt")
    client.force_login(users[Role.WRITER])
    assert client.post(_url(first, "protokoll/edit/"), {"version": 0}).status_code == 302
    # One paragraph per point of the agenda: the information points share § 2; the confidential part follows.
    assert _paragraphs(first) == {
        "Godkännande av föredragningslistan": 1,
        "Medarbetarenkäten": 2,
        "Ekonomisk rapport": None,
        "Sekretessärende": 3,
    }
    assert client.post(_url(second, "protokoll/edit/"), {"version": 0}).status_code == 302
    assert _paragraphs(second) == {"Val av justerare": 4, "Övrigt": 5}
    # The earlier meeting cannot be renumbered once a later one has its paragraphs: they run through the year.
    _add(first, "standard", title="Sent ärende")
    response = client.post(_url(first, "protokoll/edit/"), {"version": 1}, follow=True)
    assert "redan numrerade paragrafer" in response.content.decode() or response.status_code == 422
    assert _paragraphs(first)["Sent ärende"] is None


def _decide(client, meeting: Meeting, item: AgendaItem, **data) -> None:
    item.refresh_from_db()
    response = client.post(_url(meeting, f"protokoll/items/{item.pk}/"), {"version": 0, "outcome": "approved", **data})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_justerat_protokoll_fastställer_the_report_and_is_frozen(client, org, users):
    case = _plan_case(org)
    meeting = _meeting(org)
    approve = _add(meeting, "standard", title="Godkännande av föredragningslistan")
    info = _add(meeting, "information", title="Ekonomisk rapport", presenter="Helén Trostemo")
    plan_item = _add(meeting, "case", case=case)
    client.force_login(users[Role.ADMIN])
    assert client.post(_url(meeting, "protokoll/edit/"), JUSTERING).status_code == 302
    _decide(client, meeting, approve)
    _decide(client, meeting, plan_item, proposal="Socialnämnden godkänner verksamhetsplanen.", reservations="V")
    # A paragraph without a decision stops the justering, with the paragraph named; nothing is frozen.
    response = client.post(_url(meeting, "protokoll/adjust/"), {"version": 1}, follow=True)
    assert "§ 2" in response.content.decode()
    assert Protokoll.objects.get(meeting=meeting).status == "draft"
    assert Report.objects.get(pk=case.report_id).status != Status.DECIDED
    _decide(client, meeting, info, outcome="noted")

    assert client.post(_url(meeting, "protokoll/adjust/"), {"version": 1}).status_code == 302
    minutes = Protokoll.objects.get(meeting=meeting)
    assert minutes.status == "adjusted" and minutes.adjusted_by == users[Role.ADMIN]
    stored = json.dumps(minutes.content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert minutes.content_sha256 == hashlib.sha256(stored.encode()).hexdigest()
    assert [p["number"] for p in minutes.content["paragraphs"]] == [1, 2, 3]

    # The decision of § 3 fastställer the plan: its snapshot carries the diarienummer and the paragraph.
    report = Report.objects.get(pk=case.report_id)
    assert report.status == Status.DECIDED and report.decided_on == date(2019, 4, 9)
    assert report.case_number == "SN-2019/149" and report.decided_by == "Socialnämnden 2019-04-09, § 3"
    assert report.snapshot.document_sha256
    assert "Fastställd av: Socialnämnden 2019-04-09, § 3" in _text(report.snapshot.pdf.read())
    case.refresh_from_db()
    assert case.status == "decided"
    page = client.get(f"/reports/report/{report.pk}/").content.decode()
    assert "Socialnämnden 2019-04-09, § 3" in page and "SN-2019/149" in page

    # Later changes are refused everywhere: the protokoll, a decision, the agenda.
    response = client.post(_url(meeting, "protokoll/edit/"), {**JUSTERING, "version": 2, "adjusters": "Ny"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.adjusters == "Jan-Olof Bodén (MP)"
    assert client.get(_url(meeting, f"protokoll/items/{plan_item.pk}/")).status_code == 404
    with pytest.raises(ValidationError):
        _add(meeting, "standard", title="Sent tillägg")
    response = client.post(
        _url(meeting, f"items/{approve.pk}/withdraw/"), {"version": approve.version + 1}, follow=True
    )
    assert AgendaItem.objects.get(pk=approve.pk).status == "on_agenda"
    with pytest.raises(ValidationError):
        protokoll.protokoll_adjust(actor=None, meeting=meeting, expected_version=None)


def test_the_page_shows_the_anslag_with_the_appeal_period_and_the_public_edition(client, org, users, swedish):
    meeting = _meeting(org)
    item = _add(meeting, "standard", title="Godkännande av föredragningslistan")
    secret = _add(meeting, "standard", title="Upphörande av vård enligt LVU", confidential=True)
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/edit/"), JUSTERING)
    _decide(client, meeting, item, decision="Föredragningslistan godkänns.")
    _decide(client, meeting, secret, decision="Vården upphör.")
    # Before justering the reader sees no protokoll at all.
    client.force_login(users[Role.READER])
    page = client.get(_url(meeting, "protokoll/")).content.decode()
    assert "Föredragningslistan godkänns" not in page
    assert client.get(_url(meeting, "protokoll.pdf")).status_code == 404
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/adjust/"), {"version": 1})

    client.force_login(users[Role.READER])
    page = client.get(_url(meeting, "protokoll/")).content.decode()
    assert "Föredragningslistan godkänns" in page and "Upphörande av vård" not in page
    # The anslag: posted 16 April, appeal until three weeks later (7 May), taken down the day after.
    assert "2019-04-16" in page and "2019-05-07" in page and "2019-05-08" in page
    text = _text(client.get(_url(meeting, "protokoll.pdf")).content)
    assert "§ 1 Godkännande av föredragningslistan" in text and "Upphörande av vård" not in text
    assert "2019-05-07" in text and "SAMMANTRÄDESPROTOKOLL" in text.upper()
    assert client.get(_url(meeting, "protokoll-komplett.pdf")).status_code == 403
    client.force_login(users[Role.WRITER])
    complete = client.get(_url(meeting, "protokoll-komplett.pdf")).content
    assert "Upphörande av vård" in _text(complete)


def test_the_protokoll_pdf_is_tagged_and_the_same_every_time(client, org, users):
    meeting = _meeting(org)
    item = _add(meeting, "standard", title="Godkännande av föredragningslistan")
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/edit/"), JUSTERING)
    _decide(client, meeting, item)
    client.post(_url(meeting, "protokoll/adjust/"), {"version": 1})
    response = client.get(_url(meeting, "protokoll.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(_url(meeting, "protokoll.pdf")).content == response.content
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True and str(root["/Lang"]).split("-")[0] == "sv"
    assert "<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data().decode()


def test_the_api_gives_decisions_of_justerade_protokoll_public_ones_to_readers(client, org, users):
    meeting = _meeting(org)
    item = _add(meeting, "standard", title="Godkännande av föredragningslistan")
    secret = _add(meeting, "standard", title="Sekretessärende", confidential=True)
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/edit/"), JUSTERING)
    _decide(client, meeting, item)
    _decide(client, meeting, secret)
    client.force_login(users[Role.READER])
    assert client.get("/api/v1/decisions/").json()["results"] == []  # a draft is not yet a decision
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/adjust/"), {"version": 1})
    client.force_login(users[Role.READER])
    rows = client.get("/api/v1/decisions/").json()["results"]
    assert [(r["type"], r["paragraph"], r["name"], r["result"], r["authoritative"]) for r in rows] == [
        ("Consultation", 1, "Godkännande av föredragningslistan", "approved", True)
    ]
    client.force_login(users[Role.WRITER])
    assert len(client.get("/api/v1/decisions/").json()["results"]) == 2


def test_non_executed_decisions_report_suppresses_small_counts(client, org, users):
    client.force_login(users[Role.WRITER])
    url = "/meetings/SN/2019/ej-verkstallda/"
    for quarter, women, men in ((1, 3, 9), (2, 8, 11), (3, 0, 12)):
        data = {"quarter": quarter, "area": "Individ- och familjeomsorgen", "women": women, "men": men}
        assert client.post(url, data).status_code == 302
    client.force_login(users[Role.READER])
    page = client.get(url).content.decode()
    rows = [
        [cell.strip() for cell in row.split("<td")[1:]]
        for row in page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    ]
    cells = [[c.split(">", 1)[1].split("<")[0] for c in row] for row in rows]
    # 3 women is a small count: "--"; the men are suppressed too, or the total would give the women away.
    assert cells[0] == ["1", "Individ- och familjeomsorgen", "--", "--", "12"]
    assert cells[1] == ["2", "Individ- och familjeomsorgen", "8", "11", "19"]
    assert cells[2] == ["3", "Individ- och familjeomsorgen", "0", "12", "12"]  # a zero discloses nobody
    # The reader cannot enter counts.
    assert client.post(url, {"quarter": 4, "area": "IFO", "women": 1, "men": 1}).status_code == 403


def test_delegation_decisions_reported_to_the_meeting_confidential_ones_for_the_entitled(client, org, users):
    meeting = _meeting(org)
    url = _url(meeting, "delegationsbeslut/")
    client.force_login(users[Role.WRITER])
    for subject, confidential in (
        ("Föreningsbidrag till brottsofferjouren", ""),
        ("Bistånd enligt 4 kap. 1 § SoL", "on"),
    ):
        data = {"decided_on": "2019-03-04", "delegate": "Enhetschef", "subject": subject, "confidential": confidential}
        assert client.post(url, data).status_code == 302
    response = client.post(url, {"decided_on": "2019-03-04", "delegate": "", "subject": "Utan delegat"})
    assert response.status_code == 422
    page = client.get(url).content.decode()
    assert "brottsofferjouren" in page and "4 kap. 1 § SoL" in page
    client.force_login(users[Role.READER])
    page = client.get(url).content.decode()
    assert "brottsofferjouren" in page and "4 kap. 1 § SoL" not in page


def test_the_archive_package_holds_the_documents_with_a_manifest_of_checksums(client, org, users):
    case = _plan_case(org)
    meeting = _meeting(org)
    item = _add(meeting, "case", case=case)
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/edit/"), JUSTERING)
    _decide(client, meeting, item)
    client.post(_url(meeting, "protokoll/adjust/"), {"version": 1})
    response = client.get(_url(meeting, "arkiv.zip"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("SN-2019-04-09/manifest.json"))
    assert manifest["meeting"]["committee"] == "Socialnämnden"
    assert manifest["protokoll"]["content_sha256"] == Protokoll.objects.get(meeting=meeting).content_sha256
    kinds = [f["kind"] for f in manifest["files"]]
    assert kinds[:2] == ["kallelse", "protokoll"] and "case_document" in kinds
    for entry in manifest["files"]:
        data = archive.read(f"SN-2019-04-09/{entry['path']}")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
    documents = [f for f in manifest["files"] if f["kind"] == "case_document"]
    assert documents[0]["case"] == "SN-2019/149" and documents[0]["paragraph"] == 1


def test_the_portal_lists_signed_kallelser_and_justerade_protokoll_for_anyone(client, org, users):
    from digipuff.core.portal import section_items

    meeting = _meeting(org)
    item = _add(meeting, "standard", title="Godkännande av föredragningslistan")
    _add(meeting, "standard", title="Upphörande av vård enligt LVU", confidential=True)
    found = dict(section_items(committee=org.sn, year=2019))
    urls = [i.url for items in found.values() for i in items]
    assert urls == [f"/meetings/oppet/{meeting.pk}/kallelse.pdf"]  # no protokoll before justering
    assert client.get(f"/meetings/oppet/{meeting.pk}/protokoll.pdf").status_code == 404
    text = _text(client.get(urls[0]).content)  # anonymous
    assert "Godkännande av föredragningslistan" in text and "LVU" not in text
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/edit/"), JUSTERING)
    _decide(client, meeting, item)
    protokoll.decision_save(
        actor=None,
        item=AgendaItem.objects.get(meeting=meeting, confidential=True),
        expected_version=None,
        outcome="approved",
    )
    client.post(_url(meeting, "protokoll/adjust/"), {"version": 1})
    client.logout()
    found = dict(section_items(committee=org.sn, year=2019))
    urls = [i.url for items in found.values() for i in items]
    assert f"/meetings/oppet/{meeting.pk}/protokoll.pdf" in urls
    text = _text(client.get(f"/meetings/oppet/{meeting.pk}/protokoll.pdf").content)
    assert "Godkännande av föredragningslistan" in text and "LVU" not in text


def test_pages_stay_within_their_queries(client, org, users, django_assert_max_num_queries):
    meeting = _meeting(org)
    for n in range(6):
        _add(meeting, "standard", title=f"Punkt {n}")
    client.force_login(users[Role.ADMIN])
    client.post(_url(meeting, "protokoll/edit/"), JUSTERING)
    with django_assert_max_num_queries(30):
        assert client.get(_url(meeting, "protokoll/")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/meetings/SN/2019/ej-verkstallda/").status_code == 200


@pytest.fixture
def swedish():
    from django.utils import translation

    with translation.override("sv"):
        yield


@pytest.fixture
def economy(org):
    from digipuff.economy import demo

    demo.load_committee(org.sn)
    return org.sn


def test_the_demo_protokoll_decides_the_plan_by_paragraph_3(org, economy):
    from digipuff.meetings import protokoll_demo
    from digipuff.portal import demo as portal_demo

    protokoll_demo.load()
    protokoll_demo.load()  # a second run changes nothing
    portal_demo.load()
    minutes = Protokoll.objects.get()
    assert minutes.status == "adjusted"
    plan = Report.objects.get(committee=org.sn, report_type=ReportType.PLAN, occasion__year__year=2019)
    assert plan.status == Status.DECIDED and plan.case_number == "SN-2019/149"
    assert plan.decided_by == "Socialnämnden 2019-04-09, § 3" and plan.decided_on == date(2019, 4, 9)
    third = next(p for p in minutes.content["paragraphs"] if p["number"] == 3)
    assert third["diarienummer"] == "SN-2019/149" and third["approves_report"]
