"""Reports' part of creating a year from another: the templates made for that year (with their sections) are copied
to the new year. Templates for every year (year empty) serve the new year as they are."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.rollover import YearSetupResult, YearSetupStep, year_setup_steps
from digipuff.reports.models import ReportTemplate, TemplateSection


def copy_templates(*, actor: Any, from_year: int, to_year: int) -> YearSetupResult:
    result = YearSetupResult()
    for template in ReportTemplate.objects.filter(year=from_year).order_by("report_type", "name", "pk"):
        copy = ReportTemplate(
            report_type=template.report_type,
            name=template.name.replace(str(from_year), str(to_year)),
            year=to_year,
            money_unit=template.money_unit,
            word_template=template.word_template.name,  # the same file: a new upload replaces it for this year only
            updated_by=actor,
        )
        copy.full_clean()
        copy.save()
        for section in template.sections.order_by("order", "pk"):
            TemplateSection.objects.create(
                template=copy,
                order=section.order,
                title=section.title,
                level=section.level,
                kind=section.kind,
                has_text=section.has_text,
                text_position=section.text_position,
                guidance=section.guidance,
                page_break=section.page_break,
                options=dict(section.options or {}),
                updated_by=actor,
            )
        result.add(_("Report templates"))
    return result


def templates_present(year: int) -> bool:
    return ReportTemplate.objects.filter(year=year).exists()


year_setup_steps.register(
    YearSetupStep(
        name="templates",
        label=gettext_lazy("Report templates of the year"),
        order=40,
        run=copy_templates,
        present=templates_present,
    )
)
