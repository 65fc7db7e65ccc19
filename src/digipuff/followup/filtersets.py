"""Filters on follow-up at one report occasion (status, missing comment, late), for any followed-up item.

A module's filterset inherits `FollowUpFilterMixin` and names its follow-up model; the view (or the API's
`occasion` parameter) supplies the occasion.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from digipuff.followup.models import FollowUpStatus
from digipuff.organisation.models import ReportOccasion

NO_STATUS = "none"


class FollowUpFilterMixin(django_filters.FilterSet):
    """status / missing_comment / late at the occasion, for any item whose follow-ups are `follow_up_model`."""

    follow_up_model: Any = None

    status = django_filters.ChoiceFilter(label=_("Status"), method="filter_status", empty_label=_("All"))
    missing_comment = django_filters.BooleanFilter(
        label=_("Without comment"), method="filter_missing_comment", widget=django_filters.widgets.BooleanWidget()
    )
    late = django_filters.BooleanFilter(
        label=_("Late"), method="filter_late", widget=django_filters.widgets.BooleanWidget()
    )
    occasion = django_filters.ModelChoiceFilter(
        label=_("Occasion"), queryset=ReportOccasion.objects.all(), method="filter_noop"
    )

    def __init__(self, *args: Any, occasion: ReportOccasion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._occasion = occasion
        self.filters["status"].extra["choices"] = [
            (NO_STATUS, _("No status yet")),
            *((str(s.pk), s.name) for s in FollowUpStatus.objects.filter(is_active=True)),
        ]

    @property
    def the_occasion(self) -> ReportOccasion | None:
        chosen = self.form.cleaned_data.get("occasion") if hasattr(self.form, "cleaned_data") else None
        return chosen or self._occasion

    def _at(self, **conditions: Any) -> Exists:
        return Exists(
            self.follow_up_model.objects.filter(item=OuterRef("pk"), occasion=self.the_occasion, **conditions)
        )

    def filter_noop(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value or self.the_occasion is None:
            return queryset
        if value == NO_STATUS:
            return queryset.exclude(self._at(status__isnull=False))
        return queryset.filter(self._at(status_id=value))

    def filter_missing_comment(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None or self.the_occasion is None:
            return queryset
        has_comment = self._at(comment__gt="")
        return queryset.exclude(has_comment) if value else queryset.filter(has_comment)

    def late_condition(self) -> Q:
        return Q(self._at(status__is_at_risk=True))

    def filter_late(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None or self.the_occasion is None:
            return queryset
        return queryset.filter(self.late_condition()) if value else queryset.exclude(self.late_condition())
