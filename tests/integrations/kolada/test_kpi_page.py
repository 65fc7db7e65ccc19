"""The KPI page in both directions: the values stored from the sync, the measures using the KPI, a new measure."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from digipuff.core.formatting import format_number
from digipuff.indicators.choices import Source
from digipuff.indicators.computations import average
from digipuff.indicators.models import ComparisonArea, ComparisonGroup, ComparisonValue, Measure
from digipuff.integrations.kolada.models import KpiMetadata

from .test_sync import Transport, make_measure, run


def page(client, user, kpi: str = "U23471") -> str:
    client.force_login(user)
    response = client.get(f"/kolada/kpi/{kpi}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def row(text: str, year: int) -> list[str]:
    """The cells of the year's row in the values table."""
    match = re.search(rf"<th scope=\"row\">{year}</th>(.*?)</tr>", text, re.S)
    assert match, f"no row for {year}"
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


@pytest.fixture
def synced(org):
    measures = {
        "old_age": make_measure(org.von, "U23471", "Andel brukare nöjda med äldreboendet"),
        "home_care": make_measure(org.von, "U21468", "Andel brukare nöjda med hemtjänsten"),
        "daily": make_measure(org.von, "U28532", "Brukarbedömning daglig verksamhet LSS"),
        "abuse": make_measure(org.sn, "U35544", "Brukarbedömning missbruksvård IFO"),
    }
    assert run(Transport()).ok
    group = ComparisonGroup.objects.create(name="Jämförelsekommuner", committee=org.von)
    group.members.set(ComparisonArea.objects.filter(code__in=["0136", "0180"]))
    measures["old_age"].comparison_group = group
    measures["old_age"].save()
    return measures


@pytest.mark.django_db
def test_values_of_the_municipality_the_county_and_the_comparison_group(client, users, synced) -> None:
    text = page(client, users["council_reader"])
    assert (
        "Huddinge kommun" in text and "Stockholms län, genomsnitt" in text and "Jämförelsekommuner, genomsnitt" in text
    )
    stored = {
        (v.area.code, v.year): v.value
        for v in ComparisonValue.objects.filter(kpi="U23471", group="T", area__code__in=["0136", "0180"])
    }
    group_2018 = format_number(average([stored.get(("0136", 2018)), stored.get(("0180", 2018))]))
    # Huddinge 82 (women 81, men 85), the county's average 79 (as the seeds), and the group's own average.
    assert row(text, 2018) == ["82", "81", "85", "79", group_2018]
    assert [y for y in (2016, 2017, 2018) if f'<th scope="row">{y}</th>' in text] == [2016, 2017, 2018]
    assert "Källa: Kolada" in text and "Data per " in text
    assert "<svg" in text  # the chart beside the table


@pytest.mark.django_db
def test_lists_only_the_measures_the_user_may_see(client, users, synced, org) -> None:
    own = Measure.objects.create(
        owner=org.sn, name="Socialnämndens nöjdhet", source=Source.KOLADA, source_id="U23471",
        direction="higher", periodicity="year",
    )  # fmt: skip
    reader = page(client, users["council_reader"])
    assert f'href="{reverse("indicators:measure", args=[synced["old_age"].pk])}"' in reader
    assert "Andel brukare nöjda med äldreboendet" in reader and "Socialnämndens nöjdhet" in reader

    sn_reader = page(client, users["reader"])
    assert "Socialnämndens nöjdhet" in sn_reader
    assert "Andel brukare nöjda med äldreboendet" not in sn_reader  # the other committee's measure is not disclosed
    assert f'href="{reverse("indicators:measure", args=[own.pk])}"' in sn_reader

    nobody = page(client, users["nobody"])
    assert "Socialnämndens nöjdhet" not in nobody
    assert "Inget mått som du kan se använder nyckeltalet." in nobody


@pytest.mark.django_db
def test_create_a_measure_from_the_kpi_for_a_committee_the_user_administers(client, users, synced, org) -> None:
    reader = page(client, users["reader"])
    assert "Skapa mått från nyckeltalet" not in reader  # a reader cannot define measures

    admin = page(client, users["admin"])
    links = re.findall(r'href="(/[^"]*measures/new/\?[^"]*)"', admin)
    assert len(links) == 1 and "/SN/" in links[0]  # only Socialnämnden, which the user administers
    query = parse_qs(urlsplit(links[0]).query)
    kpi = KpiMetadata.objects.get(pk="U23471")
    assert query["source"] == [Source.KOLADA] and query["source_id"] == ["U23471"] and query["name"] == [kpi.title]
    form = html.unescape(client.get(links[0]).content.decode())
    assert f'value="{kpi.title}"' in form and 'value="U23471"' in form
    assert re.search(r'<option value="kolada" selected>', form)

    council = page(client, users["council_admin"])
    targets = re.findall(r'href="(/[^"]*measures/new/\?[^"]*)"', council)
    assert {urlsplit(t).path.split("/")[2] for t in targets} == {"SN", "VON"}
    assert "Skapa mått för Socialnämnden" in council


@pytest.mark.django_db
def test_a_kpi_without_values_says_so(client, users, synced) -> None:
    ComparisonValue.objects.filter(kpi="U23471").delete()
    text = page(client, users["council_reader"])
    assert "Inga värden för nyckeltalet har hämtats från Kolada ännu." in text
    assert "<table" not in text


@pytest.mark.django_db
def test_small_counts_are_suppressed_when_the_kpi_counts_people(client, users, synced) -> None:
    Measure.objects.filter(pk=synced["old_age"].pk).update(is_count=True)
    own = ComparisonArea.objects.get(code="0126")
    ComparisonValue.objects.filter(kpi="U23471", area=own, year=2018, group="K").update(value=Decimal("2"))
    text = page(client, users["council_reader"])
    cells = row(text, 2018)
    assert cells[1] == "--"  # two women: too few to show
    assert cells[2] == "--"  # and the men, so that the women cannot be worked out from the total
    assert "Värden som bygger på för få personer visas inte (--)." in text


@pytest.mark.django_db
def test_queries_are_bounded(client, users, synced, django_assert_max_num_queries) -> None:
    client.force_login(users["council_admin"])
    with django_assert_max_num_queries(25):
        assert client.get("/kolada/kpi/U23471/").status_code == 200
