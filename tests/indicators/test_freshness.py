"""Every figure says how fresh it is: the measure page and the goals page state the source of a measure table and
the date of its data (Kolada's fetch date; for values entered by hand, the last change)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.indicators import services
from digipuff.indicators.choices import Source
from digipuff.indicators.models import MeasureValue
from digipuff.indicators.services import ValueInput
from tests.factories import make_committee_goal, make_measure


def test_measure_and_goals_pages_state_source_and_data_date(client, org, users):
    goal = make_committee_goal(org.sn, year=2019)
    by_hand = make_measure(org.sn, name="Väntetid", goals=[goal], unit="days")
    kolada = make_measure(org.sn, name="Nöjdhet", goals=[goal], source=Source.KOLADA, source_id="U35544")
    for measure, value in ((by_hand, "12"), (kolada, "70")):
        services.measure_values_set(actor=None, measure=measure, values=[ValueInput(year=2018, value=Decimal(value))])
    MeasureValue.objects.filter(measure=by_hand).update(updated_at=datetime(2019, 2, 1, 12, tzinfo=UTC))
    MeasureValue.objects.filter(measure=kolada).update(fetched_at=datetime(2019, 3, 15, 12, tzinfo=UTC))
    client.force_login(users[Role.READER])
    client.get("/?year=2019")

    page = client.get(reverse("indicators:measure", args=[kolada.pk])).content.decode()
    assert "Källa: Kolada · Data per 2019-03-15" in page
    page = client.get(reverse("indicators:measure", args=[by_hand.pk])).content.decode()
    assert "Källa: Manuellt · Data per 2019-02-01" in page

    committee_goal = by_hand.goals.get()
    fragment = client.get(reverse("goals:goal_measures", args=[committee_goal.pk]), headers={"HX-Request": "true"})
    assert "Data per 2019-03-15" in fragment.content.decode()  # the goals page's table of the goal's measures
    assert "Manuellt" in fragment.content.decode().split("Data per")[0].rsplit("Källa:", 1)[1]


def test_a_measure_without_values_names_only_its_source(client, org, users):
    measure = make_measure(org.sn, name="Nytt mått", source=Source.KOLADA, source_id="U35544")
    client.force_login(users[Role.READER])
    page = client.get(reverse("indicators:measure", args=[measure.pk])).content.decode()
    assert "Källa: Kolada</p>" in page and "Data per" not in page
