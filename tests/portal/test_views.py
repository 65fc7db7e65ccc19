"""The public portal as an anonymous citizen sees it: what is decided is there, nothing else is, anywhere."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from digipuff.indicators import services as indicator_services
from digipuff.indicators.services import ValueInput
from tests.portal.conftest import CONFIDENTIAL, DRAFT_TEXT, UNDECIDED_ANALYSIS, VON_DRAFT_TEXT

FORBIDDEN = (DRAFT_TEXT, VON_DRAFT_TEXT, UNDECIDED_ANALYSIS, CONFIDENTIAL, "Trygghet i äldreboende", "83,7", "83.7")


@pytest.fixture
def citizen() -> Client:
    return Client()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


def _everything(citizen: Client, public) -> dict[str, str]:
    """Every portal channel: pages, search, each data set as CSV and JSON, the decided report's PDF and Word."""
    decided = public.decided.pk
    pages = {
        "index": reverse("portal:index"),
        "committee": reverse("portal:committee", args=["SN", 2019]),
        "report": reverse("portal:report", args=[decided]),
        "satisfaction": reverse("portal:measure", args=[public.satisfaction.pk]),
        "placed": reverse("portal:measure", args=[public.placed.pk]),
        "data": reverse("portal:data"),
        "accessibility": reverse("portal:accessibility"),
    }
    for query in ("utkast", "Sekretess", "hemliga", "Trygghet", "Bedömning", "barn"):
        pages[f"search {query}"] = reverse("portal:search") + f"?q={query}"
    for name in ("mal", "matt", "varden", "ekonomi"):
        for fmt in ("csv", "json"):
            pages[f"{name}.{fmt}"] = reverse("portal:dataset", args=[name, fmt])
    found = {}
    for label, url in pages.items():
        response = citizen.get(url)
        assert response.status_code == 200, (label, response.status_code)
        found[label] = response.content.decode("utf-8")
    found["pdf"] = _pdf_text(citizen.get(reverse("portal:report_file", args=[decided, "pdf"])).content)
    found["docx"] = _docx_text(citizen.get(reverse("portal:report_file", args=[decided, "docx"])).content)
    return found


