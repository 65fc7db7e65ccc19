"""Filters for activities, shared by the overview page and the API: status, owner unit, missing comment, late.

Status, comment and lateness are judged at one report occasion, which the view (or the API's `occasion`
parameter) supplies.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from digipuff.activities.models import Activity, ActivityFollowUp
from digipuff.core.filtersets import YearFilter
from digipuff.followup.filtersets import FollowUpFilterMixin
from digipuff.organisation.models import OrgUnit


class ActivityFilterSet(FollowUpFilterMixin):
    follow_up_model = ActivityFollowUp

    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Owner unit"), queryset=OrgUnit.objects.all(), method="filter_owner_unit", empty_label=_("All")
    )
    year = YearFilter(field_name="year", label=_("Year"))
    committee = django_filters.CharFilter(field_name="committee__code", label=_("Committee code"))

    class Meta:
        model = Activity
        fields = ["year", "committee", "owner_unit", "status", "missing_comment", "late", "occasion"]

    def __init__(self, *args: Any, committee: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.filters["owner_unit"].queryset = OrgUnit.objects.filter(path__startswith=committee.path).order_by(
                "path"
            )

    def filter_owner_unit(self, queryset: QuerySet, name: str, value: OrgUnit | None) -> QuerySet:
        """The unit and every unit under it."""
        if value is None:
            return queryset
        return queryset.filter(owner_unit__path__startswith=value.path)

    def late_condition(self) -> Q:
        # Late: a status that means at risk, or an end date passed by the occasion without a status that means done.
        occasion = self.the_occasion
        assert occasion is not None
        overdue = Q(ends__isnull=False, ends__lte=occasion.period_end) & ~Q(self._at(status__is_done=True))
        return Q(self._at(status__is_at_risk=True)) | overdue
