from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.indicators import services
from digipuff.indicators.choices import Breakdown, Periodicity
from digipuff.indicators.models import EqualityJudgement, MeasureValue, Target
from digipuff.indicators.services import ValueInput
from tests.factories import make_committee_goal, make_measure

EDITORS = {Role.ADMIN, Role.APPROVER, Role.WRITER}


@pytest.fixture
def measure(org):
    goal = make_committee_goal(org.sn)
    m = make_measure(
        org.sn,
        name="Sjukfrånvaro",
        goals=[goal],
        is_ratio=True,
        rolling_12=True,
        periodicity=Periodicity.MONTH,
        breakdown=Breakdown.GENDER,
        decimals=1,
        direction="lower",
        unit="percent",
    )
    values = []
    for year, month in [(2017, m) for m in range(3, 13)] + [(2018, m) for m in range(1, 13)] + [(2019, 1), (2019, 2)]:
        values += [
            ValueInput(year=year, month=month, group="K", numerator=D(57), denominator=D(1000)),
            ValueInput(year=year, month=month, group="M", numerator=D(52), denominator=D(1000)),
        ]
    services.measure_values_set(actor=None, measure=m, values=values)
    return m


@pytest.mark.parametrize("role", Role.values)
def test_measure_page_per_role(client, org, users, measure, role):
    client.force_login(users[role])
    client.get("/?year=2019")
    response = client.get(reverse("indicators:measure", args=[measure.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "5,5 %" in html and "5,7 %" in html and "5,2 %" in html  # r12 total, women, men per 02-2019
    assert ("Ange utfall" in html) is (role in EDITORS)
    status = client.get(reverse("indicators:values", args=[measure.pk])).status_code
    assert status == (200 if role in EDITORS else 403)


def test_measure_page_of_another_committee_is_not_disclosed(client, org, users, measure):
    other = make_measure(org.von, name="VON")
    client.force_login(users[Role.WRITER])
    assert client.get(reverse("indicators:measure", args=[other.pk])).status_code == 404
    assert client.get(reverse("indicators:measure", args=[999999])).status_code == 404


def test_enter_values_with_swedish_numbers_and_conflict(client, org, users, measure):
    client.force_login(users[Role.WRITER])
    url = reverse("indicators:values", args=[measure.pk])
    form = client.get(url + "?year=2019&month=3")
    assert form.status_code == 200
    data = {
        "year": 2019,
        "month": 3,
        "numerator_K": "1 000,5",
        "denominator_K": "20 000",
        "numerator_M": "",
        "denominator_M": "",
    }
    assert client.post(url, data).status_code == 302
    saved = MeasureValue.objects.get(measure=measure, year=2019, month=3, group="K")
    assert saved.numerator == D("1000.5")
    stale = {**data, "numerator_K": "7", "version_K": saved.version}
    client.post(url, {**data, "numerator_K": "6", "version_K": saved.version})
    response = client.post(url, stale)
    assert response.status_code == 409  # a conflict, not invalid input
    assert "sparade en nyare version" in response.content.decode()
    bad = client.post(url, {**data, "numerator_K": "abc"})
    assert "Skriv ett tal" in bad.content.decode()


def test_a_difference_of_a_year_before_the_planning_years_can_be_explained(client, org, users, measure):
    client.force_login(users[Role.WRITER])
    page = client.get(reverse("indicators:measure", args=[measure.pk])).content.decode()
    links = set(re.findall(r'href="(/indicators/measures/\d+/equality/[^"]+)"', page))
    assert any("/2018/" in link for link in links)  # 2018 has values but is no planning year
    for link in links:
        assert client.get(link).status_code == 200, link
    url = reverse("indicators:judgement", args=[measure.pk, 2018, 12])
    assert client.post(url, {"judgement": "justified", "text": "Ingen skillnad"}).status_code == 302
    assert EqualityJudgement.objects.get(measure=measure, year=2018, month=12).text == "Ingen skillnad"


def test_target_form(client, org, users, measure):
    client.force_login(users[Role.WRITER])
    url = reverse("indicators:target", args=[measure.pk, 2019])
    response = client.post(url, {"kind": "qualitative", "qualitative": "keep", "reference": "5,3"})
    assert response.status_code == 302
    assert Target.objects.get(measure=measure, year=2019).reference == D("5.3")
    incomplete = client.post(url, {"kind": "numeric", "version": Target.objects.get().version})
    assert incomplete.status_code == 422


def test_import_page_lists_problems_and_offers_the_template(client, org, users, measure):
    client.force_login(users[Role.WRITER])
    template = client.get(reverse("indicators:import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("fel.csv", f"Mått-id;År;Värde\n{measure.pk};2019;5\n".encode())
    response = client.post(reverse("indicators:import"), {"file": upload})
    # The import runs as a background task; the answer is its status page, which lists the problems.
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert "fel.csv:rad 2: Måttet räknas fram ur täljare och nämnare" in status.content.decode()


def test_the_history_of_the_values_speaks_swedish_and_names_the_address(client, org, users, measure, settings):
    settings.DIGIPUFF_TRUSTED_PROXY_COUNT = 1
    client.force_login(users[Role.WRITER])
    url = reverse("indicators:values", args=[measure.pk])
    data = {"year": 2019, "month": 3, "numerator_K": "1 000,5", "denominator_K": "20 000"}
    proxied = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert client.post(url, data, **proxied).status_code == 302
    saved = MeasureValue.objects.get(measure=measure, year=2019, month=3, group="K")
    assert client.post(url, {**data, "numerator_K": "990", "version_K": saved.version}, **proxied).status_code == 302
    page = client.get(reverse("indicators:values_history", args=[measure.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Historik för värdena i Sjukfrånvaro" in html
    # Field names in Swedish words, values with a decimal comma, not the stored raw form.
    assert "<strong>Täljare</strong>: 1000,5 → 990" in html
    assert "numerator" not in html and "1000.5000" not in html
    assert "Ändrad" in html and "Skapad" in html
    # The writer may read the history but not the addresses (an administrator's matter).
    assert "198.51.100.7" not in html
    client.force_login(users[Role.ADMIN])
    assert "198.51.100.7" in client.get(reverse("indicators:values_history", args=[measure.pk])).content.decode()


def test_measure_page_draws_its_chart_once_per_content(client, org, users, measure, monkeypatch):
    from digipuff.core import charts

    charts.clear_cache()
    drawn = []
    draw = charts._figure
    monkeypatch.setattr(charts, "_figure", lambda chart: drawn.append(chart) or draw(chart))
    client.force_login(users[Role.READER])
    url = reverse("indicators:measure", args=[measure.pk]) + "?year=2019"

    def chart() -> str:
        html = client.get(url).content.decode()
        return html[html.index("<svg") : html.index("</svg>")]

    first = chart()
    assert len(drawn) == 1
    assert chart() == first
    assert len(drawn) == 1  # the second view shows the cached drawing
    services.measure_values_set(
        actor=None,
        measure=measure,
        values=[ValueInput(year=2019, month=2, group="K", numerator=D(90), denominator=D(1000))],
    )
    assert chart() != first
    assert len(drawn) == 2  # new values, new drawing


def test_measure_page_queries_are_bounded(client, org, users, measure, django_assert_max_num_queries):
    client.force_login(users[Role.WRITER])
    url = reverse("indicators:measure", args=[measure.pk]) + "?year=2019"
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
