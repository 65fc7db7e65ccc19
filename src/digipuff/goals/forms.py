from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import SeenVersionField, StyledFormMixin, VersionedForm
from digipuff.goals.choices import Assessment
from digipuff.goals.models import CommitteeGoal
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


def committee_goals(committee: OrgUnit, year: int) -> QuerySet[CommitteeGoal]:
    """The goals a committee has taken on for a year, in tree order: the choices where a plan row links a goal."""
    return (
        CommitteeGoal.objects.filter(committee=committee, goal__year=year)
        .select_related("goal")
        .order_by("goal__level__depth", "goal__sort_order", "goal__title")
    )
