"""The values import in a real browser: a refused file ends on the task's status page with its problems listed,
and both pages pass axe."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from digipuff.core.choices import Role
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import make_measure

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_refused_values_file_shows_its_problems_on_the_status_page(page, live_server, org, users):
    measure = make_measure(org.sn, name="Nöjdhet")
    book = Workbook()
    sheet = book.active
    sheet.title = "Värden"
    sheet.append(["Mått-id", "Mått", "År", "Månad", "Grupp", "Värde"])
    sheet.append([measure.pk, measure.name, 2019, None, "T", "=80+2"])  # a formula without a computed value
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(page, live_server, users[Role.WRITER].username)
    page.goto(f"{live_server.url}/indicators/import/")
    assert "Högst 10 MB" in page.locator("#import-limits").inner_text()
    _assert_accessible(page)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "utfall.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}],
    )
    page.click("button:text('Läs in')")
    page.wait_for_url("**/tasks/*/")
    status = page.locator("[role=status]").inner_text()
    assert "Misslyckades" in status
    assert "Värden!F2" in status
    _assert_accessible(page)
