"""A first draft from the data ("Föreslå text ur data"): the demo's sickness-absence goal, footnotes, suppression,
repeatability, and the economy section's forecast analysis."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from digipuff.indicators import services as indicator_services
from digipuff.indicators.choices import MEN, TOTAL, WOMEN, Breakdown, ValueUnit
from digipuff.indicators.models import Measure
from digipuff.indicators.services import ValueInput
from digipuff.reports import services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import ReportText
from tests.factories import make_measure

NOTE = re.compile(r'<sup class="fn" data-note="([^"]+)"></sup>')


@pytest.fixture
def demo_report(db):
    from digipuff.goals import demo as goals_demo
    from digipuff.indicators import demo as indicators_demo
    from digipuff.organisation import demo as org_demo

    org_demo.load()
    goals_demo.load()
    indicators_demo.load()
    from digipuff.organisation.models import OrgUnit

    return services.report_create(
        actor=None, committee=OrgUnit.objects.get(code="SN"), report_type=ReportType.INTERIM_1, year=2019
    )


def _draft(client, text) -> str:
    response = client.get(reverse("reports:text_draft", kwargs={"pk": text.pk}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def _sentences(html: str) -> list[tuple[str, str]]:
    """(sentence, its footnote) pairs of the proposal."""
    proposal = html.split('<div class="draft-proposal" hidden>', 1)[1]
    pairs = []
    for chunk in re.split(r"</p>\s*<p>|<p>|</p>", proposal):
        for match in re.finditer(r"\s*([^<]+?)" + NOTE.pattern, chunk):
            pairs.append((match.group(1).strip(), match.group(2)))
    return pairs


def test_the_sickness_absence_goal_is_drafted_from_its_figures(client, demo_report, django_assert_max_num_queries):
    text = ReportText.objects.get(report=demo_report, title="Goda förutsättningar")
    client.force_login(get_user_model().objects.get(username="skribent"))
    page = client.get(reverse("reports:text", kwargs={"pk": text.pk})).content.decode()
    assert "Föreslå text ur data" in page
    html = _draft(client, text)
    sentences = dict(_sentences(html))
    total = "Sjukfrånvaro (total), r12, var 5,7 % i februari 2019."
    assert "Personalsystemet" in sentences[total] and "februari 2019" in sentences[total]
    assert "Etappmålet för 2019, Behåll 5,3 %, nås inte." in sentences
    trend = "Trenden är negativ: värdet var 5,3 % i februari 2018."
    assert "februari 2018" in sentences[trend]
    sexes = "För kvinnor var värdet 5,7 % och för män 5,2 %."
    assert "kvinnor och män" in sentences[sexes]
    # Every sentence of the proposal has its footnote; nothing is stored by asking for it.
    proposal = html.split('<div class="draft-proposal" hidden>', 1)[1]
    assert proposal.count("<sup") == len(NOTE.findall(proposal)) >= 10
    text.refresh_from_db()
    assert text.body == "" and text.version == 1
    # The section's own text gets an overview of the targets met per goal.
    overview = ReportText.objects.get(report=demo_report, section__kind="goals_results", key="section")
    assert "Goda förutsättningar: 1 av 3 mått med etappmål som kan bedömas når etappmålet." in dict(
        _sentences(_draft(client, overview))
    )
    # Repeatable: the same figures give the same text; read in a bounded number of queries.
    with django_assert_max_num_queries(20):
        assert _draft(client, text) == html


def test_the_draft_changes_when_a_value_changes(client, demo_report):
    text = ReportText.objects.get(report=demo_report, title="Goda förutsättningar")
    client.force_login(get_user_model().objects.get(username="skribent"))
    before = _draft(client, text)
    measure = Measure.objects.get(name="Sjukfrånvaro (total)")
    february = measure.values.get(year=2019, month=2, group=WOMEN)
    indicator_services.measure_values_set(
        actor=None,
        measure=measure,
        values=[
            ValueInput(
                year=2019, month=2, group=WOMEN, numerator=february.numerator + 5000, denominator=february.denominator
            )
        ],
    )
    after = _draft(client, text)
    assert after != before
    assert "Sjukfrånvaro (total), r12, var 6,3 % i februari 2019." in dict(_sentences(after))
    assert "Sjukfrånvaro (total), r12, var 5,7 %" not in after


def test_a_suppressed_figure_is_never_stated(client, report, users):
    goal = report.texts.exclude(key="section").first()
    measure = make_measure(
        report.committee,
        goals=[goal_of(goal)],
        name="Antal placerade barn",
        unit=ValueUnit.COUNT,
        is_count=True,
        breakdown=Breakdown.GENDER,
    )
    indicator_services.measure_values_set(
        actor=None,
        measure=measure,
        values=[
            ValueInput(year=2018, group=TOTAL, value=Decimal("26")),
            ValueInput(year=2018, group=WOMEN, value=Decimal("23")),
            ValueInput(year=2018, group=MEN, value=Decimal("3")),
        ],
    )
    client.force_login(users["writer"])
    sentences = dict(_sentences(_draft(client, goal)))
    assert "Antal placerade barn var 26 år 2018." in sentences
    hidden = "Värdena för kvinnor och män visas inte eftersom de gäller för få personer."
    assert sentences[hidden] == "Antal placerade barn, kvinnor och män, 2018. Källa: Manuellt."
    stated = " ".join(f"{s} {n}" for s, n in sentences.items())
    assert "23" not in stated and " 3 " not in stated


def goal_of(text):
    from digipuff.goals.models import CommitteeGoal

    return CommitteeGoal.objects.get(goal_id=int(text.key.split(":")[1]), committee=text.report.committee)


def test_no_proposal_without_figures_and_only_for_writers(client, report, users, summary_text):
    client.force_login(users["writer"])
    page = client.get(reverse("reports:text", kwargs={"pk": summary_text.pk})).content.decode()
    assert "Föreslå text ur data" not in page  # the summary's section proposes nothing: no button
    goals_text = report.texts.get(section__kind="goals_results", key="section")
    response = client.get(reverse("reports:text_draft", kwargs={"pk": goals_text.pk}))
    assert response.status_code == 200 and "Ingen text kunde föreslås" in response.content.decode()
    client.force_login(users["reader"])
    assert client.get(reverse("reports:text_draft", kwargs={"pk": goals_text.pk})).status_code == 403
    client.force_login(users["nobody"])
    assert client.get(reverse("reports:text_draft", kwargs={"pk": goals_text.pk})).status_code == 404


def test_the_economy_section_is_drafted_from_the_forecast(client, db):
    from digipuff.economy import demo as economy_demo
    from digipuff.organisation import demo as org_demo
    from digipuff.organisation.models import OrgUnit

    org_demo.load()
    economy_demo.load_committee(OrgUnit.objects.get(code="SN"))
    report = services.report_create(
        actor=None, committee=OrgUnit.objects.get(code="SN"), report_type=ReportType.INTERIM_1, year=2019
    )
    text = report.texts.get(section__kind="economy:by_area", key="section")
    client.force_login(get_user_model().objects.get(username="controller"))
    sentences = dict(_sentences(_draft(client, text)))
    first = "Prognosen för året visar ett underskott på 4,9 mnkr mot budgeten på 418,0 mnkr."
    assert "Driftredovisning per verksamhet" in sentences[first]
    largest = [s for s in sentences if s.startswith("De största bidragen till avvikelsen")]
    assert largest and "Vård och behandling (ett underskott på 3,5 mnkr)" in largest[0]
