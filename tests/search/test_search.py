"""The search page through its public surface (/search/): permissions, Swedish inflections and compounds, synonyms,
the Kolada catalogue, filters, paging and bad input. Runs on SQLite and PostgreSQL alike (the suite runs on both);
the PostgreSQL-only part (full-text ranking) is marked."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from digipuff.activities import services as activities
from digipuff.integrations.kolada.models import KpiMetadata
from digipuff.internal_control import services as internal_control
from digipuff.meetings import services as meetings
from digipuff.organisation.choices import Role
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType
from tests.factories import UserFactory, grant, make_committee_goal, make_measure

URL = reverse("search:search")
SN_TEXT = (
    "<p>Behovet av platser på <strong>äldreboende</strong> ökar; nämnden utreder fler platser &amp; "
    "korttidsplatser.</p>"
)


@pytest.fixture
def world(org, users):
    """SN's unpublished Delår 1 text about äldreboende, a VON activity about särskilt boende, a Kolada KPI whose
    definition speaks of särskilt boende, a risk, a case, a goal and a measure."""
    report = reports.report_create(actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)
    text = report.texts.get(section__title="Sammanfattning", key="section")
    reports.text_save(actor=users["writer"], text=text, body=SN_TEXT, expected_version=text.version)
    activity = activities.activity_create(
        actor=None,
        committee=org.von,
        year=2019,
        title="Fler platser i särskilt boende för äldre",
        description="Nya platser öppnas i Flemingsbergs vård- och omsorgsboende.",
    )
    kpi = KpiMetadata.objects.create(
        id="U23471",
        title="Brukarbedömning helhetssyn, andel (%)",
        description="Andel brukare i särskilt boende som sammantaget är nöjda med sitt boende.",
        operating_area="Äldreomsorg",
        fetched_at=timezone.now(),
    )
    risk = internal_control.risk_create(
        actor=None,
        committee=org.sn,
        year=2019,
        owner_unit=org.sn,
        title="Handläggningen av ekonomiskt bistånd drar ut på tiden",
        process="Myndighetsutövning",
        probability=3,
        consequence=3,
    )
    case = meetings.case_register(
        actor=None, committee=org.sn, year=2019, title="Delårsrapport 1 2019 för socialnämnden"
    )
    goal = make_committee_goal(org.sn, "Barn och unga växer upp under trygga förhållanden")
    measure = make_measure(org.sn, goals=[goal], name="Andel placerade barn i familjehem", description="Placeringar.")
    von_writer = UserFactory(username="von_writer")
    grant(von_writer, org.von, Role.WRITER)
    return {
        "text": text,
        "activity": activity,
        "kpi": kpi,
        "risk": risk,
        "case": case,
        "goal": goal,
        "measure": measure,
        "von_writer": von_writer,
    }


def search(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def kinds(response) -> dict[str, int]:
    """The kinds shown, with their counts."""
    html = response.content.decode()
    found = re.findall(r'<h3 id="kind-([\w]+)" class="h5">.*?<span class="badge[^"]*">(\d+)\+?</span>', html)
    return {kind: int(count) for kind, count in found}


def test_a_writer_of_another_committee_never_finds_its_unpublished_texts(client, world, users):
    """VON's writer finds nothing of SN's texts, under any word of them; SN's writer finds the text."""
    for words in ("äldreboende", "korttidsplatser", "Sammanfattning", "behovet platser"):
        response = search(client, world["von_writer"], q=words)
        assert response.status_code == 200
        assert "report_texts" not in kinds(response), words
        assert reverse("reports:text", kwargs={"pk": world["text"].pk}) not in response.content.decode()
        assert "nämnden utreder" not in response.content.decode()
    response = search(client, users["writer"], q="äldreboende")
    assert kinds(response)["report_texts"] == 1
    assert reverse("reports:text", kwargs={"pk": world["text"].pk}) in response.content.decode()


