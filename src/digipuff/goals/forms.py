from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import StyledFormMixin, VersionedForm
from digipuff.goals.choices import Assessment


class AssessmentForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
