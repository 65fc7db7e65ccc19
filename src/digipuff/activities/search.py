"""Activities in the search (core.search): title, description and background."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.activities.models import Activity
from digipuff.core import policy
from digipuff.core.search import SearchSource, search_sources
from digipuff.organisation.models import OrgUnit


def _activities(user: Any) -> QuerySet[Activity]:
    # The activity's page is the committee's: a role on the owner unit alone does not open it.
    committees = policy.restrict(OrgUnit.objects.all(), user)
    return policy.restrict(Activity.objects.select_related("committee"), user).filter(committee__in=committees)


search_sources.register(
    SearchSource(
        name="activities",
        label=_("Activities"),
        order=30,
        queryset=_activities,
        fields=("title", "description", "background"),
        title=lambda activity: activity.title,
        url=lambda activity: reverse(
            "activities:activity",
            kwargs={"code": activity.committee.code, "year": activity.year, "pk": activity.pk},
        ),
        year_field="year",
        committee_field="committee",
        context=lambda activity: f"{activity.committee.name} {activity.year}",
    )
)
