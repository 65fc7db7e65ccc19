"""Defining measures in DigiPUFF's own pages: definition, Kolada KPI, goals of the year, targets per year."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from digipuff.core import audit
from digipuff.indicators import services
from digipuff.indicators.models import Measure, Target
from digipuff.integrations.kolada.models import KpiMetadata
from tests.factories import make_committee_goal, make_measure

DEFINITION = {
    "name": "Andel brukare som är nöjda",
    "kind": "measure",
    "description": "Andel som svarat ganska eller mycket nöjd.",
    "unit": "percent",
    "decimals": "0",
    "direction": "higher",
    "source": "kolada",
    "source_id": "U28532",
    "source_note": "Brukarundersökning",
    "periodicity": "year",
    "ratio_scale": "100",
    "breakdown": "gender",
    "sort_order": "0",
}


def test_an_administrator_defines_a_measure_for_the_years_goals(client, org, users):
    goal_2019 = make_committee_goal(org.sn, "Fler upplever god vård och omsorg", year=2019)
    goal_2020 = make_committee_goal(org.sn, "Fler upplever god vård och omsorg", year=2020)
    von_goal = make_committee_goal(org.von, "Fler upplever god hälsa", year=2019)
    client.force_login(users["admin"])
    url = reverse("indicators:measure_create", args=["SN", 2019])
    html = client.get(url).content.decode()
    assert f'value="{goal_2019.pk}"' in html
    assert f'value="{goal_2020.pk}"' not in html and f'value="{von_goal.pk}"' not in html  # the year's, own only
    response = client.post(url, {**DEFINITION, "goals": [goal_2019.pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = Measure.objects.get(name="Andel brukare som är nöjda")
    assert (measure.owner, measure.source_id, measure.breakdown, measure.direction) == (
        org.sn,
        "U28532",
        "gender",
        "higher",
    )
    assert list(measure.goals.all()) == [goal_2019]
    assert audit.history(measure).first().actor == users["admin"]

    # Edited for 2020: the 2020 goal is linked, the 2019 link is kept.
    edit = reverse("indicators:measure_edit", args=[measure.pk]) + "?year=2020"
    response = client.post(edit, {**DEFINITION, "version": measure.version, "unit": "index", "goals": [goal_2020.pk]})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.unit == "index"
    assert set(measure.goals.all()) == {goal_2019, goal_2020}


def test_bad_input_and_stale_versions_are_refused_in_swedish(client, org, users):
    measure = make_measure(org.sn, name="Väntetid")
    client.force_login(users["admin"])
    edit = reverse("indicators:measure_edit", args=[measure.pk])
    response = client.post(edit, {**DEFINITION, "source_id": "", "version": measure.version})
    assert response.status_code == 422
    assert "Ett mått från Kolada behöver nyckeltalets id" in response.content.decode()
    services.measure_update(actor=None, measure=measure, expected_version=None, name="Väntetid i dagar")
    response = client.post(edit, {**DEFINITION, "version": 1})
    assert response.status_code == 409
    measure.refresh_from_db()
    assert measure.name == "Väntetid i dagar"


def test_writers_may_not_define_measures(client, org, users):
    measure = make_measure(org.sn)
    client.force_login(users["writer"])
    assert client.get(reverse("indicators:measure_create", args=["SN", 2019])).status_code == 403
    assert client.post(reverse("indicators:measure_edit", args=[measure.pk]), DEFINITION).status_code == 403
    assert not Measure.objects.filter(name=DEFINITION["name"]).exists()


def test_a_target_is_set_and_removed_for_a_year(client, org, users):
    measure = make_measure(org.sn, name="Sjukfrånvaro")
    client.force_login(users["writer"])
    url = reverse("indicators:target", args=[measure.pk, 2020])
    response = client.post(url, {"kind": "numeric", "comparator": "lte", "value": "6,5"})
    assert response.status_code == 302
    target = Target.objects.get(measure=measure, year=2020)
    assert "Ta bort målvärdet för 2020" in client.get(url).content.decode()
    stale = client.post(reverse("indicators:target_remove", args=[measure.pk, 2020]), {"version": 99})
    assert stale.status_code == 302 and Target.objects.filter(pk=target.pk).exists()
    client.post(reverse("indicators:target_remove", args=[measure.pk, 2020]), {"version": target.version})
    assert not Target.objects.filter(pk=target.pk).exists()
    assert audit.history(target).first().action == 2  # the deletion is in the history
    client.force_login(users["reader"])
    assert client.post(reverse("indicators:target_remove", args=[measure.pk, 2020])).status_code == 403


def test_the_kpi_picker_searches_the_stored_catalogue(client, org, users):
    KpiMetadata.objects.create(
        id="U28532",
        title="Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)",
        description="Andel brukare som är nöjda.",
        search_text=KpiMetadata.fold("U28532", "Brukarbedömning hemtjänst äldreomsorg", "Andel brukare"),
        fetched_at=timezone.now(),
    )
    client.force_login(users["admin"])
    form = client.get(reverse("indicators:measure_create", args=["SN", 2019])).content.decode()
    assert 'id="kpi-pick-q"' in form
    response = client.get(reverse("kolada:kpi_search"), {"q": "hemtjänst", "pick": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'data-kpi-id="U28532"' in html and "<html" not in html


def test_editing_a_measure_keeps_its_link_to_a_retired_goal(client, org, users):
    from digipuff.goals import services as goal_services

    retired = make_committee_goal(org.sn, "Fler upplever god vård och omsorg", year=2019)
    current = make_committee_goal(org.sn, "Fler upplever god hälsa", year=2019)
    measure = make_measure(org.sn, name="Väntetid", goals=[retired])
    goal_services.goal_retire(actor=None, goal=retired.goal, expected_version=None)
    client.force_login(users["admin"])
    edit = reverse("indicators:measure_edit", args=[measure.pk]) + "?year=2019"
    form = client.get(edit).content.decode()
    assert f'name="goals" value="{current.pk}"' in form
    assert f'name="goals" value="{retired.pk}"' not in form  # not offered any more
    response = client.post(edit, {**DEFINITION, "source": "manual", "version": measure.version, "goals": [current.pk]})
    assert response.status_code == 302
    assert set(Measure.objects.get(pk=measure.pk).goals.all()) == {retired, current}
