"""What every page's layout needs: the municipality, the user's units and the planning years."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.middleware import planning_years_of
from digipuff.organisation import selectors
from digipuff.organisation.models import Municipality
from digipuff.organisation.sso import enabled as sso_enabled


def navigation(request: HttpRequest) -> dict[str, Any]:
    def years() -> list[int]:
        return planning_years_of(request)

    user = getattr(request, "user", None)

    def sets_up_years() -> bool:
        # ADMINISTER on the top of the tree, read from the grants the policy has already loaded (no query per page):
        # the top unit is the one whose path has a single segment.
        if user is None or not user.is_authenticated:
            return False
        return user.is_superuser or any(
            grant.path.count("/") == 2 and Action.ADMINISTER in policy.ROLE_ACTIONS.get(grant.role, frozenset())
            for grant in policy.grants(user)
        )

    return {
        "municipality": SimpleLazyObject(Municipality.current),
        "nav_years": SimpleLazyObject(years),
        "nav_units": SimpleLazyObject(lambda: [unit for unit, _roles in selectors.units_of_user(user)] if user else []),
        "current_year": getattr(request, "digipuff_year", None),
        "is_administrator": SimpleLazyObject(lambda: user is not None and policy.is_administrator(user)),
        "sets_up_years": SimpleLazyObject(sets_up_years),
        "sso_sign_in": sso_enabled(),
    }
