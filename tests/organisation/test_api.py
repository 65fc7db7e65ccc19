from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from digipuff.core.choices import Role
from tests.factories import api_token


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_gets_no_data(api, org):
    for url in ("/api/v1/", "/api/v1/org-units/", "/api/v1/years/", "/api/v1/org-units/SN/"):
        assert api.get(url).status_code in (401, 403), url


@pytest.mark.parametrize("role", Role.values)
def test_org_units_are_restricted_to_the_users_subtree(api, org, users, role):
    api.force_authenticate(users[role])
    codes = {row["code"] for row in api.get("/api/v1/org-units/").json()["results"]}
    assert codes == {"SN", "SOF", "SN-VB"}
    assert api.get("/api/v1/org-units/VON/").status_code == 404
    assert api.get("/api/v1/org-units/SN-VB/").json()["parent"] == "SOF"


def test_council_reader_sees_the_whole_tree_and_can_filter(api, org, users):
    api.force_authenticate(users["council_reader"])
    rows = api.get("/api/v1/org-units/", {"kind": "committee"}).json()["results"]
    assert {row["code"] for row in rows} == {"SN", "VON"}


def test_api_is_read_only(api, org, users):
    api.force_authenticate(users["council_admin"])
    assert api.post("/api/v1/org-units/", {"code": "X"}).status_code == 405
    assert api.delete("/api/v1/org-units/SN/").status_code == 405


def test_token_authentication(api, org, users):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token(users[Role.WRITER], scopes=['read'])}")
    assert api.get("/api/v1/years/").json()["results"] == [
        {"year": 2019, "is_open": True},
        {"year": 2020, "is_open": True},
    ]


def test_schema_and_docs_are_served(api, org, users):
    api.force_authenticate(users[Role.READER])
    schema = api.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/org-units/" in schema.content
    assert api.get("/api/v1/docs/").status_code == 200
