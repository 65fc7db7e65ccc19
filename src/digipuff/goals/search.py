"""The committees' goals in the search (core.search): title and description of the goal, and the committee's
interpretation and what it gives särskild prioritet."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.search import SearchSource, search_sources
from digipuff.goals.models import CommitteeGoal


def _url(item: CommitteeGoal) -> str:
    thread = reverse("goals:thread", kwargs={"code": item.committee.code, "year": item.goal.year})
    return f"{thread}#goal-{item.goal_id}"


search_sources.register(
    SearchSource(
        name="goals",
        label=_("Goals"),
        order=10,
        queryset=lambda user: policy.restrict(CommitteeGoal.objects.select_related("goal", "committee"), user),
        fields=("goal__title", "goal__description", "interpretation", "special_priority"),
        title=lambda item: item.goal.title,
        url=_url,
        year_field="goal__year",
        committee_field="committee",
        context=lambda item: f"{item.committee.name} {item.goal.year}",
    )
)
