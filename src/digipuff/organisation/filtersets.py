import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from digipuff.core.filtersets import YearFilter
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit


class OrgUnitFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrgUnitKind.choices)
    year = YearFilter(method="filter_year", label=_("Active in year"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent unit code"))

    class Meta:
        model = OrgUnit
        fields = ["kind", "year", "parent"]

    def filter_year(self, queryset: QuerySet[OrgUnit], name: str, value: int) -> QuerySet[OrgUnit]:
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value), valid_from__lte=value)
