"""Forms for registering and editing a case and moving its status on."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import StyledFormMixin
from digipuff.meetings.choices import CaseStatus
from digipuff.organisation.models import OrgUnit
from digipuff.reports.models import Report


class CaseForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    title = forms.CharField(label=_("Title"), max_length=300)
    officer = forms.ModelChoiceField(label=_("Case officer"), queryset=get_user_model().objects.none(), required=False)
    officer_name = forms.CharField(
        label=_("Case officer (name)"),
        max_length=200,
        required=False,
        help_text=_("When the case officer has no account."),
    )
    report = forms.ModelChoiceField(label=_("Report"), queryset=Report.objects.none(), required=False)

    def __init__(self, *args: Any, committee: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The committee's own people (a role on it or a unit under it): officers are förvaltning staff, and the list
        # stays short and tells nobody who works elsewhere in the municipality.
        users = (
            get_user_model()
            .objects.filter(is_active=True, role_assignments__unit__path__startswith=committee.path)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = users
        reports = Report.objects.filter(committee=committee).order_by("-occasion__period_end", "report_type")
        cast(forms.ModelChoiceField, self.fields["report"]).queryset = reports


class StatusForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
