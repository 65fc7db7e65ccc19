"""Every real SIE export in /work/shared/data/sie (Visma, SoftOne XE, BL, Mamut, BRILJANT, Avendo, sie.se samples)
reads in a dry run, whatever its year or SIE type; the real import then applies it or refuses it whole with a
Swedish reason.

What DigiPUFF imports: monthly figures of a calendar year, from vouchers (SIE 4, #TRANS) or from period balances
(SIE 2 and 3, #PSALDO, and #PBUDGET for the budget). A SIE 1 file holds only year balances (#IB/#UB/#RES) and is
refused with that reason; a broken financial year (July–June), an unbalanced voucher and a #RES that the vouchers do
not explain are refused too. A dry run
reports each of these as what the real import would refuse, after a summary of the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from digipuff.core.importing import ImportFailed
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import LedgerAmount, LedgerImport
from digipuff.integrations.sie.parser import parse_bytes
from digipuff.organisation.models import PlanningYear

REAL_DIR = Path("/work/shared/data/sie")
REAL_FILES = sorted(p for p in REAL_DIR.glob("*") if p.suffix.lower() in (".se", ".si")) if REAL_DIR.is_dir() else []
needs_real = pytest.mark.skipif(not REAL_FILES, reason=f"real SIE exports not available at {REAL_DIR}")

#: The files the real import refuses, and the words of the reason.
REFUSED = {
    "Sie1.se": "SIE typ 1",
    "BL0001_typ3.SE": "inte ett kalenderår",
    "BL0001_typ4.SE": "inte ett kalenderår",
    "XE_SIE_4_20151125095119.SE": "does not balance",
    # Its vouchers explain only part of the year: #RES 4010 says 67 034,40, the vouchers 19 034,40.
    "Sie4.se": "#RES för konto 4010",
}


@needs_real
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_real_file_reads_in_a_dry_run(org, path, capsys):
    call_command("import", "sie", str(path), "--unit", "SN", "--dry-run")
    out = capsys.readouterr().out
    assert "Provkörning för Socialnämnden; ingenting har ändrats" in out
    assert f"{path.name}: SIE typ" in out and "Räkenskapsår" in out and "Summa per kontoklass" in out
    assert "Den riktiga importen skulle avvisa filen" in out  # none of their years is planned here
    if path.name in REFUSED:
        assert REFUSED[path.name] in out
    assert not LedgerImport.objects.exists() and not LedgerAmount.objects.exists()


@needs_real
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_once_the_year_is_planned_the_real_import_applies_or_says_why(org, path):
    sie = parse_bytes(path.read_bytes(), filename=path.name, allow_unbalanced=True)
    PlanningYear.objects.get_or_create(year=sie.fiscal_years[0].start.year)
    if path.name in REFUSED:
        with pytest.raises(ImportFailed) as failed:
            sie_import(actor=None, committee=org.sn, data=path.read_bytes(), filename=path.name)
        assert REFUSED[path.name] in str(failed.value)
        assert not LedgerImport.objects.exists() and not LedgerAmount.objects.exists()
        return
    report, record = sie_import(actor=None, committee=org.sn, data=path.read_bytes(), filename=path.name)
    assert record is not None and record.rows > 0
    assert report.lines[0].startswith("Importerat till Socialnämnden")
