"""The one permission policy: may this user do this to this object?

Role assignments on the org tree decide everything. A role held on a unit holds for the unit's whole subtree
(a writer on Socialnämnden writes for every verksamhet under it, not for Vård- och omsorgsnämnden). Views, the
admin, the API and the commands all ask `allows`/`require` for one object and `restrict` for querysets, so the
answer is the same through every channel.

An object takes part by naming the org unit it belongs to: its `policy_unit` property (an org unit names itself),
and for querysets its model's `policy_unit_field` (the lookup path to its unit, e.g. "unit" or "goal__committee").
The role assignments and units live in the organisation app; core reads them by model name and never imports a
domain app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from digipuff.core.choices import Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser

_M = TypeVar("_M", bound=Model)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Action.values),
    Role.APPROVER: frozenset({Action.VIEW, Action.EDIT, Action.APPROVE}),
    Role.WRITER: frozenset({Action.VIEW, Action.EDIT}),
    Role.CONTROLLER: frozenset({Action.VIEW, Action.ECONOMY}),
    Role.READER: frozenset({Action.VIEW}),
}


class PolicyUnit(Protocol):
    """What the policy reads of an org unit (organisation.OrgUnit)."""

    @property
    def path(self) -> str: ...

    @property
    def name(self) -> str: ...


class HasPolicyUnit(Protocol):
    @property
    def policy_unit(self) -> PolicyUnit: ...


@dataclass(frozen=True, slots=True)
class Grant:
    """One role assignment as the policy sees it: the unit's tree path and the role."""

    path: str
    role: str
    unit_id: int


_CACHE_ATTR = "_digipuff_grants"


def grants(user: AnyUser) -> tuple[Grant, ...]:
    """The user's role assignments, read once per user object (one query per request)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        assignments = apps.get_model("organisation", "RoleAssignment")
        rows = assignments._default_manager.filter(user=user).values_list("unit__path", "role", "unit_id")
        cached = tuple(Grant(path=path, role=role, unit_id=unit_id) for path, role, unit_id in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: AnyUser) -> None:
    """Drop the cached grants, after the user's role assignments changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _unit_of(obj: object) -> PolicyUnit:
    unit: PolicyUnit | None = getattr(obj, "policy_unit", None)
    if unit is None:
        raise TypeError(f"{type(obj).__name__} does not say which org unit it belongs to (policy_unit).")
    return unit


def _granting(user: AnyUser, action: str) -> list[Grant]:
    return [grant for grant in grants(user) if action in ROLE_ACTIONS[grant.role]]


def allows(user: AnyUser, action: str, obj: Model | HasPolicyUnit) -> bool:
    """True when the user holds a role granting `action` on the object's unit or one of its ancestors."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    path = _unit_of(obj).path
    return any(path.startswith(grant.path) for grant in _granting(user, action))


def require(user: AnyUser, action: str, obj: Model | HasPolicyUnit) -> None:
    """Raise PermissionDenied with a sentence a user understands when `allows` says no."""
    if not allows(user, action, obj):
        raise PermissionDenied(
            _("You do not have permission to {action} {unit}.").format(
                action=Action(action).label, unit=_unit_of(obj).name
            )
        )


def restrict(queryset: QuerySet[_M], user: AnyUser, action: str = Action.VIEW) -> QuerySet[_M]:
    """The part of `queryset` the user may act on (NetBox's restrict)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    field = getattr(queryset.model, "policy_unit_field", None)
    if field is None:
        raise TypeError(f"{queryset.model.__name__} has no policy_unit_field; the policy cannot restrict it.")
    prefix = f"{field}__" if field else ""
    paths = _minimal_paths(grant.path for grant in _granting(user, action))
    if not paths:
        return queryset.none()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return queryset.filter(condition)


def allows_somewhere(user: AnyUser, action: str) -> bool:
    """True when some role of the user grants `action` on some unit (a page offering it to them, such as the values
    import, may open; each object it touches is still asked about with `allows`)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_granting(user, action))


def is_administrator(user: AnyUser) -> bool:
    """May enter the admin: a superuser or an administrator of some unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_granting(user, Action.ADMINISTER))


def _minimal_paths(paths: Iterable[str]) -> list[str]:
    """Drop paths covered by an ancestor path, so the SQL condition stays short."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(shorter) for shorter in kept):
            kept.append(path)
    return kept
