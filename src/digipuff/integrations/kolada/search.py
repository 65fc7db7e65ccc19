"""Kolada's KPI catalogue in the search (core.search): title, definition and operating area. The catalogue is
public knowledge, open to every signed-in user (as its own search page is); a KPI Kolada no longer lists is left
out."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digipuff.core.search import SearchSource, search_sources
from digipuff.integrations.kolada.models import KpiMetadata


def _catalogue(user: Any) -> QuerySet[KpiMetadata]:
    if not user.is_authenticated or not user.is_active:
        return KpiMetadata.objects.none()
    return KpiMetadata.objects.filter(disappeared_at__isnull=True)


search_sources.register(
    SearchSource(
        name="kolada",
        label=_("Kolada key figures"),
        order=70,
        queryset=_catalogue,
        fields=("title", "description", "operating_area", "id"),
        title=lambda kpi: kpi.title,
        url=lambda kpi: reverse("kolada:kpi", kwargs={"kpi_id": kpi.id}),
        context=lambda kpi: f"{kpi.id} · {kpi.operating_area}" if kpi.operating_area else kpi.id,
    )
)