def test_what_the_policy_hides_is_not_found_in_any_kind(client, world, users):
    """SN's risk, case, goal and measure are found by SN's reader and by nobody outside SN; the public catalogue is
    found by every signed-in user."""
    queries = {"risks": "bistånd", "cases": "delårsrapport", "goals": "trygga", "measures": "familjehem"}
    for kind, words in queries.items():
        assert kinds(search(client, users["reader"], q=words)).get(kind) == 1, kind
        assert kind not in kinds(search(client, world["von_writer"], q=words)), kind
        assert kind not in kinds(search(client, users["nobody"], q=words)), kind
    assert kinds(search(client, users["nobody"], q="brukarbedömning")) == {"kolada": 1}


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(URL, {"q": "boende"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("words", ["äldreboende", "äldreboendet", "äldreboenden", "boenden", "boendet", "boende"])
def test_inflections_and_compounds_find_sarskilt_boende(client, world, users, words):
    """An inflected form, a compound's part, or a synonym ("äldreboende" is "särskilt boende") finds the VON
    activity, the Kolada KPI by its definition, and (as SN's writer) SN's text about äldreboende."""
    found = kinds(search(client, users["council_admin"], q=words))
    assert found.get("activities") == 1, found
    assert found.get("kolada") == 1, found
    assert found.get("report_texts") == 1, found


def test_the_kolada_catalogue_is_found_by_a_definition_and_a_synonym(client, world, users):
    response = search(client, users["reader"], q="äldreboendena")
    assert kinds(response).get("kolada") == 1
    assert reverse("kolada:kpi", kwargs={"kpi_id": "U23471"}) in response.content.decode()
    # A word only in its definition, inflected.
    assert kinds(search(client, users["reader"], q="nöjd")).get("kolada") == 1
    # A KPI Kolada no longer lists is left out.
    KpiMetadata.objects.filter(pk="U23471").update(disappeared_at=timezone.now())
    assert "kolada" not in kinds(search(client, users["reader"], q="äldreboende"))


def test_every_word_must_be_found(client, world, users):
    assert kinds(search(client, users["council_admin"], q="särskilt boende Flemingsberg")) == {"activities": 1}
    response = search(client, users["council_admin"], q="särskilt boende Stockholm")
    assert kinds(response) == {}
    assert "Inga träffar för ”särskilt boende Stockholm”." in response.content.decode()


def test_snippets_and_titles_are_escaped_and_marked(client, world, users, org):
    activities.activity_create(
        actor=None, committee=org.von, year=2019, title="<script>alert('boende')</script>", description="<b>x</b>"
    )
    html = search(client, users["council_admin"], q="boende").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>boende</mark>&#x27;)&lt;/script&gt;" in html
    # The rich text of a report is shown as text: its tags are gone, its entities read.
    assert re.search(r"platser &amp; korttidsplatser", html)
    assert "&lt;strong&gt;" not in html and "&amp;amp;" not in html
    assert "<mark>äldreboende</mark>" in html or "<mark>boende</mark>" in html


def test_filters_by_year_committee_and_kind(client, world, users, org):
    activities.activity_create(actor=None, committee=org.sn, year=2020, title="Boendestöd i egen lägenhet")
    admin = users["council_admin"]
    assert kinds(search(client, admin, q="boende"))["activities"] == 2
    assert kinds(search(client, admin, q="boende", year=2020)) == {"activities": 1}
    found = kinds(search(client, admin, q="boende", committee="VON"))
    assert found == {"activities": 1}, found  # the catalogue and SN's text are no committee's VON
    assert kinds(search(client, admin, q="boende", kind="kolada")) == {"kolada": 1}
    response = search(client, admin, q="boende", kind="nothing")
    assert response.status_code == 400


def test_a_kind_is_paged_and_the_overview_links_to_it(client, org, users):
    for n in range(27):
        activities.activity_create(actor=None, committee=org.sn, year=2019, title=f"Hemtjänst insats {n}")
    admin = users["council_admin"]
    response = search(client, admin, q="hemtjänsten")
    html = response.content.decode()
    assert kinds(response) == {"activities": 27}
    assert html.count('class="search-hit') == 5
    assert "Visa alla 27 träffar bland Aktiviteter" in html
    page = search(client, admin, q="hemtjänsten", kind="activities", page=2).content.decode()
    assert page.count('class="search-hit') == 7
    assert 'aria-current="page"' in page


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("x" * 201, "Sökningen är för lång: högst 200 tecken."),
        ("och i att", "Skriv ett eller flera ord att söka efter."),
        ("'); -- <>&|!:*", "Skriv ett eller flera ord att söka efter."),
        ("en två tre fyra fem sex sju åtta nio tio", "Sökningen har för många ord: högst 8."),
    ],
)
def test_a_query_that_cannot_be_searched_is_a_clear_400(client, world, users, words, message):
    response = search(client, users["reader"], q=words)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("words", ["boende:* | !x", "boende & (", "'boende\\", "%boende_%", "(boende) <-> !"])
def test_query_syntax_is_only_words(client, world, users, words):
    """Characters that mean something to tsquery, LIKE or SQL are not syntax: the words in between are searched."""
    response = search(client, users["council_admin"], q=words)
    assert response.status_code == 200 and kinds(response).get("activities") == 1


def test_a_null_character_is_refused(client, world, users):
    assert search(client, users["council_admin"], q="\x00boende").status_code == 400


def test_an_empty_search_shows_the_form(client, world, users):
    response = search(client, users["reader"])
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()
    assert search(client, users["reader"], q="  ").status_code == 200


def test_the_top_bar_has_the_search_form(client, users):
    client.force_login(users["reader"])
    html = client.get(reverse("core:start")).content.decode()
    assert f'action="{URL}" role="search"' in html
    assert '<label for="nav-search"' in html


def test_queries_are_bounded(client, world, users, org, django_assert_max_num_queries):
    for n in range(30):
        activities.activity_create(actor=None, committee=org.von, year=2019, title=f"Boende {n}")
    client.force_login(users["council_admin"])
    client.get(URL, {"q": "boende"})  # the session's first request
    with django_assert_max_num_queries(16):
        response = client.get(URL, {"q": "boende"})
    assert kinds(response)["activities"] == 31


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text ranking is PostgreSQL's")
def test_postgresql_ranks_a_word_in_the_title_first(client, org, users):
    activities.activity_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Kompetensutveckling",
        description="Medarbetarna i hemtjänsten får utbildning. " + "Annat arbete pågår. " * 40,
    )
    activities.activity_create(actor=None, committee=org.sn, year=2019, title="Hemtjänst i Flemingsberg")
    html = search(client, users["council_admin"], q="hemtjänst").content.decode()
    first, second = html.index("Flemingsberg</a>"), html.index("Kompetensutveckling</a>")
    assert first < second
    assert "<mark>hemtjänsten</mark>" in html


def test_stop_words_are_left_out_and_phrases_read_word_by_word(client, world, users):
    """ "där" is one of PostgreSQL's Swedish stop words but not ours: it is searched for and found nowhere, without
    an error; "och" is left out, so "vård och omsorgsboende" is the synonym "vård- och omsorgsboende" of
    äldreboende; a synonym written as a phrase ("särskilda boendeformer") finds the single word "äldreboende"."""
    admin = users["council_admin"]
    assert search(client, admin, q="där boende").status_code == 200
    assert kinds(search(client, admin, q="vård och omsorgsboende")) == {"activities": 1, "kolada": 1, "report_texts": 1}
    assert kinds(search(client, admin, q="särskilda boendeformer")).get("report_texts") == 1
