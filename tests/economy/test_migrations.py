"""The data migration that gave each year its own economy set-up: every year with economy data gets a copy of the
committee's cost lines and areas, and each year's amounts, forecasts and measures point at that year's copy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("economy", "0001_initial")]
AFTER = [("economy", "0004_set_up_year_required")]


@pytest.mark.django_db(transaction=True)
def test_each_year_with_data_gets_its_own_copy_and_keeps_its_figures(org):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    CostLine, AccountRange = old.get_model("economy", "CostLine"), old.get_model("economy", "AccountRange")
    Area, ObjectRange = old.get_model("economy", "OperationArea"), old.get_model("economy", "ObjectRange")
    Import, Amount = old.get_model("economy", "LedgerImport"), old.get_model("economy", "LedgerAmount")
    Forecast, Measure = old.get_model("economy", "Forecast"), old.get_model("economy", "BalanceMeasure")
    sn = org.sn.pk
    line = CostLine.objects.create(committee_id=sn, code="PERSONAL", name="Personal", kind="cost", sort_order=1)
    AccountRange.objects.create(cost_line=line, first="5000", last="5999")
    area = Area.objects.create(committee_id=sn, code="VB", name="Vård och behandling", sort_order=1)
    ObjectRange.objects.create(area=area, first="3200", last="3299")
    for year, amount in ((2019, "100"), (2021, "250")):
        record = Import.objects.create(
            committee_id=sn, source="sie", year=year, first_month=1, last_month=3, filename="f.se", sha256="0" * 64
        )
        Amount.objects.create(
            committee_id=sn, import_record=record, kind="actual", year=year, month=1, account="5010",
            object_id="3200", cost_line=line, area=area, amount=Decimal(amount),
        )  # fmt: skip
    Forecast.objects.create(committee_id=sn, year=2021, month=3, area=area, cost_line=line, amount=Decimal(9))
    Measure.objects.create(committee_id=sn, year=2021, month=3, area=area, description="Vakanshållning")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    CostLine, Area = new.get_model("economy", "CostLine"), new.get_model("economy", "OperationArea")
    Amount, Forecast = new.get_model("economy", "LedgerAmount"), new.get_model("economy", "Forecast")
    Measure = new.get_model("economy", "BalanceMeasure")
    lines = {line.year: line for line in CostLine.objects.filter(committee_id=sn)}
    areas = {area.year: area for area in Area.objects.filter(committee_id=sn)}
    assert sorted(lines) == sorted(areas) == [2019, 2021]
    for year in (2019, 2021):
        assert [(r.first, r.last) for r in lines[year].ranges.all()] == [("5000", "5999")]
        assert [(r.first, r.last) for r in areas[year].ranges.all()] == [("3200", "3299")]
        amount = Amount.objects.get(year=year)
        assert (amount.cost_line_id, amount.area_id) == (lines[year].pk, areas[year].pk)
    assert Amount.objects.get(year=2021).amount == Decimal("250.00")
    forecast = Forecast.objects.get()
    assert (forecast.cost_line_id, forecast.area_id) == (lines[2021].pk, areas[2021].pk)
    assert Measure.objects.get().area_id == areas[2021].pk
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