def test_a_citizen_reads_the_decided_report_its_goals_and_measures(citizen, public):
    index = citizen.get(reverse("portal:index")).content.decode()
    assert "Socialnämnden" in index and reverse("portal:committee", args=["SN", 2019]) in index
    assert "Vård- och omsorgsnämnden" not in index  # nothing of theirs is decided
    page = citizen.get(reverse("portal:committee", args=["SN", 2019])).content.decode()
    assert "Delårsrapport 1 2019" in page and "SN-2019/2" in page
    assert "Uppnås delvis" in page  # the assessment at Delår 1, which is decided
    assert "Brukarnöjdhet IFO" in page and reverse("portal:measure", args=[public.satisfaction.pk]) in page
    report = citizen.get(reverse("portal:report", args=[public.decided.pk])).content.decode()
    assert "Nämnden har fastställt delåret." in report and public.decided.snapshot.document_sha256 in report
    pdf = citizen.get(reverse("portal:report_file", args=[public.decided.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.content == public.decided.snapshot.pdf.open("rb").read()  # byte for byte what was decided
    docx = citizen.get(reverse("portal:report_file", args=[public.decided.pk, "docx"]))
    assert docx.content.startswith(b"PK") and "attachment" in docx["Content-Disposition"]
    measure = citizen.get(reverse("portal:measure", args=[public.satisfaction.pk])).content.decode()
    assert "79,2 %" in measure and "74,0 %" in measure


def test_no_draft_confidential_item_or_unreported_figure_appears_anywhere(citizen, public):
    for channel, text in _everything(citizen, public).items():
        for forbidden in FORBIDDEN:
            assert forbidden not in text, f"{forbidden!r} in {channel}"


def test_what_is_not_decided_is_not_found(citizen, public, users):
    admin = Client()
    admin.force_login(users["admin"])
    for client in (citizen, admin):  # the portal shows the same to everyone, signed in or not
        assert client.get(reverse("portal:report", args=[public.draft.pk])).status_code == 404
        assert client.get(reverse("portal:report_file", args=[public.draft.pk, "pdf"])).status_code == 404
        assert client.get(reverse("portal:report", args=[public.von_draft.pk])).status_code == 404
        assert client.get(reverse("portal:committee", args=["VON", 2019])).status_code == 404
        assert client.get(reverse("portal:measure", args=[public.von_measure.pk])).status_code == 404
    # The app's own pages stay closed to a citizen: the portal is the only public surface.
    response = citizen.get(reverse("reports:detail", args=[public.decided.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_small_counts_are_suppressed_in_every_channel(citizen, public):
    # 2018: 12 placed children, 3 girls and 9 boys: 3 is below the threshold (7), and 9 would reveal it.
    page = citizen.get(reverse("portal:measure", args=[public.placed.pk])).content.decode()
    row = page.split('<th scope="row" class="fw-normal">2018</th>', 1)[1].split("</tr>", 1)[0]
    assert row.count('<td class="num">--</td>') == 2 and '<td class="num">12</td>' in row
    assert '<td class="num">3</td>' not in row and '<td class="num">9</td>' not in row
    data = citizen.get(reverse("portal:dataset", args=["varden", "json"]), {"measure": public.placed.pk}).json()
    by_key = {(r["year"], r["group"]): r for r in data["results"]}
    assert by_key[(2018, "T")]["value"] == 12 and by_key[(2018, "T")]["suppressed"] is False
    for group in ("K", "M"):
        assert by_key[(2018, group)]["value"] is None and by_key[(2018, group)]["suppressed"] is True
        assert by_key[(2018, group)]["shown"] == "--"
    assert by_key[(2017, "K")]["value"] == 18  # 18 and 22 are no small counts
    csv_text = citizen.get(reverse("portal:dataset", args=["varden", "csv"]), {"measure": public.placed.pk})
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    girls = next(line for line in lines if ";2018;" in line and ";K;" in line)
    assert girls.split(";")[8:11] == ["", "ja", "--"]


def test_csv_is_what_swedish_excel_expects(citizen, public):
    response = citizen.get(reverse("portal:dataset", args=["varden", "csv"]), {"measure": public.satisfaction.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Mått-id;Mått;Nämndkod;Period;År;Månad;Grupp (kod);Grupp;Värde;Prickad;Visas som;Enhet;"
        "Rullande 12 månader;Källa;Källans id;Källhänvisning;Hämtad"
    )
    rows = [line.split(";") for line in lines[1:]]
    assert [(r[3], r[8], r[10]) for r in rows] == [("2017", "74,0", "74,0 %"), ("2018", "79,2", "79,2 %")]
    assert rows[0][15] == "Källa: Inmatat manuellt" or rows[0][15].startswith("Källa: ")
    economy = citizen.get(reverse("portal:dataset", args=["ekonomi", "csv"])).content.decode("utf-8-sig")
    assert economy.splitlines()[0].startswith("Rapport-id;Nämndkod;Nämnd;År;Tillfälle;Diarienummer;Fastställd")


def test_json_is_paged_with_stable_ids_and_a_licence(citizen, public):
    url = reverse("portal:dataset", args=["varden", "json"])
    first = citizen.get(url, {"limit": 2}).json()
    assert first["licence"] == "CC0 1.0" and first["count"] > 2 and len(first["results"]) == 2
    assert first["previous"] is None and "offset=2" in first["next"]
    second = citizen.get(first["next"]).json()
    assert second["results"][0] != first["results"][0] and second["previous"] is not None
    everything = citizen.get(url, {"limit": 10000}).json()["results"]
    assert everything[:2] == first["results"] and everything[2:4] == second["results"][:2]
    assert {r["measure_id"] for r in everything} == {public.satisfaction.pk, public.placed.pk}
    goals = citizen.get(reverse("portal:dataset", args=["mal", "json"])).json()["results"]
    adopted = next(g for g in goals if g["goal_id"] == public.goal.goal_id)
    assert adopted["assessment"] == "partly" and adopted["report_id"] == public.decided.pk
    bad = citizen.get(url, {"limit": "många"})
    assert bad.status_code == 400 and "heltal" in bad.json()["detail"]
    assert citizen.get(url, {"limit": 0}).status_code == 400
    assert citizen.get(reverse("portal:dataset", args=["hemligt", "csv"])).status_code == 404


def test_etags_answer_304_until_something_changes(citizen, public):
    url = reverse("portal:committee", args=["SN", 2019])
    first = citizen.get(url)
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "Cookie" in first["Vary"]
    again = citizen.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert citizen.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # proxies revalidate with HEAD too
    assert citizen.post(url).status_code == 405  # read-only
    indicator_services.measure_values_set(
        actor=None, measure=public.satisfaction, values=[ValueInput(year=2016, value=Decimal("70"))]
    )
    changed = citizen.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    report_url = reverse("portal:report_file", args=[public.decided.pk, "pdf"])
    report = citizen.get(report_url)
    assert "immutable" in report["Cache-Control"]
    page = citizen.get(reverse("portal:report", args=[public.decided.pk]))
    assert "immutable" not in page["Cache-Control"] and page["ETag"]
    assert citizen.get(report_url, HTTP_IF_NONE_MATCH=report["ETag"]).status_code == 304
    # Another language is another page.
    citizen.cookies["django_language"] = "en"
    assert citizen.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_the_language_switch_works_without_signing_in(citizen, public):
    assert "Nämndernas planer och resultat" in citizen.get(reverse("portal:index")).content.decode()
    response = citizen.get(reverse("portal:language", args=["en"]), {"next": reverse("portal:data")})
    assert response.status_code == 302 and response.url == reverse("portal:data")
    assert response.cookies["django_language"].value == "en"
    page = citizen.get(reverse("portal:index")).content.decode()
    assert '<html lang="en">' in page and "Plans and results of the committees" in page
    away = citizen.get(reverse("portal:language", args=["sv"]), {"next": "https://example.com/"})
    assert away.url == reverse("portal:index")  # never away from the portal
    assert citizen.get(reverse("portal:language", args=["de"])).status_code == 404


def test_the_accessibility_statement(citizen, org):
    page = citizen.get(reverse("portal:accessibility")).content.decode()
    assert "Tillgänglighetsredogörelse" in page and "lagen (2018:1937)" in page
    assert "Myndigheten för digital förvaltning (DIGG)" in page and "mailto:" in page


def test_search_finds_public_items_only(citizen, public):
    page = citizen.get(reverse("portal:search"), {"q": "Brukarnöjdhet"}).content.decode()
    assert reverse("portal:measure", args=[public.satisfaction.pk]) in page
    page = citizen.get(reverse("portal:search"), {"q": "Delårsrapport"}).content.decode()
    assert reverse("portal:report", args=[public.decided.pk]) in page
    assert reverse("portal:report", args=[public.draft.pk]) not in page
    assert reverse("portal:report", args=[public.von_draft.pk]) not in page


@pytest.mark.parametrize(
    ("name", "args", "most"),
    [
        ("portal:index", [], 4),
        ("portal:committee", ["SN", 2019], 20),
        ("portal:measure", "satisfaction", 16),
        ("portal:report", "decided", 4),
        ("portal:search", [], 8),
    ],
)
def test_queries_per_page_are_bounded(citizen, public, django_assert_max_num_queries, name, args, most):
    if args == "satisfaction":
        args = [public.satisfaction.pk]
    elif args == "decided":
        args = [public.decided.pk]
    with django_assert_max_num_queries(most):
        assert citizen.get(reverse(name, args=args), {"q": "barn"}).status_code == 200


def test_data_files_query_counts_do_not_grow_with_values(citizen, public, django_assert_max_num_queries):
    indicator_services.measure_values_set(
        actor=None,
        measure=public.satisfaction,
        values=[ValueInput(year=year, value=Decimal(60 + year % 10)) for year in range(2000, 2016)],
    )
    with django_assert_max_num_queries(12):
        response = citizen.get(reverse("portal:dataset", args=["varden", "json"]))
    assert json.loads(response.content)["count"] > 16


def test_a_kolada_measure_shows_its_source_and_the_comparison_over_the_years(citizen, public, org):
    from django.utils import timezone

    from digipuff.indicators.choices import Source
    from digipuff.indicators.models import ComparisonArea, ComparisonGroup, ComparisonValue
    from tests.factories import make_measure

    measure = make_measure(
        org.sn, goals=[public.goal], name="Nöjd med bemötandet", source=Source.KOLADA, source_id="U35544"
    )
    fetched = timezone.now().replace(year=2019, month=2, day=3)
    indicator_services.measure_values_set(
        actor=None,
        measure=measure,
        values=[ValueInput(year=2017, value=Decimal(71)), ValueInput(year=2018, value=Decimal(74))],
    )
    measure.values.update(fetched_at=fetched)
    areas = {code: ComparisonArea.objects.get_or_create(code=code, defaults={"name": name})[0]
             for code, name in [("0126", "Huddinge"), ("0136", "Haninge"), ("0123", "Järfälla")]}  # fmt: skip
    county = ComparisonGroup.objects.create(name="Stockholms län", is_county=True)
    county.members.set(areas.values())
    for year, values in {2017: (71, 69, 75), 2018: (74, 70, 72), 2019: (90, 90, 90)}.items():
        for area, value in zip(areas.values(), values, strict=True):
            ComparisonValue.objects.create(kpi="U35544", area=area, year=year, value=Decimal(value), fetched_at=fetched)
    page = citizen.get(reverse("portal:measure", args=[measure.pk])).content.decode()
    assert "Över åren, jämfört med Stockholms län" in page and "<svg" in page
    assert "Källa: Kolada (U35544)" in page and "hämtat 2019-02-03" in page
    comparison = page.split('id="trend-comparison-heading"', 1)[1]
    row_2018 = comparison.split('<th scope="row" class="fw-normal">2018</th><td class="num">74 %</td>', 1)
    assert len(row_2018) == 2 and row_2018[1].startswith('<td class="num">72 %</td>')  # (74 + 70 + 72) / 3
    assert "90 %" not in page  # 2019: not yet reported
    rows = citizen.get(reverse("portal:dataset", args=["varden", "json"]), {"measure": measure.pk}).json()["results"]
    assert {(r["year"], r["source_text"], r["fetched"]) for r in rows} == {
        (2017, "Källa: Kolada (U35544)", "2019-02-03"),
        (2018, "Källa: Kolada (U35544)", "2019-02-03"),
    }
