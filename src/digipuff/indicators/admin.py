"""Defining measures and indicators in the admin; saves go through the indicator services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from digipuff.core import policy
from digipuff.core.admin_site import PolicyModelAdmin
from digipuff.core.choices import Action
from digipuff.core.http import signed_in
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators import services
from digipuff.indicators.models import ComparisonArea, ComparisonGroup, Measure
from digipuff.organisation.models import OrgUnit


@admin.register(Measure)
class MeasureAdmin(PolicyModelAdmin):
    list_display = ["name", "owner", "kind", "unit", "source", "source_id", "periodicity"]
    list_filter = ["kind", "source", "periodicity", "owner"]
    search_fields = ["name", "source_id"]
    filter_horizontal = ["goals"]
    fields = ["owner", *services.MEASURE_FIELDS, "goals"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("owner")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "owner":
            kwargs["queryset"] = policy.restrict(
                OrgUnit.objects.filter(kind="committee"), request.user, Action.ADMINISTER
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "goals":
            kwargs["queryset"] = policy.restrict(
                CommitteeGoal.objects.select_related("goal", "committee"), request.user, Action.ADMINISTER
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Measure, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in services.MEASURE_FIELDS if name in form.cleaned_data}
        if change:
            services.measure_update(
                actor=signed_in(request), measure=Measure.objects.get(pk=obj.pk), expected_version=obj.version, **fields
            )
        else:
            obj.pk = services.measure_create(
                actor=signed_in(request), committee=form.cleaned_data["owner"], **fields
            ).pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        measure = Measure.objects.get(pk=form.instance.pk)
        services.measure_update(
            actor=signed_in(request),
            measure=measure,
            expected_version=measure.version,
            goals=list(form.cleaned_data.get("goals", [])),
        )


@admin.register(ComparisonGroup)
class ComparisonGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "is_county"]
    filter_horizontal = ["members"]

    # Each its own method: Django calls has_view_permission with the object (a shared alias of
    # has_module_permission took no object and made every change page a 500).
    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None or obj.committee_id is None:
            return request.user.is_superuser or policy.is_administrator(request.user)
        return policy.allows(request.user, Action.ADMINISTER, obj.committee)

    has_delete_permission = has_change_permission


@admin.register(ComparisonArea)
class ComparisonAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    has_add_permission = has_delete_permission = lambda self, request, obj=None: False
