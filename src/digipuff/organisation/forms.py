from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import StyledFormMixin, VersionedForm
from digipuff.organisation.choices import OccasionKind, OrgUnitKind, Role
from digipuff.organisation.models import OrgUnit


class OrgUnitForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnitKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=OrgUnit.objects.none(), required=False)
    valid_from = forms.IntegerField(label=_("Valid from year"), min_value=1990, max_value=2100)
    valid_to = forms.IntegerField(label=_("Valid to year"), min_value=1990, max_value=2100, required=False)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents


class RoleAssignmentForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active user called {name}.").format(name=username))
        return user


class YearCreateForm(StyledFormMixin, forms.Form):
    """Create a planning year from another: first shown as a dry run, then confirmed."""

    year = forms.IntegerField(label=_("New year"), min_value=1990, max_value=2100)
    from_year = forms.TypedChoiceField(label=_("Copy from the year"), coerce=int, choices=())
    force = forms.BooleanField(
        label=_("Create it even though it is not the year after"),
        required=False,
        help_text=_("A year is normally created from the year before it."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["from_year"]).choices = [(y, str(y)) for y in reversed(years)]


DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ReportOccasionForm(StyledFormMixin, forms.Form):
    """A report occasion of a year: its name, kind, the end of the period it covers and the reports' deadline."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=OccasionKind.choices)
    period_end = forms.DateField(label=_("Period end"), **DATE_WIDGET)  # type: ignore[arg-type]
    deadline = forms.DateField(label=_("Deadline for the reports"), required=False, **DATE_WIDGET)  # type: ignore[arg-type]


class ReportOccasionEditForm(ReportOccasionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class UnitChoiceField(forms.ModelChoiceField):
    """An org unit picked from the whole tree, indented by its depth."""

    def label_from_instance(self, obj: Any) -> str:
        return "{indent}{name} ({code})".format(indent="\u2003" * obj.depth, name=obj.name, code=obj.code)


class GroupRoleMappingForm(StyledFormMixin, forms.Form):
    """An identity provider group and the role on a unit its members get at sign-in."""

    group = forms.CharField(
        label=_("Group"),
        max_length=200,
        help_text=_("Exactly as the identity provider sends it in the groups claim."),
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.order_by("path"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.READER)


class GroupRoleMappingEditForm(GroupRoleMappingForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
