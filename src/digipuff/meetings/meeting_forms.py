"""Forms for meetings and their agenda: the meeting, an agenda item, and the agenda's buttons (move, postpone,
withdraw, confidential)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import SeenVersionField, StyledFormMixin
from digipuff.meetings.choices import AgendaItemKind, DecisionOutcome
from digipuff.meetings.models import Case, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("Place"), max_length=300)
    chair_name = forms.CharField(label=_("Chair"), max_length=200, required=False)
    secretary_name = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    signed_place = forms.CharField(
        label=_("Place of signing"), max_length=100, required=False, help_text=_("As “Huddinge” in the notice.")
    )
    signed_on = forms.DateField(label=_("Date of signing"), widget=DATE, required=False)


class AgendaItemForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    kind = forms.ChoiceField(label=_("Kind of item"), choices=AgendaItemKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_("A case's item takes the case's title when left empty."),
    )
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        error_messages={"required": _("Choose the case the item concerns.")},
    )
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    presenter_role = forms.CharField(label=_("Presenter's role"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown under the title in the notice, one line per line (the tabled questions, for instance)."),
    )
    confidential = forms.BooleanField(
        label=_("Confidential item"),
        required=False,
        help_text=_("Shown in its own part, only to those who may edit the committee's cases."),
    )

    def __init__(self, *args: Any, committee: Any, year: int, kind: str, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The fields of the item's kind only: a case for a case, a presenter for information.
        if kind == AgendaItemKind.CASE:
            cases = Case.objects.filter(committee=committee, year__in=[year - 1, year]).order_by("-year", "-number")
            cast(forms.ModelChoiceField, self.fields["case"]).queryset = cases
            self.fields["case"].required = True
        else:
            del self.fields["case"]
            self.fields["title"].required = kind in (AgendaItemKind.STANDARD, AgendaItemKind.INFORMATION)
            self.fields["title"].help_text = ""
        if kind != AgendaItemKind.INFORMATION:
            del self.fields["presenter"]
            del self.fields["presenter_role"]
        if editing:
            # An item's kind and part are chosen when it is added; the agenda's buttons move it between the parts.
            del self.fields["kind"]
            del self.fields["confidential"]

    def values(self) -> dict[str, Any]:
        """The item's fields from the cleaned data; those the kind has no field for are empty."""
        data = self.cleaned_data
        return {
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "case": data.get("case"),
            "presenter": data.get("presenter", ""),
            "presenter_role": data.get("presenter_role", ""),
        }


class ItemVersionForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()


class MoveForm(ItemVersionForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class ConfidentialForm(ItemVersionForm):
    confidential = forms.BooleanField(required=False)


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{localtime(obj.starts_at):%Y-%m-%d %H:%M} {obj.place}"


class PostponeForm(ItemVersionForm):
    to_meeting = MeetingChoiceField(label=_("Postpone to the meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MeetingChoiceField, self.fields["to_meeting"]).queryset = meetings


# -- the protokoll ----------------------------------------------------------------------------------------------------

LINES = forms.Textarea(attrs={"rows": 4})


class ProtokollForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    members = forms.CharField(
        label=_("Members present (ledamöter)"),
        required=False,
        widget=LINES,
        help_text=_("One per line, e.g. “Eva Carlsson-Paulsén (M), ordförande”."),
    )
    serving_substitutes = forms.CharField(
        label=_("Substitutes serving (tjänstgörande ersättare)"), required=False, widget=LINES
    )
    substitutes = forms.CharField(label=_("Substitutes present, not serving"), required=False, widget=LINES)
    others_present = forms.CharField(label=_("Others present"), required=False, widget=LINES)
    adjusters = forms.CharField(label=_("Adjusters (justerare)"), max_length=300, required=False)
    adjustment_place = forms.CharField(label=_("Place of adjustment"), max_length=200, required=False)
    adjusted_on = forms.DateField(label=_("Date of adjustment"), widget=DATE, required=False)
    posted_on = forms.DateField(
        label=_("Notice posted on"),
        widget=DATE,
        required=False,
        help_text=_("The day the notice of adjustment goes up on the notice board; the appeal period runs from it."),
    )


TEXT = forms.Textarea(attrs={"rows": 3})


class DecisionForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    proposal = forms.CharField(label=_("Proposed decision"), required=False, widget=TEXT)
    motions = forms.CharField(label=_("Motions (yrkanden)"), required=False, widget=TEXT)
    procedure = forms.CharField(label=_("Procedure (beslutsgång)"), required=False, widget=TEXT)
    decision = forms.CharField(label=_("Decision"), required=False, widget=TEXT)
    reservations = forms.CharField(label=_("Reservations"), required=False, widget=TEXT)
    disqualified = forms.CharField(label=_("Conflicts of interest (jäv)"), required=False, widget=TEXT)


class VersionForm(StyledFormMixin, forms.Form):
    version = SeenVersionField()


class DelegationDecisionForm(StyledFormMixin, forms.Form):
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    delegate = forms.CharField(label=_("Decided by (delegate)"), max_length=200)
    delegation_point = forms.CharField(label=_("Point of the delegation order"), max_length=50, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    confidential = forms.BooleanField(
        label=_("Confidential (an individual's case)"), required=False, help_text=_("Shown only to those entitled.")
    )


class NonExecutedForm(StyledFormMixin, forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=[(q, str(q)) for q in range(1, 5)], coerce=int)
    area = forms.CharField(label=_("Area"), max_length=200, initial="Individ- och familjeomsorgen")
    women = forms.IntegerField(label=_("Women"), min_value=0)
    men = forms.IntegerField(label=_("Men"), min_value=0)
