"""The API's view of a report: metadata, workflow status and, for a decided report, its frozen files."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from digipuff.reports.models import Report


class ReportSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.code", read_only=True)
    occasion = serializers.CharField(source="occasion.name", read_only=True)
    year = serializers.IntegerField(read_only=True)
    snapshot = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "committee",
            "report_type",
            "occasion",
            "year",
            "status",
            "decided_on",
            "case_number",
            "snapshot",
        ]
        read_only_fields = fields

    def get_snapshot(self, report: Report) -> dict[str, Any] | None:
        """For a decided report: the SHA-256 of its document model and files, and where to download them."""
        snapshot = getattr(report, "snapshot", None) if report.is_frozen else None
        if snapshot is None:
            return None
        request = self.context.get("request")

        def url(fmt: str) -> str:
            path = reverse("reports:download", kwargs={"pk": report.pk, "fmt": fmt})
            return request.build_absolute_uri(path) if request else path

        return {
            "document_sha256": snapshot.document_sha256,
            "pdf_sha256": snapshot.pdf_sha256,
            "docx_sha256": snapshot.docx_sha256,
            "pdf": url("pdf"),
            "docx": url("docx"),
        }
