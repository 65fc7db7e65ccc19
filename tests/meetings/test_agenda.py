"""Meetings and their agenda through the pages, the API and the papers: ordering and numbering, moving with htmx,
postponing to a later meeting, withdrawing, the confidential part kept from those not entitled in every channel,
the kallelse compared with the seed's text, the Word edition and the handlingar with bookmarks."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from digipuff.core.choices import Role
from digipuff.meetings import meeting_services, services
from digipuff.meetings.demo_agenda import load_meeting
from digipuff.meetings.models import AgendaItem, Meeting
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType

SEED = Path(__file__).parent / "data" / "kallelse-socialnamnden-2019-04-09.txt"
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
        signed_on=datetime(2019, 3, 22).date(),
    )


def _add(meeting: Meeting, kind: str, **fields) -> AgendaItem:
    return meeting_services.agenda_item_add(actor=None, meeting=meeting, kind=kind, **fields)


def _url(meeting: Meeting, suffix: str = "") -> str:
    return f"/meetings/SN/2019/meetings/{meeting.pk}/{suffix}"


@pytest.fixture
def swedish():
    from django.utils import translation

    with translation.override("sv"):
        yield


@pytest.fixture
def agenda(org):
    meeting = _meeting(org)
    public_case = services.case_register(actor=None, committee=org.sn, year=2019, title="Reviderad verksamhetsplan")
    secret_case = services.case_register(actor=None, committee=org.sn, year=2019, title="Upphörande av vård (LVU)")
    items = {
        "approve": _add(meeting, "standard", title="Godkännande av föredragningslistan"),
        "info1": _add(
            meeting, "information", title="Medarbetarenkäten", presenter="Lisa Pollack", presenter_role="HR-chef"
        ),
        "info2": _add(meeting, "information", title="Ekonomisk rapport", presenter="Helén Trostemo"),
        "case": _add(meeting, "case", case=public_case),
        "secret": _add(meeting, "case", case=secret_case, confidential=True),
        "other": _add(meeting, "other_questions"),
        "tabled": _add(meeting, "tabled_questions", title="Bordlagda frågor", description="Fråga ett\nFråga två"),
    }
    return meeting, items, public_case, secret_case


def test_a_writer_plans_a_meeting_and_builds_its_agenda(client, org, users):
    client.force_login(users[Role.WRITER])
    response = client.post(
        "/meetings/SN/2019/meetings/new/",
        {"version": 0, "starts_at": "2019-04-09T18:00", "place": "Sessionssalen", "chair_name": "Eva"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == _url(meeting)
    assert timezone.localtime(meeting.starts_at).hour == 18 and meeting.year == 2019
    for kind, title in (("standard", "Val av justerare"), ("information", "Aktuellt"), ("other_questions", "")):
        added = client.post(_url(meeting, "items/new/"), {"version": 0, "kind": kind, "title": title})
        assert added.status_code == 302
    page = client.get(_url(meeting)).content.decode()
    assert page.index("Val av justerare") < page.index("Aktuellt") < page.index("Övriga frågor")
    unit_page = client.get("/org/SN/?year=2019").content.decode()
    assert "/meetings/SN/2019/meetings/" in unit_page and "Nämndens sammanträden med föredragningslista" in unit_page
    form = client.get(_url(meeting, "items/new/?kind=information")).content.decode()
    assert "Föredragandes roll" in form and 'id="id_case"' not in form and "Information" in form
    form = client.get(_url(meeting, "items/new/?kind=case")).content.decode()
    assert re.search(r'<label[^>]*for="id_case"[^>]*>\s*Ärende', form) and "Föredragandes roll" not in form
    listing = client.get("/meetings/SN/2019/meetings/").content.decode()
    assert "2019-04-09 18:00" in listing and "Sessionssalen" in listing
    missing = client.post(_url(meeting, "items/new/"), {"version": 0, "kind": "case"})
    assert missing.status_code == 422 and "Välj ärendet som punkten gäller." in missing.content.decode()
    stale = client.post(_url(meeting, "edit/"), {"version": 0, "starts_at": "2019-04-10T18:00", "place": "Annat"})
    assert stale.status_code == 409
    assert Meeting.objects.get().place == "Sessionssalen"


def test_the_agenda_numbers_groups_and_keeps_the_confidential_part_last(org, agenda):
    from digipuff.meetings.meeting_selectors import agenda as agenda_of

    meeting, items, public_case, _secret = agenda
    seen = agenda_of(meeting, confidential=True)
    assert [(e.number, e.heading) for e in seen.public] == [
        (1, "Godkännande av föredragningslistan"),
        (2, "Information"),
        (3, "Reviderad verksamhetsplan"),
        (4, "Övriga frågor"),
    ]
    assert [item.pk for item in seen.public[1].items] == [items["info1"].pk, items["info2"].pk]
    assert [item.pk for item in seen.public[3].items] == [items["other"].pk, items["tabled"].pk]
    assert seen.public[2].diarienummer == public_case.diarienummer
    assert [(e.number, e.items[0].pk) for e in seen.confidential] == [(5, items["secret"].pk)]
    assert not agenda_of(meeting, confidential=False).confidential


def test_items_move_up_and_down_with_htmx_and_a_stale_move_is_refused(client, org, users, agenda):
    meeting, items, *_ = agenda
    client.force_login(users[Role.WRITER])
    moved = client.post(
        _url(meeting, f"items/{items['case'].pk}/move/"),
        {"version": 1, "direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert moved.status_code == 200
    fragment = moved.content.decode()
    assert fragment.startswith('<section id="agenda"') and "flyttades" in fragment
    table = fragment[fragment.index("<table") :]
    assert table.index("Medarbetarenkäten") < table.index("Reviderad verksamhetsplan") < table.index("Ekonomisk")
    stale = client.post(_url(meeting, f"items/{items['case'].pk}/move/"), {"version": 1, "direction": "down"})
    assert stale.status_code == 302
    assert "Reviderad verksamhetsplan" in client.get(stale.url).content.decode()
    first = client.post(
        _url(meeting, f"items/{items['approve'].pk}/move/"), {"version": 1, "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert "står redan först på föredragningslistan" in first.content.decode()
    order = list(meeting.items.filter(confidential=False).order_by("position").values_list("title", flat=True))
    assert order[:4] == [
        "Godkännande av föredragningslistan",
        "Medarbetarenkäten",
        "Reviderad verksamhetsplan",
        "Ekonomisk rapport",
    ]
    # The confidential item moves within its own part only: it is alone there.
    alone = client.post(
        _url(meeting, f"items/{items['secret'].pk}/move/"), {"version": 1, "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert "står redan först" in alone.content.decode()


def test_an_item_is_postponed_to_a_later_meeting_and_withdrawn_items_leave_the_agenda(client, org, users, agenda):
    meeting, items, public_case, _secret = agenda
    earlier = _meeting(org, days=-30)
    later = _meeting(org, days=30)
    client.force_login(users[Role.WRITER])
    form = client.get(_url(meeting, f"items/{items['case'].pk}/postpone/")).content.decode()
    assert f'value="{later.pk}"' in form and f'value="{earlier.pk}"' not in form
    refused = client.post(
        _url(meeting, f"items/{items['case'].pk}/postpone/"), {"version": 1, "to_meeting": earlier.pk}
    )
    assert refused.status_code == 422
    done = client.post(_url(meeting, f"items/{items['case'].pk}/postpone/"), {"version": 1, "to_meeting": later.pk})
    assert done.status_code == 302
    items["case"].refresh_from_db()
    assert items["case"].status == "postponed" and items["case"].postponed_to == later
    continued = later.items.get()
    assert continued.case == public_case and continued.postponed_from == items["case"]
    later_page = client.get(_url(later)).content.decode()
    assert public_case.diarienummer in later_page and "bordlagd från 2019-04-09" in later_page
    page = client.get(_url(meeting)).content.decode()
    assert "Bordlagda och återtagna punkter" in page and "till sammanträdet" in page
    again = client.post(_url(meeting, f"items/{items['case'].pk}/postpone/"), {"version": 2, "to_meeting": later.pk})
    assert again.status_code == 422 and "finns inte längre på föredragningslistan" in again.content.decode()
    withdrawn = client.post(_url(meeting, f"items/{items['approve'].pk}/withdraw/"), {"version": 1})
    assert withdrawn.status_code == 302
    text = _text(client.get(_url(meeting, "kallelse.pdf")).content)
    assert "Godkännande av föredragningslistan" not in text and public_case.diarienummer not in text
    assert "1 Information" in text
    assert public_case.diarienummer in _text(client.get(_url(later, "kallelse.pdf")).content)


def test_confidential_items_are_absent_for_those_not_entitled_in_every_channel(client, org, users, agenda):
    meeting, items, public_case, secret_case = agenda
    secret = "Upphörande av vård (LVU)"
    for role in (Role.READER, Role.CONTROLLER):
        client.force_login(users[role])
        page = client.get(_url(meeting)).content.decode()
        assert secret not in page and "Sekretessärenden" not in page and "Reviderad verksamhetsplan" in page
        assert "kallelse-komplett" not in page
        assert secret not in _text(client.get(_url(meeting, "kallelse.pdf")).content)
        docx = zipfile.ZipFile(io.BytesIO(client.get(_url(meeting, "kallelse.docx")).content))
        assert secret not in docx.read("word/document.xml").decode()
        assert secret not in _text(client.get(_url(meeting, "handlingar.pdf")).content)
        assert client.get(_url(meeting, "kallelse-komplett.pdf")).status_code == 403
        assert client.get(_url(meeting, "handlingar-komplett.pdf")).status_code == 403
        api = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
        assert [i["name"] for i in api["agendaItem"]] == [
            "Godkännande av föredragningslistan",
            "Medarbetarenkäten",
            "Ekonomisk rapport",
            "Reviderad verksamhetsplan",
            "Övriga frågor",
            "Bordlagda frågor",
        ]
        assert client.get(f"/api/v1/agenda-items/{items['secret'].pk}/").status_code == 404
        assert items["secret"].pk not in {row["id"] for row in client.get("/api/v1/agenda-items/").json()["results"]}
        cases = {row["reference"] for row in client.get("/api/v1/cases/").json()["results"]}
        assert cases == {public_case.diarienummer}
        assert secret not in client.get("/meetings/SN/2019/cases/").content.decode()
        assert client.get(f"/meetings/SN/2019/cases/{secret_case.pk}/").status_code == 404
        assert secret_case.diarienummer not in client.get("/search/", {"q": "vård LVU"}).content.decode()
    client.force_login(users[Role.WRITER])
    page = client.get(_url(meeting)).content.decode()
    assert secret in page and "Sekretessärenden" in page
    assert secret_case.diarienummer in client.get("/search/", {"q": "vård LVU"}).content.decode()
    complete = _text(client.get(_url(meeting, "kallelse-komplett.pdf")).content)
    assert "Sekretessärenden Ärenden Diarienummer 5 Upphörande av vård (LVU)" in complete
    assert secret not in _text(client.get(_url(meeting, "kallelse.pdf")).content)
    api = client.get(f"/api/v1/agenda-items/{items['secret'].pk}/").json()
    assert (
        api["public"] is False and api["number"] == 5 and api["consultation"]["reference"] == secret_case.diarienummer
    )
    assert secret_case.diarienummer in {row["reference"] for row in client.get("/api/v1/cases/").json()["results"]}
    made_public = client.post(
        _url(meeting, f"items/{items['secret'].pk}/confidential/"), {"version": 1}, HTTP_HX_REQUEST="true"
    )
    assert "är nu en offentlig punkt" in made_public.content.decode()
    client.force_login(users[Role.READER])
    assert secret in _text(client.get(_url(meeting, "kallelse.pdf")).content)


def test_the_kallelse_reads_like_the_seed(client, org, users):
    load_meeting(org.sn)
    load_meeting(org.sn)  # the demo is idempotent
    meeting = Meeting.objects.get()
    assert meeting.items.count() == 22
    client.force_login(users[Role.WRITER])
    response = client.get(_url(meeting, "kallelse-komplett.pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    seed = " ".join(SEED.read_text().split())
    assert re.search(r"SOCIALNÄMNDEN KALLELSE SIDA 1 \(\d\)", text)
    fragments = [
        "Kallelse till socialnämnden",
        "Tid Tisdagen den 9 april 2019, klockan 18:00",
        "Plats Sessionssalen, Huddinge kommunalkontor, Kommunalvägen 28, Huddinge",
        "Ärenden Diarienummer",
        "1 Godkännande av föredragningslistan",
        "2 Information Resultat från medarbetarenkäten Lisa Pollack, HR-chef",
        "Aktuellt från individ- och familjeomsorgen Yvonne Kokkola, verksamhetschef",
        "Ekonomisk rapport Helén Trostemo, ekonomichef, och Anna Ganning Hallendorff, controller",
        "3 Reviderad verksamhetsplan 2019 för socialnämnden SN-2019/",
        "Reviderad upphandlingsplan för socialnämnden 2019 SN-2019/",
        "Underlag inför Mål och budget socialnämnden SN-2019/",
        "Förslag till rutin för anmälan av delegationsbeslut och meddelande till socialnämnden",
        "Förslag till revidering av HKF Regler för föreningsbidrag i Huddinge kommun",
        "Arkitekturstrategi - remissvar SN-2019/",
        "Detaljplan för Utsäljeskolan 2 m fl. Utbyggnad av skola, utökat förfarande - remissvar",
        "Övriga frågor Bordlagda frågor från socialnämndens möte den 20 februari 2019,",
        "Jan-Olof Bodéns (MP) fråga om en artikel i en rikstidning om en Huddingebo som riskerar att vräkas.",
        "Arne Tärnbloms (V) fråga om hur den styrande majoriteten",
        "Sekretessärenden",
        "14 Upphörande av umgängesbegränsning enligt 14",
        "Meddelande till socialnämnden SN-2019/",
        "Anmälan av delegationsbeslut till socialnämnden SN-2019/",
        "Huddinge den 22 mars 2019",
        "Eva Carlsson-Paulsén Ordförande Lars Axelsson Sekreterare",
    ]
    seed_at = ours_at = 0
    for fragment in fragments:
        assert fragment in seed[seed_at:], f"not in the seed after the previous fragment: {fragment}"
        assert fragment in text[ours_at:], f"not in the kallelse after the previous fragment: {fragment}"
        seed_at = seed.index(fragment, seed_at) + len(fragment)
        ours_at = text.index(fragment, ours_at) + len(fragment)
    assert "3 Reviderad verksamhetsplan 2019 för socialnämnden SN-2019/149" in text
    assert "4 Reviderad upphandlingsplan för socialnämnden 2019 SN-2019/150" in text
    assert "5 Underlag inför Mål och budget socialnämnden SN-2019/121" in text
    assert "13 Övriga frågor" in text and "19 Anmälan av delegationsbeslut" in text
    public = _text(client.get(_url(meeting, "kallelse.pdf")).content)
    assert "Sekretessärenden" not in public and "LVU" not in public and "13 Övriga frågor" in public
    assert "Eva Carlsson-Paulsén Ordförande" in public
    # Tagged PDF/UA: a structure tree, marked content, the document's language and title.
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "sv-SE"
    assert b"pdfuaid:part>1<" in root["/Metadata"].get_object().get_data().replace(b" ", b"")
    assert reader.metadata.title.startswith("Kallelse till socialnämnden")


def test_the_word_edition_has_the_same_agenda(client, org, users):
    load_meeting(org.sn)
    meeting = Meeting.objects.get()
    client.force_login(users[Role.WRITER])
    response = client.get(_url(meeting, "kallelse-komplett.docx"))
    assert response["Content-Disposition"].startswith("attachment; filename=")
    package = zipfile.ZipFile(io.BytesIO(response.content))
    body = re.sub(r"<[^>]+>", " ", package.read("word/document.xml").decode())
    body = " ".join(body.split())
    assert "Kallelse till socialnämnden" in body and "Tisdagen den 9 april 2019, klockan 18:00" in body
    assert body.index("Godkännande av föredragningslistan") < body.index("SN-2019/149") < body.index("Sekretessärenden")
    header = " ".join(re.sub(r"<[^>]+>", " ", package.read("word/header1.xml").decode()).split())
    assert header.startswith("SOCIALNÄMNDEN KALLELSE SIDA") and "PAGE" in header and "NUMPAGES" in header
    assert client.get(_url(meeting, "kallelse.odt")).status_code == 404


def test_the_handlingar_hold_the_kallelse_and_each_item_s_documents_with_bookmarks(client, org, users, agenda):
    meeting, _items, public_case, secret_case = agenda
    plan = reports.report_create(actor=None, committee=org.sn, report_type=ReportType.PLAN, year=2019)
    for case in (public_case, secret_case):
        services.case_update(
            actor=None, case=case, expected_version=None, title=case.title, officer=None, officer_name="", report=plan
        )
    client.force_login(users[Role.WRITER])

    def outline(pdf: bytes) -> tuple[list, int]:
        reader = PdfReader(io.BytesIO(pdf))

        def titles(entries):
            return [titles(entry) if isinstance(entry, list) else entry.title for entry in entries]

        return titles(reader.outline), len(reader.pages)

    kallelse_pages = len(PdfReader(io.BytesIO(client.get(_url(meeting, "kallelse.pdf")).content)).pages)
    public, pages = outline(client.get(_url(meeting, "handlingar.pdf")).content)
    appendix = f"Bilaga: {plan.title}"
    assert public == [
        "Kallelse till socialnämnden",
        f"3 Reviderad verksamhetsplan ({public_case.diarienummer})",
        [appendix],
    ]
    assert pages > kallelse_pages
    complete, complete_pages = outline(client.get(_url(meeting, "handlingar-komplett.pdf")).content)
    assert complete == [*public, f"5 Upphörande av vård (LVU) ({secret_case.diarienummer})", [appendix]]
    assert complete_pages > pages


@pytest.mark.usefixtures("swedish")
def test_bad_agenda_input_is_refused_in_swedish(org, agenda):
    from django.core.exceptions import ValidationError

    meeting, items, _public_case, _secret = agenda
    von_case = services.case_register(actor=None, committee=org.von, year=2019, title="VON-ärende")
    with pytest.raises(ValidationError, match="hör till en annan nämnd"):
        _add(meeting, "case", case=von_case)
    with pytest.raises(ValidationError, match="Ge punkten en rubrik"):
        _add(meeting, "standard", title="  ")
    other = meeting_services.meeting_create(
        actor=None, committee=org.von, starts_at=START + timedelta(days=3), place="Annat"
    )
    with pytest.raises(ValidationError, match="Sammanträdet hör till en annan nämnd"):
        meeting_services.agenda_item_postpone(actor=None, item=items["case"], expected_version=1, to_meeting=other)
    with pytest.raises(ValidationError):
        meeting_services.meeting_create(actor=None, committee=org.sof, starts_at=START, place="X")


def test_the_meeting_pages_answer_in_a_bounded_number_of_queries(client, org, users, django_assert_max_num_queries):
    load_meeting(org.sn)
    meeting = Meeting.objects.get()
    client.force_login(users[Role.WRITER])
    with django_assert_max_num_queries(25):
        page = client.get(_url(meeting))
    assert page.status_code == 200 and page.content.decode().count('<tr id="item-') == 22
    with django_assert_max_num_queries(15):
        assert client.get("/meetings/SN/2019/meetings/").status_code == 200
    with django_assert_max_num_queries(15):
        assert len(client.get(f"/api/v1/meetings/{meeting.pk}/").json()["agendaItem"]) == 22


def test_two_people_editing_the_same_item_do_not_overwrite_each_other(client, org, users, agenda):
    meeting, items, *_ = agenda
    url = _url(meeting, f"items/{items['approve'].pk}/edit/")
    client.force_login(users[Role.WRITER])
    assert client.post(url, {"version": 1, "title": "Val av justerare"}).status_code == 302
    client.force_login(users[Role.APPROVER])
    stale = client.post(url, {"version": 1, "title": "Godkännande"})
    writer = users[Role.WRITER].get_full_name()
    assert stale.status_code == 409 and f"{writer} sparade en nyare version" in stale.content.decode()
    assert 'value="Godkännande"' in stale.content.decode()
    items["approve"].refresh_from_db()
    assert items["approve"].title == "Val av justerare"
