"""Setting up the goal tree of a year in the admin: levels, goals, and which goals each committee takes on.
Every save goes through the goal services (policy, audit, versions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from digipuff.core import policy
from digipuff.core.admin_site import PolicyModelAdmin, VersionCheckedAdmin
from digipuff.core.choices import Action
from digipuff.core.http import signed_in
from digipuff.goals import services
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.organisation.models import OrgUnit


def _municipality_admin(request: HttpRequest) -> bool:
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    return request.user.is_superuser or (root is not None and policy.allows(request.user, Action.ADMINISTER, root))


@admin.register(GoalLevel)
class GoalLevelAdmin(VersionCheckedAdmin):
    """The levels of a year's goal tree; administrators of the whole municipality define them."""

    list_display = ["year", "depth", "name", "owner"]
    list_filter = ["year"]
    fields = ["year", "depth", "name", "name_plural", "owner"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _municipality_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _municipality_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _municipality_admin(request) and (obj is None or not obj.goals.exists())

    def save_model(self, request: HttpRequest, obj: GoalLevel, form: Any, change: bool) -> None:
        saved = services.goal_level_set(
            actor=signed_in(request),
            year=obj.year,
            depth=obj.depth,
            name=obj.name,
            name_plural=obj.name_plural,
            owner=obj.owner,
            expected_version=obj.version if change else 0,
        )
        obj.pk = saved.pk


@admin.register(Goal)
class GoalAdmin(PolicyModelAdmin):
    list_display = ["title", "year", "level", "parent", "owner"]
    list_filter = ["year", "level__name"]
    search_fields = ["title"]
    fields = ["level", "parent", "title", "description", "sort_order", "committee_for_own_goal"]
    readonly_fields = []

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        from django import forms

        kwargs["fields"] = ["level", "parent", "title", "description", "sort_order"]
        base = super().get_form(request, obj, change=change, **kwargs)
        committees = policy.restrict(OrgUnit.objects.filter(kind="committee"), request.user, Action.ADMINISTER)

        class GoalForm(base):  # type: ignore[misc, valid-type]
            committee_for_own_goal = forms.ModelChoiceField(
                queryset=committees, required=False, label="Nämnd (för nämndmål)"
            )

        return GoalForm

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("level", "parent", "owner")

    def save_model(self, request: HttpRequest, obj: Goal, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.goal_update(
                actor=signed_in(request),
                goal=Goal.objects.get(pk=obj.pk),
                expected_version=obj.version,
                title=data["title"],
                description=data["description"],
                parent=data["parent"],
                sort_order=data["sort_order"],
            )
        else:
            created = services.goal_create(
                actor=signed_in(request),
                level=data["level"],
                title=data["title"],
                parent=data["parent"],
                committee=data.get("committee_for_own_goal"),
                description=data["description"],
                sort_order=data["sort_order"],
            )
            obj.pk, obj.owner, obj.year, obj.version = created.pk, created.owner, created.year, created.version


@admin.register(CommitteeGoal)
class CommitteeGoalAdmin(PolicyModelAdmin):
    """Which council goals a committee takes on (its own goals it has from the start)."""

    list_display = ["goal", "committee"]
    list_filter = ["goal__year", "committee"]
    search_fields = ["goal__title"]
    fields = ["committee", "goal"]
    autocomplete_fields = ["goal"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("goal", "committee")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "committee":
            kwargs["queryset"] = policy.restrict(
                OrgUnit.objects.filter(kind="committee"), request.user, Action.ADMINISTER
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: CommitteeGoal, form: Any, change: bool) -> None:
        saved = services.committee_goal_adopt(actor=signed_in(request), committee=obj.committee, goal=obj.goal)
        obj.pk = saved.pk
