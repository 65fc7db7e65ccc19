"""The report template page with its table options in a real browser: a quality coordinator sets an economy table
to tkr with its own total label, checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from digipuff.reports.models import ReportTemplate, TemplateSection
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_coordinator_sets_a_table_to_tkr_on_the_template_page(page, live_server):
    call_command("demo", verbosity=0)
    template = ReportTemplate.objects.get(report_type="delar1", year__isnull=True)
    section = TemplateSection.objects.get(template=template, kind="economy:by_area")
    sign_in(page, live_server, "admin", "digipuff-demo")
    page.goto(f"{live_server.url}/reports/templates/{template.pk}/")
    item = page.locator(f"#section-{section.pk}")
    item.locator("summary").click()
    item.get_by_label("Beloppsenhet").select_option("tkr")
    item.get_by_label("Summaradens namn").fill("Summa nettokostnad")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
    item.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "Avsnittet sparades" in page.content()
    section.refresh_from_db()
    assert section.options == {"unit": "tkr", "total_label": "Summa nettokostnad"}
