"""Forms of the economy pages. Amounts are typed in tkr (as they are shown) or kronor, the Swedish way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import importing
from digipuff.core.formatting import format_number, parse_number
from digipuff.core.forms import StyledFormMixin, VersionedForm
from digipuff.economy.choices import CostLineKind
from digipuff.economy.importers.budget import BUDGET_TEMPLATE_HELP
from digipuff.economy.mapping import account_range_problems, parse_ranges
from digipuff.economy.models import OperationArea
from digipuff.organisation.models import OrgUnit

THOUSAND = Decimal(1000)


class AmountField(forms.CharField):
    """An amount typed in tkr ("1 234,5") and returned in kronor; empty is None. `max_digits` is the column's (two
    of them decimals): a larger amount is refused here, not by the database."""

    def __init__(self, *args: Any, scale: Decimal = THOUSAND, max_digits: int = 18, **kwargs: Any) -> None:
        self.scale = scale
        self.max_digits = max_digits
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            shown = value / self.scale
            decimals = max(0, -shown.normalize().as_tuple().exponent)  # type: ignore[operator]
            return format_number(shown, min(int(decimals), 3))
        return value

    def clean(self, value: Any) -> Decimal | None:
        value = super().clean(value)
        try:
            number = parse_number(value or "")
        except ValueError:
            raise forms.ValidationError(_("'{text}' is not a number.").format(text=value)) from None
        if number is None:
            if self.required:
                raise forms.ValidationError(_("Enter an amount."))
            return None
        kronor = number * self.scale
        # Checked before rounding: quantize() itself fails on a number with more digits than the context holds.
        if not kronor.is_finite() or abs(kronor) >= Decimal(10) ** (self.max_digits - 2):
            raise forms.ValidationError(_("The amount is too large."))
        return kronor.quantize(Decimal("0.01"))


class SieUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("SIE 4 file"),
        help_text=gettext_lazy("The ledger export (.se, .si) from the financial system."),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Only check the file (dry run)"), required=False, initial=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problem = importing.size_problem(upload.size, kind="sie")  # the shared import limits
        if problem is not None:
            raise forms.ValidationError(problem)
        return upload


class BudgetUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Budget file"), help_text=BUDGET_TEMPLATE_HELP)
    dry_run = forms.BooleanField(label=gettext_lazy("Only check the file (dry run)"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problem = importing.size_problem(upload.size, kind="budget")  # the shared import limits
        if problem is not None:
            raise forms.ValidationError(problem)
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
        return upload


class ForecastForm(StyledFormMixin, forms.Form):
    """One field per cost line (tkr, revenues and costs positive) and the version each row was shown with."""

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            pk = line.cost_line.pk
            self.fields[f"f_{pk}"] = AmountField(label=line.cost_line.name)
            self.fields[f"v_{pk}"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
            self.initial.setdefault(f"f_{pk}", line.forecast)
            self.initial.setdefault(f"v_{pk}", line.version)
        for name, field in self.fields.items():
            if name.startswith("f_"):
                field.widget.attrs.update({"class": "form-control form-control-sm num", "inputmode": "decimal"})

    def amounts(self) -> tuple[dict[int, Decimal | None], dict[int, int | None]]:
        """Kronor in the ledger's sign (revenues negative) and the versions, per cost line id."""
        amounts: dict[int, Decimal | None] = {}
        versions: dict[int, int | None] = {}
        for line in self.lines:
            pk = line.cost_line.pk
            value = self.cleaned_data.get(f"f_{pk}")
            amounts[pk] = None if value is None else (-value if line.cost_line.is_revenue else value)
            versions[pk] = self.cleaned_data.get(f"v_{pk}") or 0
        return amounts, versions

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(line, self[f"f_{line.cost_line.pk}"], self[f"v_{line.cost_line.pk}"]) for line in self.lines]


class RangesField(forms.CharField):
    def clean(self, value: Any) -> list[tuple[str, str]]:
        value = super().clean(value)
        try:
            return parse_ranges(value or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class AccountRangesField(RangesField):
    """Account ranges: digits only, both ends equally long, the first not greater (Kommun-Bas accounts)."""

    def clean(self, value: Any) -> list[tuple[str, str]]:
        ranges = super().clean(value)
        problems = account_range_problems(ranges)
        if problems:
            raise forms.ValidationError(problems)
        return ranges


class DeleteForm(VersionedForm):
    """The confirmation of a removal: carries the version the confirm page was shown with."""


class CostLineForm(VersionedForm):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CostLineKind.choices)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)
    ranges = AccountRangesField(
        label=gettext_lazy("Account ranges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Accounts or ranges separated by commas, e.g. 3100-3199, 3300."),
    )


