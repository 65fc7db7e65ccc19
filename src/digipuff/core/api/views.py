"""Base API views: querysets restricted through the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from digipuff.core import policy
from digipuff.core.choices import Action


class PolicyReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """A read endpoint whose queryset is restricted to what the user may view."""

    def get_queryset(self) -> QuerySet[Any]:
        return policy.restrict(super().get_queryset(), self.request.user, Action.VIEW)
