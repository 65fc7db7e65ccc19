"""The API's link to the policy. Kept apart from the views: DRF imports it while its own views load."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from digipuff.core import policy
from digipuff.core.choices import Action


class PolicyPermission(permissions.BasePermission):
    """Authenticated users only; object access as the policy says (VIEW for reads, EDIT for writes)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_active)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        action = Action.VIEW if request.method in permissions.SAFE_METHODS else Action.EDIT
        return policy.allows(request.user, action, obj)
