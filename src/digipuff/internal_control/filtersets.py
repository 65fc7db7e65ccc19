"""Filters for the internal control plan, shared by the overview page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from digipuff.core.filtersets import YearFilter
from digipuff.followup.filtersets import FollowUpFilterMixin
from digipuff.internal_control.models import Risk, RiskAction, RiskActionFollowUp
from digipuff.organisation.models import OrgUnit


def with_risk_value(queryset: QuerySet, prefix: str = "") -> QuerySet:
    return queryset.annotate(value=F(f"{prefix}probability") * F(f"{prefix}consequence"))


class RiskFilterSet(django_filters.FilterSet):
    """Risks by year, committee, minimum risk value and priority (for the API)."""

    year = YearFilter(field_name="year", label=_("Year"))
    committee = django_filters.CharFilter(field_name="committee__code", label=_("Committee code"))
    risk_value = django_filters.NumberFilter(label=_("Risk value at least"), method="filter_risk_value")
    prioritised = django_filters.BooleanFilter(field_name="prioritised", label=_("Prioritised"))

    class Meta:
        model = Risk
        fields = ["year", "committee", "risk_value", "prioritised"]

    def filter_risk_value(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        return with_risk_value(queryset).filter(value__gte=value)


class RiskActionFilterSet(FollowUpFilterMixin):
    """Risk actions by the follow-up at an occasion, owner unit and their risk's value."""

    follow_up_model = RiskActionFollowUp

    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Owner unit"), queryset=OrgUnit.objects.all(), method="filter_owner_unit", empty_label=_("All")
    )
    risk_value = django_filters.NumberFilter(label=_("Risk value at least"), method="filter_risk_value")
    year = YearFilter(field_name="risk__year", label=_("Year"))
    committee = django_filters.CharFilter(field_name="risk__committee__code", label=_("Committee code"))

    class Meta:
        model = RiskAction
        fields = ["year", "committee", "owner_unit", "risk_value", "status", "missing_comment", "late", "occasion"]

    def __init__(self, *args: Any, committee: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.filters["owner_unit"].queryset = OrgUnit.objects.filter(path__startswith=committee.path).order_by(
                "path"
            )

    def filter_owner_unit(self, queryset: QuerySet, name: str, value: OrgUnit | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(owner_unit__path__startswith=value.path)

    def filter_risk_value(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        return with_risk_value(queryset, "risk__").filter(value__gte=value)
