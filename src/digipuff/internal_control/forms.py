"""Forms for the internal control plan. The services validate and save; the forms only collect the input."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import StyledFormMixin
from digipuff.goals.forms import GoalSingleChoiceField, committee_goals
from digipuff.goals.models import CommitteeGoal
from digipuff.internal_control.models import (
    CompetitionTest,
    Control,
    ProviderFollowUp,
    ReviewAction,
    Risk,
    RiskAction,
)
from digipuff.organisation.models import OrgUnit

TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args: Any, committee: OrgUnit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "owner_unit" in self.fields:
            cast(forms.ModelChoiceField, self.fields["owner_unit"]).queryset = OrgUnit.objects.filter(
                path__startswith=committee.path
            ).order_by("path")
            self.fields["owner_unit"].required = False
            self.fields["owner_unit"].help_text = _("Empty: the committee itself. Its writers write the follow-up.")
        if "goal" in self.fields:
            self.fields["goal"] = GoalSingleChoiceField(
                label=_("Goal"),
                queryset=committee_goals(committee, year, keeping=[getattr(self.instance, "goal_id", None) or 0]),
                required=False,
            )
            if self.instance.pk and self.instance.goal_id:
                self.initial["goal"] = self.instance.goal_id
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service checks the version before anything is changed, then validates the whole record.
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class RiskForm(PlanForm):
    goal = forms.ModelChoiceField(queryset=CommitteeGoal.objects.none(), required=False)

    class Meta:
        model = Risk
        fields = [
            "title",
            "background",
            "goal",
            "process",
            "probability",
            "consequence",
            "prioritised",
            "owner_unit",
            "responsible",
            "sort_order",
        ]
        widgets = {"background": TEXTAREA}


class RiskActionForm(PlanForm):
    class Meta:
        model = RiskAction
        fields = ["title", "description", "owner_unit", "responsible", "due", "sort_order"]
        widgets = {"description": TEXTAREA, "due": DATE}


class ControlForm(PlanForm):
    goal = forms.ModelChoiceField(queryset=CommitteeGoal.objects.none(), required=False)

    class Meta:
        model = Control
        fields = [
            "title",
            "goal",
            "process",
            "what",
            "why",
            "method",
            "frequency",
            "owner_unit",
            "responsible",
            "sort_order",
        ]
        widgets = {"what": TEXTAREA, "why": TEXTAREA}


class ReviewActionForm(PlanForm):
    class Meta:
        model = ReviewAction
        fields = [
            "review",
            "reviewer",
            "case_number",
            "recommendation",
            "background",
            "title",
            "description",
            "due",
            "owner_unit",
            "responsible",
            "sort_order",
        ]
        widgets = {"recommendation": TEXTAREA, "background": TEXTAREA, "description": TEXTAREA, "due": DATE}


class ProviderFollowUpForm(PlanForm):
    class Meta:
        model = ProviderFollowUp
        fields = [
            "agreement",
            "area",
            "kind",
            "timing",
            "interval",
            "recipient",
            "owner_unit",
            "responsible",
            "sort_order",
        ]


class CompetitionTestForm(PlanForm):
    class Meta:
        model = CompetitionTest
        fields = ["operation", "description", "form", "timing", "owner_unit", "responsible", "sort_order"]
        widgets = {"description": TEXTAREA}
