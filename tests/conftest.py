"""Fixtures shared by the whole suite: a small municipality with two committees and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from digipuff.organisation import services
from digipuff.organisation.choices import OrgUnitKind, Role
from digipuff.organisation.models import OrgUnit
from tests.factories import UserFactory, grant, make_unit


@dataclass
class Org:
    council: OrgUnit
    sn: OrgUnit
    sof: OrgUnit
    sn_operation: OrgUnit
    von: OrgUnit
    von_operation: OrgUnit


@pytest.fixture(autouse=True)
def migration_data(request: pytest.FixtureRequest) -> None:
    """Every database test starts like a migrated install, with the rows data migrations make (follow-up statuses,
    report templates), whatever ran before it: a transactional test (the browser tests) flushes the database, and
    pytest-randomly may run one before a plain test on the same worker."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    if marker is not None:
        transactional = transactional or bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    elif "db" not in request.fixturenames and not transactional:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from digipuff.followup.models import FollowUpStatus
    from digipuff.reports import defaults
    from digipuff.reports.models import ReportTemplate, TemplateSection

    FollowUpStatus.ensure_defaults()
    if not ReportTemplate.objects.exists():
        defaults.install(ReportTemplate, TemplateSection)


@pytest.fixture
def org(db) -> Org:
    services.municipality_set(actor=None, name="Huddinge kommun", kolada_id="0126")
    for year in (2019, 2020):
        services.planning_year_create(actor=None, year=year)
    council = make_unit("Kommunfullmäktige", code="KF", valid_from=2010)
    sn = make_unit("Socialnämnden", parent=council, code="SN")
    sof = make_unit("Socialförvaltningen", parent=sn, kind=OrgUnitKind.ADMINISTRATION, code="SOF")
    sn_operation = make_unit("Vård och behandling", parent=sof, kind=OrgUnitKind.OPERATION, code="SN-VB")
    von = make_unit("Vård- och omsorgsnämnden", parent=council, code="VON")
    von_operation = make_unit("Äldreomsorg", parent=von, kind=OrgUnitKind.OPERATION, code="VON-AO")
    return Org(council, sn, sof, sn_operation, von, von_operation)


@pytest.fixture
def users(org: Org) -> dict[str, object]:
    """One user per role on Socialnämnden, a council admin, a council reader and a user with no role."""
    made = {}
    for role in Role.values:
        user = UserFactory(username=f"sn_{role}")
        grant(user, org.sn, role)
        made[role] = user
    made["council_admin"] = UserFactory(username="council_admin")
    grant(made["council_admin"], org.council, Role.ADMIN)
    made["council_reader"] = UserFactory(username="council_reader")
    grant(made["council_reader"], org.council, Role.READER)
    made["nobody"] = UserFactory(username="nobody")
    return made


@pytest.fixture(scope="module")
def perm_world(django_db_setup, django_db_blocker):
    """The permission suite's world (tests/permissions.py), built once per test module inside a transaction that
    is rolled back when the module is done; each test runs in a savepoint within it."""
    from django.db import transaction

    from tests.permissions import build_world

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
