"""Forms of the reports pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from digipuff.core import sections
from digipuff.core.forms import StyledFormMixin, VersionedForm
from digipuff.reports.choices import MoneyUnit, ReportType, TextPosition


class ReportCreateForm(StyledFormMixin, forms.Form):
    report_type = forms.ChoiceField(label=_("Report type"), choices=ReportType.choices)
    deadline = forms.DateField(
        label=_("Deadline for the texts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TextForm(VersionedForm):
    body = forms.CharField(label=_("Text"), required=False, widget=forms.HiddenInput)


class TextStatusForm(VersionedForm):
    status = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TextAssignForm(VersionedForm):
    writer = forms.ModelChoiceField(label=_("Writer"), queryset=get_user_model().objects.none(), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, writers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if writers is not None:
            cast(forms.ModelChoiceField, self.fields["writer"]).queryset = writers


class BulkAssignForm(StyledFormMixin, forms.Form):
    """One writer and deadline for a group of texts (all, a section's, a goal owner's)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    group = forms.ChoiceField(label=_("Texts"), choices=[])
    writer = forms.ModelChoiceField(label=_("Writer"), queryset=get_user_model().objects.none(), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, groups: Any = (), writers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["group"]).choices = [(g.key, f"{g.label} ({len(g.texts)})") for g in groups]
        if writers is not None:
            cast(forms.ModelChoiceField, self.fields["writer"]).queryset = writers


class VersionOnlyForm(VersionedForm):
    """A button on a page that carries the version of the record the page showed."""


class ApplicableForm(VersionedForm):
    applicable = forms.BooleanField(required=False)


class ReportStatusForm(VersionedForm):
    status = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FreezeForm(VersionedForm):
    decided_on = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    case_number = forms.CharField(label=_("Registry number"), max_length=40, help_text=_("E.g. SN-2019/149."))


class TemplateSectionForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Heading"), max_length=200)
    kind = forms.ChoiceField(label=_("Content"), choices=[])
    level = forms.TypedChoiceField(label=_("Heading level"), choices=[(1, 1), (2, 2), (3, 3)], coerce=int)
    has_text = forms.BooleanField(label=_("Text slot"), required=False)
    text_position = forms.ChoiceField(label=_("Text position"), choices=TextPosition.choices)
    guidance = forms.CharField(
        label=_("Guidance for the writer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    page_break = forms.BooleanField(label=_("Start on a new page"), required=False)
    # How an economy table is shown (the section's options).
    money_unit = forms.ChoiceField(
        label=_("Money unit"),
        required=False,
        choices=[("", _("As the template")), *MoneyUnit.choices],
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns of the operating statement"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every column."),
    )
    total_label = forms.CharField(
        label=_("Label of the total row"),
        max_length=80,
        required=False,
        help_text=_("E.g. Summa nettokostnad. Empty: the table's own."),
    )
    group_sums = forms.BooleanField(label=_("Group rows show their subtotals"), required=False)
    years = forms.IntegerField(
        label=_("Years in a table of several years"),
        required=False,
        min_value=2,
        max_value=5,
        help_text=_("Empty: three years."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from digipuff.economy.choices import STATEMENT_COLUMNS

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = sections.choices()
        cast(forms.MultipleChoiceField, self.fields["columns"]).choices = [
            (key, str(label)) for key, label in STATEMENT_COLUMNS
        ]


class TemplateMoneyUnitForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    money_unit = forms.ChoiceField(label=_("Money unit of the economy tables"), choices=MoneyUnit.choices)


class TemplateCopyForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Empty: the municipality's template for every year."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)


class WordTemplateForm(StyledFormMixin, forms.Form):
    word_template = forms.FileField(label=_("Word template (.docx)"))
