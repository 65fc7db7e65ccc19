"""The Django admin, open to administrators only and limited to what the policy lets each of them administer."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError, verify_version


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


#: The hidden field of an admin change form that carries the version the form was opened with.
SEEN_VERSION = "seen_version"


class VersionCheckedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # ModelAdmin is generic in the stubs only
    """An admin whose change form carries the version it was opened with, so that a save based on a copy somebody
    else has changed since is refused with the same message as in the pages, never an overwrite.

    The check runs in the form's validation, inside the transaction the admin wraps every change in, and locks the
    row until the save: the service that saves (or the plain save) then works on the version the user saw.
    """

    def _versioned(self, obj: Any) -> bool:
        from digipuff.core.models import VersionedModel  # not at import: this module is loaded with the app configs

        return obj is not None and issubclass(self.model, VersionedModel)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not self._versioned(obj):
            return fieldsets
        first, *rest = fieldsets
        return [(first[0], {**first[1], "fields": [*first[1]["fields"], SEEN_VERSION]}), *rest]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if not self._versioned(obj):
            return super().get_form(request, obj, change=change, **kwargs)
        # The version is a field of the form, not of the model: keep it out of the fields the model form is made of.
        fields = kwargs.get("fields")
        if fields is None:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f != SEEN_VERSION]
        base = super().get_form(request, obj, change=change, **kwargs)

        def clean(form: Any) -> Any:
            cleaned = base.clean(form) or {}
            try:
                # A form posted without the version it was opened with counts as opened on nothing.
                seen = cleaned.get(SEEN_VERSION) or 0
                verify_version(type(form.instance), pk=form.instance.pk, expected_version=seen)
            except ConflictError as exc:
                raise ValidationError(exc.message, code="conflict") from exc
            return cleaned

        seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=obj.version)
        return type(base.__name__, (base,), {SEEN_VERSION: seen, "clean": clean})

    delete_confirmation_template = "admin/versioned_delete_confirmation.html"

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        """A delete is confirmed for the version the confirmation showed: one confirmed after somebody changed the
        record is refused with the conflict message, and the confirmation is shown again with what is stored now."""
        if request.method != "POST" or not self._versioned(self.model):
            return super().delete_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_delete_permission(request, obj):
            return super().delete_view(request, object_id, extra_context)  # its own "not found" or refusal
        with transaction.atomic(using=router.db_for_write(self.model)):
            try:
                seen = int(request.POST.get(SEEN_VERSION) or 0)
                verify_version(self.model, pk=unquote(object_id), expected_version=seen)
            except (ConflictError, ValueError) as exc:
                text = exc.message if isinstance(exc, ConflictError) else _("The page is incomplete; reload it.")
                messages.error(request, text)
                return HttpResponseRedirect(request.get_full_path())
            # The row stays locked at the version the user saw until the delete is done.
            return super().delete_view(request, object_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and self._versioned(obj):
            # The form's check has locked the row at the version the user saw; this save is its next version.
            obj.version += 1
            obj.updated_by = request.user if request.user.is_authenticated else None
        super().save_model(request, obj, form, change)


class PolicyModelAdmin(VersionCheckedAdmin):
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