class OperationAreaForm(VersionedForm):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    org_unit = forms.ModelChoiceField(label=gettext_lazy("Org unit"), queryset=OrgUnit.objects.none(), required=False)
    separate = forms.BooleanField(label=gettext_lazy("Reported below the subtotal"), required=False)
    earmarked = forms.BooleanField(label=gettext_lazy("Earmarked item"), required=False)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)
    ranges = RangesField(
        label=gettext_lazy("Dimension objects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Object ids or ranges of the area dimension, e.g. 3200-3299, 3400."),
    )

    def __init__(self, *args: Any, committee: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["org_unit"]).queryset = OrgUnit.objects.filter(
            path__startswith=committee.path
        ).order_by("path")


class EconomyYearForm(VersionedForm):
    area_dimension = forms.IntegerField(
        label=gettext_lazy("Dimension of the operation areas"),
        min_value=1,
        max_value=999,
        help_text=gettext_lazy("The SIE dimension whose objects tell the operation area (1 = ansvar)."),
    )
    opening_equity = AmountField(label=gettext_lazy("Opening equity (IB eget kapital), tkr"))
    equity_withdrawal = AmountField(
        label=gettext_lazy("Of which withdrawal from equity, tkr"),
        help_text=gettext_lazy("The part of the year's result taken from the equity, as a negative amount."),
    )
    profile = forms.CharField(
        label=gettext_lazy("Monthly budget profile"),
        required=False,
        help_text=gettext_lazy(
            "Twelve weights, January to December, separated by semicolons (e.g. 8;8;9;8;8;9;5;6;9;10;10;10). "
            "Empty: even over the year. The riktpunkt and the spreading of year budgets follow it."
        ),
    )
    subtotal_label = forms.CharField(label=gettext_lazy("Label of the subtotal"), required=False, max_length=100)

    def clean_profile(self) -> list[Decimal] | None:
        text = self.cleaned_data["profile"].strip()
        if not text:
            return None
        try:
            weights = [parse_number(part) for part in text.split(";")]
        except ValueError:
            raise forms.ValidationError(_("The weights must be numbers separated by semicolons.")) from None
        if len(weights) != 12 or any(w is None or w < 0 for w in weights) or not sum(w or 0 for w in weights):
            raise forms.ValidationError(_("Give twelve weights, zero or more and not all zero."))
        return [w for w in weights if w is not None]


class MeasureForm(VersionedForm):
    description = forms.CharField(label=gettext_lazy("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    area = forms.ModelChoiceField(
        label=gettext_lazy("Operation area"), queryset=OperationArea.objects.none(), required=False
    )
    effect = AmountField(label=gettext_lazy("Expected effect on the year's result, tkr"), required=True)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)

    def __init__(self, *args: Any, committee: OrgUnit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = OperationArea.objects.filter(
            committee=committee, year=year
        )


class InvestmentForm(VersionedForm):
    name = forms.CharField(label=gettext_lazy("Project"), max_length=200)
    budget = AmountField(label=gettext_lazy("Budget, tkr"), required=True)
    actual = AmountField(label=gettext_lazy("Actual so far, tkr"), required=True)
    forecast = AmountField(label=gettext_lazy("Forecast for the year, tkr"), required=True)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)


class StateGrantForm(VersionedForm):
    name = forms.CharField(label=gettext_lazy("Grant"), max_length=200)
    amount = AmountField(label=gettext_lazy("Grant, tkr"), required=True)
    cost = AmountField(label=gettext_lazy("Cost, tkr"), required=True)
    in_budget = forms.BooleanField(label=gettext_lazy("Counted in the budget"), required=False)
    in_forecast = forms.BooleanField(label=gettext_lazy("Counted in the forecast"), required=False)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)


class VolumeForm(VersionedForm):
    name = forms.CharField(label=gettext_lazy("Volume"), max_length=200)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=50, required=False)
    actual = AmountField(label=gettext_lazy("Actual"), scale=Decimal(1), max_digits=14)
    budget = AmountField(label=gettext_lazy("Budgeted volume"), scale=Decimal(1), max_digits=14)
    previous_year = AmountField(label=gettext_lazy("Same month last year"), scale=Decimal(1), max_digits=14)
    sort_order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)
