"""The form for one item's follow-up at one occasion."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from digipuff.core.forms import StyledFormMixin
from digipuff.followup.models import FollowUpStatus


class FollowUpForm(StyledFormMixin, forms.Form):
    """Status and comment at one occasion; `version` is 0 when nothing was written yet."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=FollowUpStatus.objects.none(), required=False, empty_label=_("No status yet")
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, prefix_id: str = "", occasion_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if occasion_name:  # the cell stands in a table of occasions: the label says which one is being written
            self.fields["status"].label = _("Status, {name}").format(name=occasion_name)
        cast(forms.ModelChoiceField, self.fields["status"]).queryset = FollowUpStatus.objects.filter(
            is_active=True
        ).order_by("sort_order")
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"
