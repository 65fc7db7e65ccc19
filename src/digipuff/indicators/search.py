"""Measures and indicators in the search (core.search): name, definition and source (a Kolada KPI id)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.search import SearchSource, search_sources
from digipuff.indicators.models import Measure

search_sources.register(
    SearchSource(
        name="measures",
        label=_("Measures and indicators"),
        order=20,
        queryset=lambda user: policy.restrict(Measure.objects.select_related("owner"), user),
        fields=("name", "description", "source_note", "source_id"),
        title=lambda measure: measure.name,
        url=lambda measure: reverse("indicators:measure", kwargs={"pk": measure.pk}),
        committee_field="owner",  # a measure spans years: left out when a year is chosen
        context=lambda measure: measure.owner.name,
    )
)
