"""Cases in the search (core.search): the diarienummer, title and case officer; a case on a confidential agenda
item only for those entitled (meeting_selectors), as on every other channel."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.search import SearchSource, search_sources
from digipuff.meetings.meeting_selectors import confidential_cases_hidden
from digipuff.meetings.models import Case

search_sources.register(
    SearchSource(
        name="cases",
        label=_("Cases"),
        order=60,
        queryset=lambda user: confidential_cases_hidden(
            policy.restrict(Case.objects.select_related("committee"), user), user
        ),
        fields=("title", "diarienummer", "officer_name"),
        title=lambda case: f"{case.diarienummer} {case.title}",
        url=lambda case: reverse(
            "meetings:case", kwargs={"code": case.committee.code, "year": case.year, "pk": case.pk}
        ),
        year_field="year",
        committee_field="committee",
        context=lambda case: f"{case.committee.name} {case.year}",
    )
)
