"""Issue 11's acceptance in a real browser: an administrator creates 2022 from 2021, adds a goal and a measure for
Socialnämnden in 2022, imports 2022's ledger and changes 2022's account mapping through the confirmation; the old
years' economy tables and report are unchanged to the krona. Checked with axe on each page of the journey.

The demo has its economy (ledger, budget, forecasts) and its delårsrapport in 2019 only, and no economy set-up in
2021; the test therefore gives SN's 2021 a copy of 2019's set-up (cost lines, account ranges, operation areas) first,
so that creating 2022 from 2021 carries a real set-up forward, and it compares 2019's tables and report, and 2021's
set-up, before and after.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from digipuff.economy import selectors
from digipuff.economy import services as economy_services
from digipuff.economy.models import AccountRange, CostLine
from digipuff.goals.models import Goal
from digipuff.indicators.models import Measure
from digipuff.organisation.models import OrgUnit
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report
from tests.e2e.conftest import axe_violations, sign_in
from tests.economy.helpers import cost, sie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _clean(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def _old_years(page, base: str, sn: OrgUnit, report: Report) -> dict[str, object]:
    """What must not change: 2019's economy tables in kronor (as the pages compute them) and as the overview shows
    them, the 2019 report's page and HTML, and 2021's mapping page."""
    seen: dict[str, object] = {"kronor": repr(selectors.all_tables(sn, 2019, 3))}
    page.goto(f"{base}/economy/SN/2019/?month=3")
    seen["overview"] = page.locator("main table").all_inner_texts()
    assert len(seen["overview"]) >= 3  # type: ignore[arg-type]
    page.goto(f"{base}/reports/report/{report.pk}/")
    seen["report"] = page.locator("main").inner_text()
    seen["report_html"] = page.request.get(f"{base}/reports/report/{report.pk}/download.html").text()
    page.goto(f"{base}/economy/SN/2021/mapping/")
    seen["mapping_2021"] = page.locator("main").inner_text()
    seen["ranges"] = sorted(
        AccountRange.objects.filter(cost_line__committee=sn, cost_line__year__in=(2019, 2021)).values_list(
            "cost_line__year", "cost_line__code", "first", "last"
        )
    )
    return seen


def test_a_new_year_is_set_up_in_the_pages_and_the_old_years_keep_their_figures(page, live_server, tmp_path):
    call_command("demo", verbosity=0)
    sn = OrgUnit.objects.get(code="SN")
    economy_services.set_up_copy(actor=None, committee=sn, from_year=2019, to_year=2021)
    report = Report.objects.get(committee=sn, report_type=ReportType.INTERIM_1, occasion__year__year=2019)
    base = live_server.url
    sign_in(page, live_server, "admin", "digipuff-demo")
    before = _old_years(page, base, sn, report)

    # 2022 from 2021: the dry run, then the year.
    page.goto(f"{base}/org/years/")
    page.fill("#id_year", "2022")
    page.select_option("#id_from_year", "2021")
    page.click("button:text('Visa vad som skulle skapas')")
    assert page.locator(".year-preview h3").inner_text() == "Att skapa 2022 från 2021 skulle skapa"
    _clean(page)
    page.click("button:text('Skapa 2022')")
    page.wait_for_url("**/org/years/2022/occasions/")
    assert "Året 2022 skapades från 2021" in page.locator(".alert-success").inner_text()
    assert (
        CostLine.objects.filter(committee=sn, year=2022).count()
        == CostLine.objects.filter(committee=sn, year=2021).count()
    )

    # A goal of the committee's own under a council goal (kommunfullmäktigemål), and a measure for it.
    council_goal = Goal.objects.filter(year=2022, level__depth=1).order_by("pk").first()
    assert council_goal is not None
    page.goto(f"{base}/goals/SN/2022/setup/")
    assert page.locator("h1").inner_text().startswith("Sätt upp mål 2022")
    _clean(page)
    page.locator(f"#goal-{council_goal.pk}").get_by_role("link", name="Lägg till mål under").first.click()
    page.wait_for_url("**/setup/new/*")
    page.fill("#id_title", "Fler får stöd i hemmet")
    page.fill("#id_code", "9.1")
    page.click("form.digipuff-form button[type=submit]")
    page.wait_for_url("**/goals/SN/2022/setup/#goal-*")
    own = Goal.objects.get(year=2022, title="Fler får stöd i hemmet")
    assert (own.owner_id, own.parent_id) == (sn.pk, council_goal.pk)
    page.click("a:text('Nytt mått')")
    page.wait_for_url("**/indicators/SN/2022/measures/new/")
    _clean(page)
    page.fill("#id_name", "Andel som får stöd i hemmet")
    page.select_option("#id_direction", "higher")
    page.select_option("#id_periodicity", "year")
    page.get_by_label("9.1 Fler får stöd i hemmet").check()
    page.click("form.digipuff-form button[type=submit]")
    page.wait_for_url("**/indicators/measures/*/")
    measure = Measure.objects.get(name="Andel som får stöd i hemmet")
    assert [cg.goal for cg in measure.goals.all()] == [own]

    # 2022's ledger, imported on the year's import page now that the year exists.
    ledger = tmp_path / "huvudbok-2022.se"
    ledger.write_bytes(sie([cost("20220125", "5010", "", "125000")], year=2022))
    page.goto(f"{base}/economy/SN/2022/import/")
    page.locator("form:has(input[name=kind][value=sie]) input[type=file]").set_input_files(str(ledger))
    page.click("button:text('Importera SIE-fil')")
    # The import runs as a background task; the answer is its status page (the task has run by then in the tests).
    page.wait_for_url("**/tasks/*/")
    assert "2022" in page.locator("h1").inner_text()
    assert "huvudbok-2022.se har importerats" in page.locator("#task-status").inner_text()

    # 2022's mapping: Personal no longer takes 5000-5099; the confirmation says what moves, then it is saved.
    line = CostLine.objects.get(committee=sn, year=2022, code="PERSONAL")
    page.goto(f"{base}/economy/SN/2022/mapping/cost-lines/{line.pk}/")
    page.get_by_label("Kontointervall").fill("5100-5999")
    page.click("button:text-is('Spara')")
    assert "Bekräfta ändringen av Personal" in page.locator("h1").inner_text()
    assert "5010" in page.locator("#moves").inner_text()
    _clean(page)
    page.click("button:text('Spara och mappa om')")
    page.wait_for_url("**/economy/SN/2022/mapping/")
    assert [str(r) for r in line.ranges.all()] == ["5100–5999"]

    after = _old_years(page, base, sn, report)
    for key, value in before.items():
        assert after[key] == value, key
