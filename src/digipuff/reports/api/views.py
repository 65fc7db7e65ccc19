"""Read endpoints for reports, restricted by the policy."""

from __future__ import annotations

from digipuff.core.api.views import PolicyReadOnlyViewSet
from digipuff.reports.api.serializers import ReportSerializer
from digipuff.reports.models import Report


class ReportViewSet(PolicyReadOnlyViewSet):
    """Reports of the committees the user may read: metadata, status and a decided report's frozen files."""

    queryset = Report.objects.select_related("committee", "occasion", "snapshot").order_by("pk")
    serializer_class = ReportSerializer
    filterset_fields = ["report_type", "status"]
