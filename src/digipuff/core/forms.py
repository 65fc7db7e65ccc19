"""Form conventions shared by every module: Bootstrap classes and accessible error links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import ApiToken

# The largest whole number an integer column holds in every database DigiPUFF runs on (PostgreSQL's `integer`).
LARGEST_INTEGER = 2**31 - 1


class StyledFormMixin:
    """Gives every widget its Bootstrap class and ties errors and help texts to the field for screen readers.

    A whole-number field without an upper bound gets the integer column's (`LARGEST_INTEGER`), so that a huge
    number is a field error in Swedish with the user's input kept, not the database's overflow.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.IntegerField) and field.max_value is None:
                field.max_value = LARGEST_INTEGER
                field.validators.append(MaxValueValidator(LARGEST_INTEGER))
                field.widget.attrs.setdefault("max", LARGEST_INTEGER)
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        # Marked as errors arrive, not in __init__ (subclasses finish setting up their fields after
        # super().__init__) and not only in full_clean: a service's errors are added after validation.
        super().add_error(field, error)  # type: ignore[misc]
        for name in self._errors or {}:  # type: ignore[attr-defined]
            bound_field = self.fields.get(name)  # type: ignore[attr-defined]
            if bound_field is not None and "is-invalid" not in bound_field.widget.attrs.get("class", ""):
                bound_field.widget.attrs["class"] = f"{bound_field.widget.attrs.get('class', '')} is-invalid".strip()
                bound_field.widget.attrs["aria-invalid"] = "true"
                bound_field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"  # type: ignore[index]


class SeenVersionField(forms.IntegerField):
    """The version of the record a form was opened with: 0 when it was opened on no record (also when the field is
    missing), so that saving the form cannot overwrite a record somebody else created after it was opened."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        return super().clean(value) or 0


class VersionedForm(StyledFormMixin, forms.Form):
    """A form that carries the version of the record it was rendered from (lost-update protection)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def add_validation_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their fields, the rest on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class NoticeSettingsForm(StyledFormMixin, forms.Form):
    """Which e-mail notices the user wants (core.notices); every kind is checked until the user turns it off."""

    version = SeenVersionField()
    wanted = forms.MultipleChoiceField(
        label=_("E-mail me when"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["wanted"]).choices = kinds or []


class ApiTokenForm(StyledFormMixin, forms.Form):
    """A new API token: its name, scopes and expiry date (core.tokens.token_create checks them)."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the system that will use it.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the token may be used for. Your roles still decide which units it reaches."),
    )
    expires = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year from today."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].widget.attrs["class"] = "form-check-input"
        self.fields["expires"].initial = timezone.localdate() + timedelta(days=90)
