from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import SeenVersionField, StyledFormMixin, VersionedForm
from digipuff.goals.choices import Assessment
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.organisation.models import OrgUnit


class AssessmentForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    assessment = forms.ChoiceField(label=_("Assessment"), choices=Assessment.choices)
    analysis = forms.CharField(label=_("Analysis"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    reason = forms.CharField(
        label=_("Reason, if you depart from the proposal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CommitteeGoalTextsForm(VersionedForm):
    interpretation = forms.CharField(
        label=_("The committee's interpretation"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    special_priority = forms.CharField(
        label=_("Special priority"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CommitteeGoal) -> str:
        return obj.goal.title


class GoalSingleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CommitteeGoal) -> str:
        return obj.goal.title


def committee_goals(committee: OrgUnit, year: int, *, keeping: Iterable[int] = ()) -> QuerySet[CommitteeGoal]:
    """The goals a committee has taken on for a year, in tree order: the choices where a plan row links a goal.
    Retired goals are not offered, except those the row already links (`keeping`), so that saving it keeps them."""
    return (
        CommitteeGoal.objects.filter(committee=committee, goal__year=year)
        .filter(Q(goal__retired=False) | Q(pk__in=list(keeping)))
        .select_related("goal")
        .order_by("goal__level__depth", "goal__sort_order", "goal__title")
    )


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        code = f"{obj.code} " if obj.code else ""
        return f"{obj.level.name}: {code}{obj.title}"


class GoalForm(StyledFormMixin, forms.Form):
    """A goal of the year's tree. The levels offered are those the user may add goals at; the parents are the
    year's goals of the owner (or above it) that are in use; the service checks both again."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level = forms.ModelChoiceField(label=_("Level"), queryset=GoalLevel.objects.none())
    parent = ParentChoiceField(
        label=_("Parent goal"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Empty for a goal on the top level."),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        help_text=_("Optional, e.g. 2.1; names the goal in Excel files."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(
        self,
        *args: Any,
        levels: QuerySet[GoalLevel],
        owners: list[int],
        year: int,
        goal: Goal | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        parents = Goal.objects.filter(year=year, owner_id__in=owners, retired=False).select_related("level")
        if goal is not None:
            del self.fields["level"]
            parents = parents.filter(level__depth=goal.level.depth - 1)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents.order_by(
            "level__depth", "sort_order", "title"
        )
        if "level" in self.fields:
            cast(forms.ModelChoiceField, self.fields["level"]).queryset = levels


class AdoptForm(StyledFormMixin, forms.Form):
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none())

    def __init__(self, *args: Any, goals: QuerySet[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["goal"]).queryset = goals


class GoalMoveForm(forms.Form):
    version = forms.IntegerField(required=False)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class GoalRetireForm(forms.Form):
    version = forms.IntegerField(required=False)
    retired = forms.BooleanField(required=False)


class GoalsImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Only check the file, change nothing"), required=False)
