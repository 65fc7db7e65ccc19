"""Report texts in the search (core.search): what the writers wrote, only in reports the user may view (a
committee's texts, finished or not, are never found by another committee's writers)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core import policy
from digipuff.core.search import SearchSource, search_sources
from digipuff.reports.models import ReportText

search_sources.register(
    SearchSource(
        name="report_texts",
        label=_("Report texts"),
        order=50,
        queryset=lambda user: policy.restrict(
            ReportText.objects.exclude(body="").select_related("report", "report__committee"), user
        ),
        fields=("title", "body"),
        html_fields=frozenset({"body"}),
        title=lambda text: text.title,
        url=lambda text: reverse("reports:text", kwargs={"pk": text.pk}),
        year_field="report__occasion__year__year",
        committee_field="report__committee",
        context=lambda text: f"{text.report.title} · {text.report.committee.name}",
    )
)
