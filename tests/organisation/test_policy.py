"""The permission matrix: every role, on its own unit, its subtree, a sibling committee and above; and anonymous."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.organisation.models import OrgUnit, RoleAssignment
from tests.factories import UserFactory, grant

ALL = set(Action.values)
EXPECTED = {
    Role.ADMIN: ALL,
    Role.APPROVER: {Action.VIEW, Action.EDIT, Action.APPROVE},
    Role.WRITER: {Action.VIEW, Action.EDIT},
    Role.CONTROLLER: {Action.VIEW, Action.ECONOMY},
    Role.READER: {Action.VIEW},
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", Action.values)
def test_role_on_committee_holds_for_the_committee_and_its_subtree_only(org, users, role, action):
    user = users[role]
    allowed = action in EXPECTED[role]
    assert policy.allows(user, action, org.sn) is allowed, "own unit"
    assert policy.allows(user, action, org.sof) is allowed, "administration below"
    assert policy.allows(user, action, org.sn_operation) is allowed, "operation two levels below"
    assert policy.allows(user, action, org.von) is False, "sibling committee"
    assert policy.allows(user, action, org.von_operation) is False, "under the sibling committee"
    assert policy.allows(user, action, org.council) is False, "the council above"


@pytest.mark.parametrize("action", Action.values)
def test_council_admin_may_do_everything_everywhere(org, users, action):
    for unit in OrgUnit.objects.all():
        assert policy.allows(users["council_admin"], action, unit)


@pytest.mark.parametrize("action", Action.values)
def test_council_reader_reads_everything_and_changes_nothing(org, users, action):
    for unit in OrgUnit.objects.all():
        assert policy.allows(users["council_reader"], action, unit) is (action == Action.VIEW)


@pytest.mark.parametrize("action", Action.values)
def test_anonymous_inactive_and_roleless_users_may_do_nothing(org, users, action):
    inactive = UserFactory(username="gone")
    grant(inactive, org.council, Role.ADMIN)
    inactive.is_active = False
    inactive.save()
    for user in (AnonymousUser(), users["nobody"], inactive):
        assert not policy.allows(user, action, org.sn)
        assert not policy.restrict(OrgUnit.objects.all(), user, action).exists()


def test_restrict_matches_allows_for_every_role_and_action(org, users):
    units = list(OrgUnit.objects.all())
    for user in users.values():
        for action in Action.values:
            expected = {unit.pk for unit in units if policy.allows(user, action, unit)}
            got = set(policy.restrict(OrgUnit.objects.all(), user, action).values_list("pk", flat=True))
            assert got == expected, (user.username, action)


def test_restrict_follows_the_related_unit_of_other_models(org, users):
    visible = policy.restrict(RoleAssignment.objects.all(), users[Role.WRITER], Action.VIEW)
    assert {a.unit.code for a in visible} == {"SN"}


def test_require_names_the_action_and_the_unit(org, users):
    with pytest.raises(PermissionDenied) as raised:
        policy.require(users[Role.WRITER], Action.EDIT, org.von)
    assert str(raised.value) == "Du har inte behörighet att ändra Vård- och omsorgsnämnden."


def test_a_role_on_an_operation_does_not_reach_up_or_sideways(org):
    user = UserFactory(username="enhetschef")
    grant(user, org.sn_operation, Role.WRITER)
    assert policy.allows(user, Action.EDIT, org.sn_operation)
    assert not policy.allows(user, Action.VIEW, org.sof)
    assert not policy.allows(user, Action.VIEW, org.sn)


def test_grants_are_read_once_per_user_object(org, users, django_assert_num_queries):
    user = users[Role.WRITER]
    policy.forget(user)
    with django_assert_num_queries(1):
        for unit in (org.sn, org.sof, org.von, org.council):
            policy.allows(user, Action.VIEW, unit)


def test_superuser_may_do_everything(org):
    root = UserFactory(username="root", is_superuser=True)
    assert all(policy.allows(root, action, org.von_operation) for action in Action.values)
