"""Who sees raw figures: only those who may edit the measure's values get numerators, denominators and counts from
the API; pages and charts publish the same suppressed figures to everyone, and say which points they leave out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from digipuff.indicators import services
from digipuff.indicators.choices import MEN, TOTAL, WOMEN, Breakdown
from digipuff.indicators.services import ValueInput
from digipuff.organisation.choices import Role
from tests.factories import make_measure

D = Decimal


@pytest.fixture
def placed(org):
    measure = make_measure(
        org.sn, name="Placerade barn", unit="count", is_count=True, breakdown=Breakdown.GENDER, direction="none"
    )
    values = []
    for year, (total, women, men) in {2018: (20, 10, 10), 2019: (12, 4, 8)}.items():
        for group, value in ((TOTAL, total), (WOMEN, women), (MEN, men)):
            values.append(ValueInput(year=year, group=group, value=D(value)))
    services.measure_values_set(actor=None, measure=measure, values=values)
    return measure


def _api_values(user, measure) -> dict[tuple[int, str], dict]:
    api = APIClient()
    api.force_authenticate(user)
    rows = api.get("/api/v1/measure-values/", {"measure": measure.pk}).json()["results"]
    return {(row["year"], row["group"]): row for row in rows}


@pytest.mark.parametrize("role", [Role.READER, Role.CONTROLLER, "council_reader"])
def test_readers_get_the_published_figures_and_no_raw_ones(users, placed, role):
    rows = _api_values(users[role], placed)
    assert [rows[(2019, g)]["value"] for g in (TOTAL, WOMEN, MEN)] == ["12.0000", "--", "--"]
    assert [rows[(2019, g)]["suppressed"] for g in (TOTAL, WOMEN, MEN)] == [False, True, True]
    assert rows[(2018, WOMEN)]["value"] == "10.0000"
    assert all(row[raw] is None for row in rows.values() for raw in ("numerator", "denominator", "count"))


@pytest.mark.parametrize("role", [Role.WRITER, Role.APPROVER, Role.ADMIN, "council_admin"])
def test_those_who_may_edit_the_values_get_them_raw(users, placed, role):
    rows = _api_values(users[role], placed)
    assert [rows[(2019, g)]["value"] for g in (TOTAL, WOMEN, MEN)] == ["12.0000", "4.0000", "8.0000"]
    # ... and are told which of them are suppressed where they are published.
    assert rows[(2019, WOMEN)]["suppressed"] is True


def test_ratio_measures_give_their_numerators_only_to_editors(org, users):
    measure = make_measure(
        org.sn, name="Återaktualiserade", is_ratio=True, is_count=True, breakdown=Breakdown.GENDER, unit="percent"
    )
    services.measure_values_set(
        actor=None,
        measure=measure,
        values=[
            ValueInput(year=2019, group=WOMEN, numerator=D(1), denominator=D(4)),
            ValueInput(year=2019, group=MEN, numerator=D(30), denominator=D(90)),
        ],
    )
    reader = _api_values(users[Role.READER], measure)
    assert (reader[(2019, WOMEN)]["value"], reader[(2019, WOMEN)]["numerator"]) == ("--", None)
    # The pages publish the total the groups make (31 of 94), so the men go with the women (secondary).
    assert reader[(2019, MEN)]["value"] == "--"
    writer = _api_values(users[Role.WRITER], measure)
    assert (writer[(2019, WOMEN)]["numerator"], writer[(2019, WOMEN)]["denominator"]) == ("1.0000", "4.0000")


def test_a_share_is_suppressed_by_its_base_on_pages_too(client, org, users):
    measure = make_measure(org.sn, name="Nöjda", unit="percent", decimals=1, breakdown=Breakdown.GENDER)
    services.measure_values_set(
        actor=None,
        measure=measure,
        values=[
            ValueInput(year=2019, group=TOTAL, value=D("62.5"), count=16),
            ValueInput(year=2019, group=WOMEN, value=D("50"), count=4),
            ValueInput(year=2019, group=MEN, value=D("66.7"), count=12),
        ],
    )
    client.force_login(users[Role.WRITER])
    page = client.get(reverse("indicators:measure", args=[measure.pk]), {"year": 2019}).content.decode()
    assert "50,0 %" not in page and "66,7 %" not in page
    assert "62,5 %" in page


def test_the_chart_leaves_suppressed_points_out_and_says_so(client, users, placed):
    client.force_login(users[Role.WRITER])
    response = client.get(reverse("indicators:measure", args=[placed.pk]), {"year": 2019})
    lines = {line.label: line.values for line in response.context["chart"].lines}
    assert lines == {"Totalt": [D(20), D(12)], "Kvinnor": [D(10), None], "Män": [D(10), None]}
    note = "Värden som bygger på för få personer visas inte (--) och ritas inte: Kvinnor 2019, Män 2019."
    assert response.context["chart_note"] == note
    page = response.content.decode()
    assert note in page  # under the chart
    svg_tag = page.split("<svg", 1)[1].split(">", 1)[0]
    assert note in svg_tag  # the chart's text alternative


def test_the_kolada_panel_suppresses_a_measure_counting_people(client, org, users):
    from digipuff.indicators.models import ComparisonArea, ComparisonValue

    huddinge = ComparisonArea.objects.create(code="0126", name="Huddinge")
    for group, value in (("T", 12), ("K", 3), ("M", 9)):
        ComparisonValue.objects.create(kpi="N99999", area=huddinge, year=2019, group=group, value=D(value))
    measure = make_measure(
        org.sn, name="Placerade (Kolada)", unit="count", is_count=True, source="kolada", source_id="N99999"
    )
    client.force_login(users[Role.READER])
    page = client.get(reverse("indicators:measure", args=[measure.pk]), {"year": 2019}).content.decode()
    panel = page.split('class="kolada-panel', 1)[1]
    row = panel.split('<th scope="row">2019</th>', 1)[1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in row.split('<td class="num">')[1:4]] == ["12", "--", "--"]


def test_each_breakdown_of_a_period_protects_its_own_groups(org):
    from digipuff.indicators.models import MeasureValue
    from digipuff.indicators.selectors import build_series

    measure = make_measure(org.sn, name="Placerade per område", unit="count", is_count=True, direction="none")
    figures = {TOTAL: 30, WOMEN: 3, MEN: 27, "area:Flemingsberg": 15, "area:Vårby": 15}
    stored = [MeasureValue(measure=measure, year=2019, group=g, value=D(v)) for g, v in figures.items()]
    series = build_series(measure, stored, threshold=7)
    # 30 - 27 would tell the women's 3: the men go too, not an area (which would leave 30 - 27 open).
    assert series.hidden[(2019, 0)] == {WOMEN, MEN}
