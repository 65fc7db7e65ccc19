"""Bad input found from outside, each answered with a 4xx and a Swedish sentence instead of a 500.

The fuzzing tests (test_fuzz_pages.py, test_api_schemathesis.py) search widely; these pin down each case found
before them, so that a regression names itself.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from digipuff.organisation.choices import Role
from tests.factories import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, users):
    client.force_login(users["council_admin"])
    return client


def test_a_year_is_answered_by_the_years_api_and_an_unknown_one_is_404_in_swedish(api, org):
    assert api.get("/api/v1/years/2019/").json() == {"year": 2019, "is_open": True}
    missing = api.get("/api/v1/years/1989/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Hittades inte."}


def test_an_api_path_that_matches_no_route_is_answered_as_json(api, org):
    response = api.get("/api/v1/activities/0.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}


@pytest.mark.parametrize("limit", [str(10**20), "9" * 5000])
def test_a_huge_limit_gets_at_most_a_thousand_rows(api, org, limit):
    response = api.get("/api/v1/org-units/", {"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 6


def test_a_huge_offset_is_an_empty_page(api, org):
    response = api.get("/api/v1/org-units/", {"offset": str(10**20)})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("name", ["limit", "offset"])
def test_a_limit_or_offset_that_is_no_whole_number_is_refused_in_swedish(api, org, name):
    response = api.get("/api/v1/org-units/", {name: "-1"})
    assert response.status_code == 400
    assert response.json() == {name: ["Ange ett heltal, 0 eller större."]}


def test_a_year_filter_that_is_no_whole_number_is_refused(api, org):
    response = api.get("/api/v1/activities/", {"year": "0.5"})
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_huge_year_on_the_import_list_is_refused(api, org):
    response = api.get("/api/v1/economy/imports/", {"year": str(10**20)})
    assert response.status_code == 400
    assert "year" in response.json()


def test_the_economy_tables_name_an_unknown_committee_in_swedish(api, org):
    response = api.get("/api/v1/economy/tables/", {"committee": "XYZ", "year": 2019, "month": 3})
    assert response.status_code == 404
    assert response.json() == {"detail": "Ingen nämnd har koden XYZ."}
    invalid = api.get("/api/v1/economy/tables/", {"committee": "SN", "year": "abc", "month": 13})
    assert invalid.status_code == 400
    assert set(invalid.json()) == {"year", "month"}


def test_the_values_page_with_a_year_that_is_no_number(client, users, org):
    measure = make_measure(org.sn)
    client.force_login(users[Role.WRITER])
    response = client.get(reverse("indicators:values", args=[measure.pk]), {"year": "abc", "month": "-1"})
    assert response.status_code == 200


def test_a_measure_value_too_large_for_its_column_is_refused_with_the_reason(client, users, org):
    from digipuff.indicators.models import MeasureValue

    measure = make_measure(org.sn)
    client.force_login(users[Role.WRITER])
    response = client.post(reverse("indicators:values", args=[measure.pk]), {"year": 2019, "value_T": "9" * 20})
    assert response.status_code == 422
    assert "Talet är för stort: högst 14 siffror före decimalkommat." in response.content.decode()
    assert not MeasureValue.objects.filter(measure=measure).exists()


def test_a_volume_too_large_for_its_column_is_refused(client, users, org):
    from digipuff.economy.forms import VolumeForm

    form = VolumeForm(data={"version": 1, "name": "Placeringar", "actual": "1" + "0" * 12, "sort_order": 0})
    assert not form.is_valid()
    assert form.errors["actual"] == ["Beloppet är för stort."]


def test_an_id_larger_than_the_database_holds_is_refused_in_swedish(client, users, org):
    """SQLite cannot even put the id into the query (OverflowError): the 400 page says why. PostgreSQL finds no such
    goal and the form says so (422)."""
    from digipuff.activities.models import Commitment

    client.force_login(users[Role.ADMIN])
    url = reverse("activities:commitment_create", kwargs={"code": "SN", "year": 2019})
    response = client.post(url, {"version": 0, "title": "Nytt åtagande", "goals": str(10**20)})
    content = response.content.decode()
    assert (response.status_code, response.status_code == 400 or "Välj ett giltigt alternativ" in content) in {
        (400, True),
        (422, True),
    }
    if response.status_code == 400:
        assert "Ett tal i anropet är för stort." in content
    assert not Commitment.objects.filter(title="Nytt åtagande").exists()


def test_a_whole_number_larger_than_its_column_is_a_field_error_with_the_input_kept(client, users, org):
    client.force_login(users[Role.ADMIN])
    url = reverse("activities:commitment_create", kwargs={"code": "SN", "year": 2019})
    response = client.post(url, {"version": 0, "title": "Nytt åtagande", "sort_order": str(10**20)})
    assert response.status_code == 422
    content = response.content.decode()
    assert "Kontrollera att detta värde är mindre än eller lika med" in content
    assert "Nytt åtagande" in content


def test_a_whole_number_field_without_a_bound_gets_the_integer_columns(client, users, org):
    from digipuff.economy.forms import CostLineForm

    form = CostLineForm(data={"version": str(10**20), "sort_order": "1"})
    assert not form.is_valid()
    assert form.errors["version"] == ["Kontrollera att detta värde är mindre än eller lika med 2147483647."]
