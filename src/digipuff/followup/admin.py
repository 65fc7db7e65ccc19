"""The status set in the admin, for the municipality's administrators; changes go through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from digipuff.core import policy
from digipuff.core.admin_site import VersionCheckedAdmin
from digipuff.core.choices import Action
from digipuff.core.http import signed_in
from digipuff.followup import services
from digipuff.followup.models import FollowUpStatus
from digipuff.organisation.models import OrgUnit


@admin.register(FollowUpStatus)
class FollowUpStatusAdmin(VersionCheckedAdmin):
    list_display = ["name", "code", "sort_order", "is_done", "is_at_risk", "is_active"]
    fields = ["code", "name", "sort_order", "is_done", "is_at_risk", "is_active"]

    def _allowed(self, request: HttpRequest) -> bool:
        if request.user.is_superuser:
            return True
        council = OrgUnit.objects.filter(parent__isnull=True).first()
        return council is not None and policy.allows(request.user, Action.ADMINISTER, council)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # statuses in use are kept; retire one by taking it out of use

    def save_model(self, request: HttpRequest, obj: FollowUpStatus, form: Any, change: bool) -> None:
        saved = services.follow_up_status_save(
            actor=signed_in(request),
            code=obj.code,
            name=obj.name,
            sort_order=obj.sort_order,
            is_done=obj.is_done,
            is_at_risk=obj.is_at_risk,
            is_active=obj.is_active,
        )
        obj.pk = saved.pk
