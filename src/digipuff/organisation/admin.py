from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from digipuff.core import policy
from digipuff.core.admin_site import PolicyModelAdmin
from digipuff.core.choices import Action
from digipuff.core.http import signed_in
from digipuff.organisation import services
from digipuff.organisation.models import GroupRoleMapping, OrgUnit, RoleAssignment


@admin.register(OrgUnit)
class OrgUnitAdmin(PolicyModelAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "version"]
    fields = ["parent", "kind", "name", "code", "valid_from", "valid_to", "sort_order", "kolada_ou_id", "path"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("parent")

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        if change:
            services.org_unit_update(
                actor=signed_in(request),
                unit=OrgUnit.objects.get(pk=obj.pk),
                expected_version=obj.version,
                name=obj.name,
                code=obj.code,
                kind=obj.kind,
                parent=obj.parent,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
                sort_order=obj.sort_order,
            )
        else:
            created = services.org_unit_create(
                actor=signed_in(request),
                parent=obj.parent,
                kind=obj.kind,
                name=obj.name,
                code=obj.code,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
                sort_order=obj.sort_order,
            )
            obj.pk, obj.path = created.pk, created.path


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(PolicyModelAdmin):
    list_display = ["user", "role", "unit", "source", "sso_group", "created_at"]
    list_filter = ["role", "source"]
    readonly_fields = ["source", "sso_group"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return policy.restrict(
            super(PolicyModelAdmin, self).get_queryset(request), request.user, Action.ADMINISTER
        ).select_related("user", "unit")

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        assignment = services.role_assign(actor=signed_in(request), user=obj.user, unit=obj.unit, role=obj.role)
        if change and assignment.pk != obj.pk:
            services.role_revoke(actor=signed_in(request), assignment=RoleAssignment.objects.get(pk=obj.pk))
        obj.pk = assignment.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        services.role_revoke(actor=signed_in(request), assignment=obj)


def _administers_municipality(request: HttpRequest) -> bool:
    user = request.user
    if user.is_superuser:
        return True
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    return root is not None and policy.allows(user, Action.ADMINISTER, root)


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(PolicyModelAdmin):
    """The identity provider's groups and the roles they give (also at /org/sso/); the municipality's
    administrators only, every change through the services."""

    list_display = ["group", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["group", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    fields = ["group", "unit", "role"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super(PolicyModelAdmin, self).get_queryset(request).select_related("unit")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administers_municipality(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers_municipality(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers_municipality(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _administers_municipality(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers_municipality(request)

    def save_model(self, request: HttpRequest, obj: GroupRoleMapping, form: Any, change: bool) -> None:
        if change:
            # The form's version check has locked the row at the version the user saw.
            stored = GroupRoleMapping.objects.get(pk=obj.pk)
            services.group_role_mapping_update(
                actor=signed_in(request),
                mapping=stored,
                expected_version=stored.version,
                group=obj.group,
                unit=obj.unit,
                role=obj.role,
            )
        else:
            created = services.group_role_mapping_create(
                actor=signed_in(request), group=obj.group, unit=obj.unit, role=obj.role
            )
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: GroupRoleMapping) -> None:
        services.group_role_mapping_delete(actor=signed_in(request), mapping=obj, expected_version=None)


class PolicyUserAdmin(UserAdmin):
    """User accounts are administered by the municipality's top administrators only."""

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        root = OrgUnit.objects.filter(parent__isnull=True).first()
        return root is not None and policy.allows(user, Action.ADMINISTER, root)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only a superuser may change a superuser account.
        return self._allowed(request) and (obj is None or not obj.is_superuser or request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), "is_superuser", "is_staff", "groups", "user_permissions"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PolicyUserAdmin)
