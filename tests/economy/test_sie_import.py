"""Importing the ledger from SIE 4: PC8 letters, negative amounts, dry runs, re-imports, refusals with line numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digipuff.core.importing import ImportFailed
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import CostLine, LedgerAmount, LedgerImport
from digipuff.organisation.models import PlanningYear
from tests.economy.helpers import areas, cost, sie

REAL = Path("/work/shared/data/sie")


def _amounts(committee):
    return {
        (a.kind, a.year, a.month, a.account, a.object_id): a.amount
        for a in LedgerAmount.objects.filter(committee=committee)
    }


def test_pc8_file_with_negative_amounts_is_aggregated_per_month_account_and_object(org):
    areas(org.sn, org.sn_operation)
    data = sie(
        [
            cost("20190110", "5010", "3200", "1000.50"),
            cost("20190120", "5010", "3200", "2000.25"),
            cost("20190205", "6110", "3200", "-300.00"),  # a credit note: negative cost
            ("20190301", [("3110", "3200", "-450.75"), ("1510", "", "450.75")]),
        ]
    )
    assert "Ödeshög".encode("cp437") in data
    report, record = sie_import(actor=None, committee=org.sn, data=data, filename="ledger.se")
    assert _amounts(org.sn) == {
        ("actual", 2019, 1, "5010", "3200"): Decimal("3000.75"),
        ("actual", 2019, 2, "6110", "3200"): Decimal("-300.00"),
        ("actual", 2019, 3, "3110", "3200"): Decimal("-450.75"),
    }
    assert (record.first_month, record.last_month, record.transactions) == (1, 3, 8)
    assert record.actual_total == Decimal("2250.00")
    assert any("Every account and object is mapped" in line or "mappade" in line for line in report.lines)
    assert LedgerAmount.objects.filter(cost_line__isnull=True).count() == 0
    assert LedgerAmount.objects.filter(area__code="VB").count() == 3


def test_dry_run_summarises_and_changes_nothing(org):
    data = sie([cost("20190110", "5010", "3200", "100"), cost("20190210", "7999", "9999", "5")])
    report, record = sie_import(actor=None, committee=org.sn, data=data, filename="ledger.se", dry_run=True)
    assert record is None
    text = "\n".join(report.lines)
    assert "2019" in text and "4" in text  # transaction rows
    assert "9999" in text  # the unmapped object is reported
    assert not LedgerImport.objects.exists() and not LedgerAmount.objects.exists()
    assert not CostLine.objects.exists()


def test_reimport_replaces_the_period_and_keeps_a_record_of_each_import(org):
    areas(org.sn)
    sie_import(actor=None, committee=org.sn, data=sie([cost("20190110", "5010", "3200", "100")]), filename="a.se")
    sie_import(actor=None, committee=org.sn, data=sie([cost("20190110", "5010", "3200", "100")]), filename="a.se")
    assert _amounts(org.sn) == {("actual", 2019, 1, "5010", "3200"): Decimal("100.00")}
    corrected = sie([cost("20190115", "5010", "3200", "70"), cost("20190210", "5010", "3200", "30")])
    sie_import(actor=None, committee=org.sn, data=corrected, filename="b.se")
    assert _amounts(org.sn) == {
        ("actual", 2019, 1, "5010", "3200"): Decimal("70.00"),
        ("actual", 2019, 2, "5010", "3200"): Decimal("30.00"),
    }
    assert LedgerImport.objects.count() == 3


def test_an_export_up_to_a_month_replaces_every_month_before_it(org):
    areas(org.sn)
    sie_import(actor=None, committee=org.sn, data=sie([cost("20190110", "5010", "3200", "100")]), filename="a.se")
    sie_import(actor=None, committee=org.sn, data=sie([cost("20190310", "5010", "3200", "5")]), filename="b.se")
    assert _amounts(org.sn) == {("actual", 2019, 3, "5010", "3200"): Decimal("5.00")}


def test_malformed_file_is_refused_whole_with_line_numbers(org):
    areas(org.sn)
    data = sie([cost("20190110", "5010", "3200", "100")]).replace(b"#TRANS 5010", b'#TRANS 5010 {1 "3200" 12.x')
    data += b'#VER A 2 20190105 "Obalanserad"\n{\n#TRANS 5010 {} 10.00\n#TRANS 2440 {} -9.00\n}\n'
    with pytest.raises(ImportFailed) as failed:
        sie_import(actor=None, committee=org.sn, data=data, filename="broken.se")
    lines = [p.line for p in failed.value.problems]
    assert len(failed.value.problems) >= 2 and all(lines)
    assert all(p.file == "broken.se" for p in failed.value.problems)
    assert "broken.se:rad" in str(failed.value.problems[0]).replace(" ", "")
    assert not LedgerAmount.objects.exists() and not LedgerImport.objects.exists()


def test_unknown_year_is_refused(org):
    with pytest.raises(ImportFailed) as failed:
        sie_import(
            actor=None, committee=org.sn, data=sie([cost("20300110", "5010", "", "1")], year=2030), filename="x.se"
        )
    assert "2030" in failed.value.problems[0].message
    assert failed.value.problems[0].line == 6


def test_voucher_outside_the_year_and_balances_that_do_not_add_up_are_refused(org):
    data = sie(
        [cost("20180110", "5010", "", "1"), cost("20190110", "5010", "", "100")],
        extra=["#PSALDO 0 201901 5010 {} 99.00", "#RES 0 5010 101.00"],
    )
    with pytest.raises(ImportFailed) as failed:
        sie_import(actor=None, committee=org.sn, data=data, filename="x.se")
    messages = [p.message for p in failed.value.problems]
    assert len(messages) == 3, messages
    assert any("2018-01-10" in m for m in messages)
    assert any("#PSALDO" in m and "5010" in m for m in messages)
    assert any("#RES" in m for m in messages)
    assert not LedgerAmount.objects.exists()


def test_period_balances_without_vouchers_give_actuals_and_budget(org):
    areas(org.sn)
    data = sie(
        [],
        extra=[
            "#PSALDO 0 201901 5010 {} 150.00",
            '#PSALDO 0 201901 5010 {1 "3200"} 100.00',
            "#PBUDGET 0 201901 5010 {} 120.00",
        ],
    )
    _report, record = sie_import(actor=None, committee=org.sn, data=data, filename="p.se")
    assert _amounts(org.sn) == {
        ("actual", 2019, 1, "5010", "3200"): Decimal("100.00"),
        ("actual", 2019, 1, "5010", ""): Decimal("50.00"),
        ("budget", 2019, 1, "5010", ""): Decimal("120.00"),
    }
    assert record.budget_total == Decimal("120.00")


def test_command_dry_run_and_import(org, users, tmp_path, capsys):
    path = tmp_path / "ledger.se"
    path.write_bytes(sie([cost("20190110", "5010", "3200", "100")]))
    call_command("import", "sie", str(path), "--unit", "SN", "--dry-run")
    assert "nothing was changed" in capsys.readouterr().out.lower() or not LedgerImport.objects.exists()
    assert not LedgerImport.objects.exists()
    with pytest.raises(CommandError, match="--as"):
        call_command("import", "sie", str(path), "--unit", "SN")
    with pytest.raises(CommandError, match="Inte tillåtet"):
        call_command("import", "sie", str(path), "--unit", "SN", "--as", "sn_writer")
    call_command("import", "sie", str(path), "--unit", "SN", "--as", "sn_controller")
    assert LedgerImport.objects.get().imported_by.username == "sn_controller"
    bad = tmp_path / "bad.se"
    bad.write_bytes(b"#FLAGGA 0\n#RAR 0 20190101 20191231\n#VER A 1 2019011\n{\n}\n")
    with pytest.raises(CommandError, match=r"bad\.se:rad 3"):
        call_command("import", "sie", str(bad), "--unit", "SN", "--as", "sn_controller")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0, max_value=10_000), junk=st.binary(min_size=1, max_size=6))
def test_damaged_files_are_refused_or_imported_never_half(org, position, junk):
    valid = sie([cost("20190110", "5010", "3200", "100.00"), cost("20190210", "6110", "3200", "-20.00")])
    position %= len(valid)
    damaged = valid[:position] + junk + valid[position + len(junk) :]
    before = LedgerImport.objects.count()
    try:
        sie_import(actor=None, committee=org.sn, data=damaged, filename="damaged.se")
    except ImportFailed as exc:
        assert exc.problems and all(p.file == "damaged.se" for p in exc.problems)
        assert LedgerImport.objects.count() == before
    else:
        assert LedgerImport.objects.count() == before + 1


@pytest.mark.skipif(not REAL.exists(), reason="real SIE files not present")
@pytest.mark.parametrize("name", ["Sie4.se", "BL0001_typ4.SE", "visma-sie4-exempelfil.SE", "transaktioner_ovnbolag.se"])
def test_real_exports_import_or_say_why(org, name):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    for year in range(1995, 2026):
        PlanningYear.objects.get_or_create(year=year)
    try:
        report, record = sie_import(actor=None, committee=org.sn, data=path.read_bytes(), filename=name)
    except ImportFailed as exc:
        assert exc.problems and all(p.message for p in exc.problems)
    else:
        assert record.transactions > 0 or record.rows > 0
        assert report.lines
