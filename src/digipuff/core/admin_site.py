"""The Django admin, open to administrators only and limited to what the policy lets each of them administer."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.choices import Action


class PolicyAdminSite(admin.AdminSite):
    site_header = _("DigiPUFF administration")
    site_title = _("DigiPUFF")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """A signed-in user without an administrator role gets a 403 that says why, not a second login form."""
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(_("The administration is open to administrators only."))
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Administrators sign in through the ordinary login page (throttled, Swedish), not a second form."""
        from django.contrib.auth.views import redirect_to_login
        from django.urls import reverse

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


class PolicyModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # ModelAdmin is generic in the stubs only
    """A model admin whose rows and rights come from the policy, not from Django's model permissions."""

    def get_queryset(self, request: HttpRequest) -> Any:
        return policy.restrict(super().get_queryset(request), request.user, Action.VIEW)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.is_administrator(request.user) and (obj is None or policy.allows(request.user, Action.VIEW, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.is_administrator(request.user) and (
            obj is None or policy.allows(request.user, Action.ADMINISTER, obj)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)


class PolicyAdminConfig(AdminConfig):
    """The Django admin app, with the policy's site as its default site."""

    default_site = "digipuff.core.admin_site.PolicyAdminSite"
