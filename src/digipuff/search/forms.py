"""The search form: the words, and the filters by kind, year and committee."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import StyledFormMixin
from digipuff.search import engine


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    committee = forms.ChoiceField(label=_("Committee"), required=False)

    def __init__(self, *args: Any, years: list[int], committees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "maxlength": engine.MAX_QUERY_LENGTH, "class": "form-control"}
        )
        choices: dict[str, list[tuple[str, Any]]] = {
            "kind": [("", _("All kinds")), *((source.name, source.label) for source in engine.sources())],
            "year": [("", _("All years")), *((str(y), str(y)) for y in years)],
            "committee": [("", _("All committees")), *committees],
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values

    def clean_q(self) -> engine.Query | None:
        text: str = self.cleaned_data["q"]
        if not text:
            return None
        try:
            return engine.parse(text)
        except engine.QueryError as error:
            raise ValidationError(str(error)) from error
