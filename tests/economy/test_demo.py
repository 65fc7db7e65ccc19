"""The seed's economy tables (Socialnämnden, delårsrapport 1 2019) reproduced from the demo's imported files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digipuff.core.formatting import format_millions, format_percent
from digipuff.economy import demo, selectors
from digipuff.economy.models import LedgerImport

# Driftredovisning per verksamhet, mnkr: budget, prognos, avvikelse, åtgärder, avvikelse efter åtgärder,
# budget perioden, utfall perioden, avvikelse perioden (the seed, lines 667-680).
SEED_BY_AREA = {
    "SPB": "36,2 38,8 -2,6 0,0 -2,6 8,8 8,6 0,2",
    "VB": "340,2 343,7 -3,5 0,0 -3,5 82,6 86,8 -4,2",
    "NLA": "38,7 37,9 0,8 0,0 0,8 9,4 8,6 0,8",
    "OFD": "2,9 2,9 0,0 0,0 0,0 0,0 0,0 0,0",
    "SUBTOTAL": "418,0 423,3 -5,3 0,0 -5,3 100,8 104,0 -3,2",
    "FEB": "0,0 3,9 -3,9 3,9 0,0 0,0 1,3 -1,3",
    "EXTRA": "0,0 -4,3 4,3 0,0 4,3 0,0 -4,3 4,3",
    "TOTAL": "418,0 422,9 -4,9 3,9 -1,0 100,8 101,0 -0,2",
}
COLUMNS = [
    "budget_year",
    "forecast",
    "deviation_forecast",
    "measures",
    "deviation_after_measures",
    "budget_period",
    "actual_period",
    "deviation_period",
]
# Resultaträkning, mnkr: 2019 and 2018 (lines 624-652). The seed's Nettokostnad 100,9 and Budget netto 100,7 are the
# same amounts its driftredovisning shows as 101,0 and 100,8; DigiPUFF rounds one exact amount one way.
SEED_INCOME = {
    "TAXOR": ("0,4", "0,6"),
    "FORSALJNING": ("4,9", "4,9"),
    "BIDRAG_INT": ("15,3", "15,8"),
    "OVR_INT": ("0,3", "0,3"),
    "REVENUES": ("20,9", "21,5"),
    "PERSONAL": ("68,5", "66,8"),
    "LOKALER": ("5,6", "6,1"),
    "BIDRAG_KOST": ("0,8", "1,1"),
    "KOP": ("39,6", "48,0"),
    "KONSULTER": ("1,3", "4,0"),
    "VAROR": ("5,4", "4,8"),
    "OVR_KOST": ("0,0", "0,0"),
    "KAPITAL": ("0,6", "0,7"),
    "COSTS": ("121,8", "131,5"),
    "NET": ("101,0", "110,0"),
}
SEED_BALANCE = {
    "BUDGET": "100,8",
    "RESULT": "-0,2",
    "FORECAST": "-1,0",
    "WITHDRAWAL": "0,0",
    "BALANCED": "-1,0",
    "IB": "-22,3",
    "UB": "-23,3",
}


@pytest.fixture
def tables(demo_economy):
    return selectors.all_tables(demo_economy, 2019, 3)


def test_driftredovisning_per_verksamhet_is_the_seeds(tables):
    table = tables["by_area"]
    for code, expected in SEED_BY_AREA.items():
        shown = " ".join(format_millions(table.value(code, column)) for column in COLUMNS)
        assert shown == expected, code
    assert table.value("SUBTOTAL", "forecast") == Decimal("423300000")
    assert [row.label for row in table.rows][4] == "Summa exklusive flyktingmottagande"


def test_resultatrakning_and_balanced_result_are_the_seeds(tables):
    table = tables["income_statement"]
    for code, (this_year, last_year) in SEED_INCOME.items():
        assert format_millions(table.value(code, "actual")) == this_year, code
        assert format_millions(table.value(code, "previous")) == last_year, code
    for code, expected in SEED_BALANCE.items():
        assert format_millions(table.value(code, "actual")) == expected, code
    # "Det är 9 miljoner mindre än motsvarande period 2018"
    assert format_millions(table.value("NET", "previous") - table.value("NET", "actual"), 0) == "9"


def test_budgethallning_and_riktpunkt(tables):
    keeping = tables["budget_keeping"]
    assert keeping.budget == Decimal("418000000")
    assert keeping.deviation_after_measures == Decimal("-1000000")
    assert format_percent(keeping.percent) == "-0,2 %"
    assert format_percent(tables["occasion"].riktpunkt_percent, 0) == "25 %"


def test_investments_measures_grants_and_volumes(tables):
    investments = tables["investments"]
    assert [
        format_millions(investments.value("Oförutsedda investeringar", k)) for k in ("budget", "actual", "forecast")
    ] == [
        "0,7",
        "0,2",
        "0,7",
    ]
    assert [format_millions(investments.value("TOTAL", k)) for k in ("budget", "actual", "forecast")] == [
        "1,3",
        "0,2",
        "1,3",
    ]
    assert format_millions(tables["measures"].rows[-1].values["effect"]) == "3,9"
    volumes = tables["volumes"].rows[0].values
    assert (volumes["actual"], volumes["previous_year"], volumes["change"]) == (
        Decimal("231.4"),
        Decimal("215.2"),
        Decimal("16.2"),
    )
    assert format_millions(tables["earmarked"].value("EXTRA", "actual_period")) == "-4,3"


def test_demo_is_idempotent_and_cites_its_imports(demo_economy):
    before = LedgerImport.objects.count()
    demo.load_committee(demo_economy)
    assert LedgerImport.objects.count() == before == 2
    sie = LedgerImport.objects.get(source="sie")
    assert (sie.year, sie.first_month, sie.last_month) == (2019, 1, 3)
    assert sie.actual_total == Decimal("100952000.00")
    assert len(sie.sha256) == 64
    tables = selectors.all_tables(demo_economy, 2019, 3)
    assert format_millions(tables["by_area"].value("TOTAL", "actual_period")) == "101,0"
