"""Forms for the plan (commitments, activities) and for carrying a plan forward."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from digipuff.activities.models import Activity, Commitment
from digipuff.core.forms import StyledFormMixin
from digipuff.goals.forms import GoalChoiceField, GoalSingleChoiceField, committee_goals
from digipuff.goals.models import CommitteeGoal
from digipuff.organisation.models import OrgUnit


class CommitmentForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    goals = GoalChoiceField(
        label=_("Goals"),
        queryset=CommitteeGoal.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Commitment
        fields = ["title", "background", "description", "goals", "sort_order"]
        widgets = {"background": forms.Textarea(attrs={"rows": 4}), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, committee: OrgUnit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = self.instance.goals.values_list("pk", flat=True) if self.instance.pk else []
        cast(forms.ModelChoiceField, self.fields["goals"]).queryset = committee_goals(committee, year, keeping=linked)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service validates and saves; the instance must not be changed before it has checked the version.
        pass


class ActivityForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    goals = GoalChoiceField(
        label=_("Answers to goals"),
        queryset=CommitteeGoal.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    described_under = GoalSingleChoiceField(
        label=_("Described under goal"), queryset=CommitteeGoal.objects.none(), required=False
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "commitment",
            "owner_unit",
            "responsible_role",
            "background",
            "description",
            "goals",
            "described_under",
            "starts",
            "ends",
            "sort_order",
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, committee: OrgUnit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = (
            [*self.instance.goals.values_list("pk", flat=True), self.instance.described_under_id]
            if (self.instance.pk)
            else []
        )
        goals = committee_goals(committee, year, keeping=[pk for pk in linked if pk])
        cast(forms.ModelChoiceField, self.fields["goals"]).queryset = goals
        cast(forms.ModelChoiceField, self.fields["described_under"]).queryset = goals
        cast(forms.ModelChoiceField, self.fields["owner_unit"]).queryset = OrgUnit.objects.filter(
            path__startswith=committee.path
        ).order_by("path")
        self.fields["owner_unit"].required = False
        self.fields["owner_unit"].help_text = _("Empty: the committee itself.")
        cast(forms.ModelChoiceField, self.fields["commitment"]).queryset = Commitment.objects.filter(
            owner_id__in=[committee.pk, *committee.ancestor_ids()], year=year
        ).order_by("owner__depth", "sort_order")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service validates the whole activity (it knows the committee and year); skip the model's own
        # full_clean here, which would run on a half-built instance.
        pass


class CarryForwardForm(StyledFormMixin, forms.Form):
    to_year = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100)
    items = forms.MultipleChoiceField(
        label=_("What to carry forward"), required=True, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["items"]).choices = choices
        self.fields["items"].widget.attrs["class"] = "form-check-input"
