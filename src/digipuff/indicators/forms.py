from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digipuff.core.formatting import parse_number
from digipuff.core.forms import SeenVersionField, StyledFormMixin
from digipuff.goals.forms import committee_goals
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators.choices import (
    MEN,
    TOTAL,
    WOMEN,
    Breakdown,
    Comparator,
    Judgement,
    Periodicity,
    Qualitative,
    TargetKind,
)
from digipuff.indicators.models import ComparisonGroup, Measure
from digipuff.indicators.services import MEASURE_FIELDS
from digipuff.organisation.models import OrgUnit


class SwedishDecimalField(forms.CharField):
    """A number typed the Swedish way ("1 234,5"), read with core.formatting.parse_number.

    It fits the columns measure values and targets are kept in (18 digits, 4 of them decimals): more decimals are
    rounded as the database would, a number too large for the column is refused with the reason.
    """

    def __init__(self, *args: Any, max_digits: int = 18, decimal_places: int = 4, **kwargs: Any) -> None:
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # cleans to a number, not text
        text = super().to_python(value)
        try:
            number = parse_number(text or "")
        except ValueError as exc:
            raise forms.ValidationError(_("Write a number, e.g. 1 234,5.")) from exc
        if number is None:
            return None
        limit = Decimal(10) ** (self.max_digits - self.decimal_places)
        if abs(number) >= limit:
            raise forms.ValidationError(
                _("The number is too large: at most {digits} digits before the decimal comma.").format(
                    digits=self.max_digits - self.decimal_places
                )
            )
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            number = number.quantize(Decimal(1).scaleb(-self.decimal_places), rounding=ROUND_HALF_UP)
        return number


def value_groups(measure: Measure) -> list[tuple[str, str]]:
    """The groups a value form asks for: women and men for gender breakdowns (the total is computed from them
    for ratios), otherwise the total."""
    if measure.breakdown == Breakdown.GENDER:
        groups = [(WOMEN, str(_("Women"))), (MEN, str(_("Men")))]
        return groups if measure.is_ratio else [(TOTAL, str(_("Total"))), *groups]
    return [(TOTAL, str(_("Total")))]


class ValuesForm(StyledFormMixin, forms.Form):
    """The values of one period: a value per group, or numerator and denominator for ratio measures."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=[(m, m) for m in range(1, 13)])

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure.periodicity == Periodicity.YEAR:
            del self.fields["month"]
        elif measure.periodicity == Periodicity.TERTIAL:
            cast(forms.ChoiceField, self.fields["month"]).choices = [
                (4, _("Tertial 1 (April)")),
                (8, _("Tertial 2 (August)")),
                (12, _("Tertial 3 (December)")),
            ]
        for code, label in value_groups(measure):
            if measure.is_ratio:
                self.fields[f"numerator_{code}"] = SwedishDecimalField(
                    label=_("{group}: numerator").format(group=label), required=False
                )
                self.fields[f"denominator_{code}"] = SwedishDecimalField(
                    label=_("{group}: denominator").format(group=label), required=False
                )
            else:
                self.fields[f"value_{code}"] = SwedishDecimalField(
                    label=_("{group}: value").format(group=label), required=False
                )
            self.fields[f"version_{code}"] = SeenVersionField()
        self.fields["is_forecast"] = forms.BooleanField(
            label=_("Forecast"),
            required=False,
            help_text=_("The values are a forecast, not an outcome: marked * in report tables."),
        )
        if measure.rolling_12 and not measure.is_ratio:
            for code, label in value_groups(measure):
                self.fields[f"value_{code}"].label = _("{group}: value (r12)").format(group=label)
                self.fields[f"value_{code}"].help_text = _("The rolling-12 value as the HR system reports it.")
        for name, field in self.fields.items():
            if name.startswith(("numerator_", "denominator_", "value_")):
                field.widget.attrs["class"] = "form-control"
                field.widget.attrs["inputmode"] = "decimal"


class TargetForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    kind = forms.ChoiceField(label=_("Kind of target"), choices=TargetKind.choices)
    comparator = forms.ChoiceField(label=_("Comparator"), choices=[("", "–"), *Comparator.choices], required=False)
    value = SwedishDecimalField(label=_("Target value"), required=False)
    qualitative = forms.ChoiceField(label=_("Direction"), choices=[("", "–"), *Qualitative.choices], required=False)
    reference = SwedishDecimalField(
        label=_("Reference value"), required=False, help_text=_("For Behåll/Öka/Minska; empty: last year's value.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class JudgementForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    judgement = forms.ChoiceField(label=_("The difference is"), choices=Judgement.choices)
    text = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 4}))


class AnalysisForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    text = forms.CharField(label=_("Analysis"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File (Excel .xlsx or CSV)"))
    dry_run = forms.BooleanField(label=_("Only check the file, change nothing"), required=False)


class MeasureGoalsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CommitteeGoal) -> str:
        code = f"{obj.goal.code} " if obj.goal.code else ""
        return f"{code}{obj.goal.title}"


class MeasureForm(StyledFormMixin, forms.ModelForm):
    """A measure's definition and the goals of one year it answers to; the service validates and saves."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goals = MeasureGoalsField(
        label=_("Goals"),
        queryset=CommitteeGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The committee's goals of the year that the measure shows how far they are reached."),
    )

    class Meta:
        model = Measure
        fields = [name for name in MEASURE_FIELDS if name != "equality_threshold"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, committee: OrgUnit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["goals"]).queryset = committee_goals(committee, year)
        cast(forms.ModelChoiceField, self.fields["comparison_group"]).queryset = ComparisonGroup.objects.filter(
            Q(committee=committee) | Q(committee__isnull=True)
        )
        self.fields["source_id"].label = _("Source id (Kolada KPI)")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial["goals"] = [cg.pk for cg in self.instance.goals.all() if cg.goal.year == year]

    def _post_clean(self) -> None:
        # The service checks the version before anything is changed, then validates the whole record.
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}


class TargetRemoveForm(forms.Form):
    version = forms.IntegerField(required=False)
