"""Risks of the internal control plan in the search (core.search): the risk, its background and process."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.search import SearchSource, search_sources
from digipuff.internal_control.models import Risk

search_sources.register(
    SearchSource(
        name="risks",
        label=_("Risks"),
        order=40,
        queryset=lambda user: policy.restrict(Risk.objects.select_related("committee"), user),
        fields=("title", "background", "process"),
        title=lambda risk: risk.title,
        url=lambda risk: reverse(
            "internal_control:risk", kwargs={"code": risk.committee.code, "year": risk.year, "pk": risk.pk}
        ),
        year_field="year",
        committee_field="committee",
        context=lambda risk: f"{risk.committee.name} {risk.year}",
    )
)
