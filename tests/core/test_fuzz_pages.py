"""Every page and form with junk: no input a user can send makes a 5xx.

The URLs are those the shared permission suite declares (tests/permissions.py; the coverage test makes sure that is
every URL). Each is asked as the council's administrator, who may do everything, for the target in Socialnämnden:

- GET with junk query parameters: a year that is no number, a negative or enormous id, an enormous page, unicode,
  NUL bytes, very long strings (fixed examples first, then generated ones);
- POST (forms) with the declared valid data in which generated junk replaces some fields: numbers far too large for
  their database column, decimals with too many digits, NaN and infinity, empty values, unicode, very long text.
  The fields are the endpoint's declared data and every field the form's page shows.

Every answer must be below 500. Each request runs in a savepoint that is rolled back, so the world stays as built;
the number of examples is bounded so that the whole module takes well under 90 seconds.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests import permissions
from tests.core.test_permission_coverage import _declared
from tests.permissions import COUNCIL_ADMIN, OWN, Endpoint

_declared()
ENDPOINTS: list[Endpoint] = [e for endpoints in permissions.DECLARED.values() for e in endpoints]
FORMS = [e for e in ENDPOINTS if "POST" in e.methods and e.post_as_allowed]

JUNK = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1e400",
    "NaN",
    "-Infinity",
    str(10**20),
    "9" * 40,
    "-" + "9" * 30,
    "99999999999999999999.99",
    "0.000000000001",
    "1 234,5",
    "٣٤",
    "2019-13-45",
    "\x00",
    "<script>alert(1)</script>",
    "ÅÄÖ 🙂" * 20,
    "x" * 5000,
]
junk = st.one_of(
    st.sampled_from(JUNK),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
)
QUERY_NAMES = ["year", "occasion", "page", "committee", "month", "status", "next", "q", "table", "limit", "offset"]
# No shrinking: a failure is reported with the request as generated (the message names it), and the time stays bounded.
FUZZ = settings(
    max_examples=3,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _target(world, endpoint: Endpoint):
    relation = OWN if OWN in endpoint.targets else next(iter(endpoint.targets))
    return endpoint.targets[relation](world)


def _ask(client, method: str, url: str, data: dict) -> int:
    """The status of one request, in a savepoint that is rolled back; a 500 (an exception) names the request."""
    try:
        with transaction.atomic():
            response = client.post(url, data) if method == "POST" else client.get(url, data)
            transaction.set_rollback(True)
    except Exception as exc:
        raise AssertionError(f"{method} {url} {data!r} raised {exc!r}") from exc
    assert response.status_code < 500, f"{method} {url} {data!r}: {response.status_code}"
    return response.status_code


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@FUZZ
@given(query=st.dictionaries(st.sampled_from(QUERY_NAMES), junk, max_size=4))
@example(query={"year": "abc"})
@example(query={"occasion": "-1", "committee": "ÅÄÖ"})
@example(query={"page": str(10**20), "year": str(10**20)})
@example(query={"year": "٢٠١٩", "month": "13", "status": "\x00"})
def test_no_page_answers_junk_query_parameters_with_a_server_error(db, perm_world, endpoint, query):
    target = _target(perm_world, endpoint)
    url = reverse(endpoint.name, kwargs=target.kwargs)
    _ask(perm_world.clients[COUNCIL_ADMIN], "GET", url, {**target.query, **query})


_FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
_NOT_FORM_FIELDS = {"csrfmiddlewaretoken", "language", "next"}


_SHOWN: dict[str, set[str]] = {}


def _fields(client, url: str, declared: dict) -> list[str]:
    """The declared data's fields and every field the page shows (a form posted to a page that shows none keeps
    to the declared ones); the page is read once per URL."""
    if url not in _SHOWN:
        response = client.get(url)
        _SHOWN[url] = set(_FIELD.findall(response.content.decode())) if response.status_code == 200 else set()
    return sorted((set(declared) | _SHOWN[url]) - _NOT_FORM_FIELDS)


@pytest.mark.parametrize("endpoint", FORMS, ids=str)
@settings(FUZZ, max_examples=8)
@given(data=st.data())
def test_no_form_answers_junk_with_a_server_error(db, perm_world, endpoint, data):
    target = _target(perm_world, endpoint)
    query = "?" + "&".join(f"{k}={v}" for k, v in target.query.items()) if target.query else ""
    url = reverse(endpoint.name, kwargs=target.kwargs) + query
    client = perm_world.clients[COUNCIL_ADMIN]
    valid = {**(endpoint.data(perm_world) if endpoint.data else {}), **target.query}
    fields = _fields(client, url, valid)
    replaced = data.draw(st.lists(st.sampled_from(fields), min_size=1, unique=True) if fields else st.just([]))
    posted = {**valid, **{name: data.draw(junk, label=name) for name in replaced}}
    _ask(client, "POST", url, posted)
