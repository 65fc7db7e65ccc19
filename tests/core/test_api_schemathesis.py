"""schemathesis against the committed OpenAPI description (docs/openapi.yaml), in-process through the WSGI app.

Every operation is called with generated parameters, valid and invalid ones, as a user with roles (the council's
administrator in the permission suite's world, by an API token with every scope, so the batch writes are called
too), and every answer must be: no server error, a
documented status code and content type, and a body that matches the description. The number of examples per
operation is bounded so that the whole run stays well under a minute; test_openapi.py keeps the description equal
to what the code generates.

Three of schemathesis' checks do not apply: `ignored_auth` (it sends a made-up session cookie beside the valid token
this test sends, and the token rightly signs the request in), `positive_data_acceptance` (a filter naming an
object by an id that does not exist, `?item=0`, is a valid integer to the description and answered 400 with the
Swedish reason, as documented) and `negative_data_rejection` (django-filter reads an integer filter given as
`?year=0.5` as a number that matches nothing: an empty list, not an error; `year` itself is a whole number where
the filtersets declare it with core.filtersets.YearFilter).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

DESCRIPTION = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
EXAMPLES_PER_OPERATION = 10

schema = schemathesis.openapi.from_path(DESCRIPTION)
schema.config.update(base_url="http://localhost")
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES_PER_OPERATION
)


@pytest.fixture(scope="module")
def app():
    """The project's WSGI application. As Django's test client does, requests do not close the database connection
    when they finish (on PostgreSQL that would end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_token(perm_world):
    """A token with every scope: the write endpoints (measure values, follow-ups, forecasts) are called too."""
    from tests.factories import api_token

    return api_token(perm_world.users["council_admin"])


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_as_described(case, db, app, api_token):
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {api_token}"},
        excluded_checks=[ignored_auth, positive_data_acceptance, negative_data_rejection],
    )
