"""Forms for registering and editing a case and moving its status on."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


# -- tjänsteutlåtande ------------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class StatementForm(StyledFormMixin, forms.Form):
    """The tjänsteutlåtande as written: the four texts come from the rich-text editors (sanitised by the service),
    the people and lists one a line."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    administration = forms.CharField(label=pgettext_lazy("officer's report", "Administration"), max_length=200)
    dated = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    officer = forms.ModelChoiceField(label=_("Case officer"), queryset=get_user_model().objects.none(), required=False)
    officer_name = forms.CharField(
        label=_("Case officer (name)"),
        max_length=200,
        required=False,
        help_text=_("When the case officer has no account."),
    )
    officer_title = forms.CharField(label=_("Case officer's title"), max_length=200, required=False)
    officer_email = forms.EmailField(label=_("Case officer's e-mail"), required=False)
    proposal = forms.CharField(
        label=pgettext_lazy("officer's report", "Proposed decision"), required=False, widget=forms.HiddenInput
    )
    summary = forms.CharField(
        label=pgettext_lazy("officer's report", "Summary"), required=False, widget=forms.HiddenInput
    )
    description = forms.CharField(
        label=pgettext_lazy("officer's report", "Description of the case"), required=False, widget=forms.HiddenInput
    )
    views = forms.CharField(
        label=pgettext_lazy("officer's report", "The administration's views"), required=False, widget=forms.HiddenInput
    )
    signatories = forms.CharField(
        label=_("Signatories"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: name, title (e.g. “Annmarie Sandberg, Social- och äldreomsorgsdirektör”)."),
    )
    attachments = forms.CharField(
        label=_("Other attachments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line."),
    )
    attach_report = forms.BooleanField(label=_("The case's report is an attachment"), required=False)
    recipients = forms.CharField(
        label=pgettext_lazy("officer's report", "The decision is sent to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line."),
    )

    def __init__(self, *args: Any, committee: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(is_active=True, role_assignments__unit__path__startswith=committee.path)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = users

    def clean_signatories(self) -> list[dict[str, str]]:
        people = []
        for line in _lines(self.cleaned_data["signatories"]):
            name, _sep, title = line.partition(",")
            people.append({"name": name.strip(), "title": title.strip()})
        return people

    def clean_attachments(self) -> list[str]:
        return _lines(self.cleaned_data["attachments"])

    def clean_recipients(self) -> list[str]:
        return _lines(self.cleaned_data["recipients"])


class StatementStatusForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)
