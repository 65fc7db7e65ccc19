"""The KPI page in a real browser: values, measures and the new-measure link, with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from digipuff.core.choices import Role
from digipuff.indicators.choices import Direction, Periodicity, Source
from digipuff.indicators.models import Measure
from digipuff.integrations.kolada import sync
from digipuff.integrations.kolada.demo import offline_client
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_kpi_page_shows_values_measures_and_creates_a_measure(page, live_server, org, users):
    Measure.objects.create(
        owner=org.sn, name="Nöjdhet med särskilt boende", source=Source.KOLADA, source_id="U23471",
        direction=Direction.HIGHER, periodicity=Periodicity.YEAR,
    )  # fmt: skip
    with offline_client() as client:
        assert sync.sync(kpis=["U23471"], client=client).ok
        sync.catalogue_refresh(client=client)
    sign_in(page, live_server, users[Role.ADMIN].username)
    page.goto(f"{live_server.url}/kolada/kpi/U23471/")
    table = page.locator("table")
    assert "Stockholms län, genomsnitt" in table.inner_text()
    assert page.locator("figure.chart svg").count() == 1
    assert "Nöjdhet med särskilt boende" in page.locator("#kpi-measures-heading + ul").inner_text()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.screenshot(path="/tmp/kolada2-kpi.png", full_page=True)
    page.click("text=Skapa mått från nyckeltalet")
    page.wait_for_url("**/SN/*/measures/new/*")
    assert page.input_value("#id_source_id") == "U23471"
    assert page.input_value("#id_name").startswith("Brukarbedömning särskilt boende")
