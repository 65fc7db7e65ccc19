from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from digipuff.core import audit
from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError
from digipuff.organisation import services
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, RoleAssignment
from tests.factories import UserFactory


def _update(unit: OrgUnit, actor, *, version: int | None, **changes):
    fields = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "parent": unit.parent,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "sort_order": unit.sort_order,
    }
    fields.update(changes)
    return services.org_unit_update(actor=actor, unit=unit, expected_version=version, **fields)


def test_paths_follow_the_tree(org):
    assert org.sn_operation.path.startswith(org.sof.path)
    assert org.sof.path.startswith(org.sn.path)
    assert org.sn_operation.depth == 3
    assert org.sn_operation.ancestor_ids() == [org.council.pk, org.sn.pk, org.sof.pk]


def test_moving_a_unit_moves_its_subtree(org, users):
    _update(org.sof, users["council_admin"], version=org.sof.version, parent=org.von)
    operation = OrgUnit.objects.get(pk=org.sn_operation.pk)
    assert operation.path.startswith(OrgUnit.objects.get(pk=org.von.pk).path)
    assert operation.depth == 3


def test_moving_needs_administration_rights_on_the_new_parent_too(org, users):
    with pytest.raises(PermissionDenied):
        _update(org.sof, users[Role.ADMIN], version=org.sof.version, parent=org.von)


def test_a_unit_cannot_move_under_itself(org, users):
    with pytest.raises(ValidationError):
        _update(org.sn, users["council_admin"], version=org.sn.version, parent=org.sn_operation)


def test_stale_version_is_refused_and_nothing_is_saved(org, users):
    admin = users["council_admin"]
    opened = org.sn.version
    _update(org.sn, admin, version=opened, name="Socialnämnden (ny)")
    stale_copy = OrgUnit.objects.get(pk=org.sn.pk)
    with pytest.raises(ConflictError) as raised, transaction.atomic():
        _update(stale_copy, users[Role.ADMIN], version=opened, name="Något annat")
    assert "sparade en nyare version" in raised.value.message
    assert OrgUnit.objects.get(pk=org.sn.pk).name == "Socialnämnden (ny)"


def test_changes_are_audited_with_who_before_and_after(org, users):
    admin = users["council_admin"]
    _update(org.sn, admin, version=org.sn.version, name="Sociala nämnden")
    entry = audit.history(org.sn).first()
    assert entry.actor == admin
    assert entry.changes_dict["name"] == ["Socialnämnden", "Sociala nämnden"]


def test_role_changes_are_audited(org, users):
    writer = UserFactory(username="ny_skribent")
    assignment = services.role_assign(actor=users["council_admin"], user=writer, unit=org.von, role=Role.WRITER)
    pk = assignment.pk
    services.role_revoke(actor=users["council_admin"], assignment=assignment)
    entries = list(audit.history(RoleAssignment(pk=pk)))
    assert [entry.get_action_display() for entry in entries] == ["delete", "create"]
    assert all(entry.actor == users["council_admin"] for entry in entries)


@pytest.mark.parametrize("role", [Role.APPROVER, Role.WRITER, Role.CONTROLLER, Role.READER])
def test_only_administrators_assign_roles(org, users, role):
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=users[role], user=users["nobody"], unit=org.sn, role=Role.READER)


def test_committee_admin_cannot_assign_roles_on_a_sibling_committee(org, users):
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=users[Role.ADMIN], user=users["nobody"], unit=org.von, role=Role.READER)


def test_an_administrator_cannot_remove_their_own_last_admin_role(org, users):
    admin = users[Role.ADMIN]
    own = RoleAssignment.objects.get(user=admin, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        services.role_revoke(actor=admin, assignment=own)


def test_units_need_a_parent_except_the_council(org):
    with pytest.raises(ValidationError):
        services.org_unit_create(
            actor=None, parent=None, kind=OrgUnitKind.COMMITTEE, name="X", code="X", valid_from=2019
        )
    with pytest.raises(ValidationError):
        services.org_unit_create(
            actor=None, parent=org.sn, kind=OrgUnitKind.OPERATION, name="X", code="X", valid_from=2020, valid_to=2019
        )


def test_only_a_municipality_administrator_opens_years(org, users):
    with pytest.raises(PermissionDenied):
        services.planning_year_create(actor=users[Role.ADMIN], year=2030)
    assert services.planning_year_create(actor=users["council_admin"], year=2030).year == 2030
