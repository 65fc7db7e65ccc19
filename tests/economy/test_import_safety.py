"""Economy imports that cannot hurt: a refused import leaves nothing behind (not even the default set-up it would
create), duplicate and blank budget rows are refused with their lines, and every account the mapping does not cover
(class 9 included) is listed with its amount in the dry run and on the import page, never dropped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.core.importing import ImportFailed
from digipuff.core.models import TaskRun
from digipuff.economy import selectors
from digipuff.economy.importers.budget import budget_import
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import AccountRange, CostLine, LedgerAmount, LedgerImport
from tests.economy.helpers import areas, cost, sie


def _nothing_left(entries_before: int) -> None:
    assert not CostLine.objects.exists() and not AccountRange.objects.exists()
    assert not LedgerImport.objects.exists() and not LedgerAmount.objects.exists()
    assert LogEntry.objects.count() == entries_before


def test_a_refused_sie_import_leaves_nothing_behind(client, org, users):
    entries = LogEntry.objects.count()
    bad = sie([cost("20190110", "5010", "3200", "100")], extra=["#RES 0 5010 99.00"])
    with pytest.raises(ImportFailed):
        sie_import(actor=users[Role.CONTROLLER], committee=org.sn, data=bad, filename="bad.se")
    _nothing_left(entries)
    client.force_login(users[Role.CONTROLLER])
    response = client.post(
        reverse("economy:import", args=["SN", 2019]),
        {"kind": "sie", "sie-file": SimpleUploadedFile("bad.se", bad)},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("core:task", args=[TaskRun.objects.get().pk])
    assert TaskRun.objects.get().status == TaskRun.Status.FAILED and "#RES" in response.content.decode()
    _nothing_left(entries)


def test_a_refused_budget_import_leaves_nothing_behind_and_names_both_duplicate_rows(client, org, users):
    entries = LogEntry.objects.count()
    csv = "verksamhetsområde;kostnadsslag;helår\nVB;PERSONAL;100\nVB;LOKALER;5\nVB;PERSONAL;100\n"
    with pytest.raises(ImportFailed):
        budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="b.csv", year=2019)
    _nothing_left(entries)
    areas(org.sn)
    with pytest.raises(ImportFailed) as failed:
        budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="b.csv", year=2019)
    (problem,) = failed.value.problems
    assert problem.line == 4 and "2" in problem.message and "VB / PERSONAL" in problem.message
    client.force_login(users[Role.CONTROLLER])
    response = client.post(
        reverse("economy:import", args=["SN", 2019]),
        {"kind": "budget", "budget-file": SimpleUploadedFile("b.csv", csv.encode())},
        follow=True,
    )
    assert TaskRun.objects.get().status == TaskRun.Status.FAILED
    assert "upprepar rad 2" in response.content.decode()
    assert not LedgerAmount.objects.exists()


def test_a_blank_amount_is_refused_not_read_as_no_budget(org):
    areas(org.sn)
    budget_import(
        actor=None, committee=org.sn, filename="b.csv", year=2019,
        data="verksamhetsområde;kostnadsslag;helår\nVB;PERSONAL;1200\nVB;LOKALER;120\n".encode(),
    )  # fmt: skip
    blank = "verksamhetsområde;kostnadsslag;helår\nVB;PERSONAL;1300\nVB;LOKALER;\n"
    with pytest.raises(ImportFailed) as failed:
        budget_import(actor=None, committee=org.sn, data=blank.encode(), filename="b.csv", year=2019)
    assert [(p.line, p.column) for p in failed.value.problems] == [(3, "helår")]
    assert "skriv 0" in failed.value.problems[0].message
    lokaler = CostLine.objects.get(committee=org.sn, year=2019, code="LOKALER")
    assert sum(LedgerAmount.objects.filter(cost_line=lokaler).values_list("amount", flat=True)) == Decimal("120.00")


def test_a_budget_for_a_year_without_set_up_brings_the_defaults_in_the_same_import(org):
    csv = "objekt;kostnadsslag;helår\n3200;PERSONAL;1200\n"
    report, _none = budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="b.csv", year=2020,
                                  dry_run=True)  # fmt: skip
    assert not CostLine.objects.exists() and report.lines
    _report, record = budget_import(actor=None, committee=org.sn, data=csv.encode(), filename="b.csv", year=2020)
    assert record.budget_total == Decimal("1200.00")
    assert CostLine.objects.filter(committee=org.sn, year=2020).count() == 12
    assert not CostLine.objects.filter(year=2019).exists()


CLASS_9 = [
    cost("20190110", "5010", "3200", "100"),
    cost("20190115", "9110", "3200", "28600000"),
    cost("20190120", "9990", "", "-400000"),
]


def test_class_9_accounts_are_listed_with_their_amounts_in_the_dry_run_and_on_the_import_page(
    client, org, users, tmp_path, capsys
):
    areas(org.sn)
    path = tmp_path / "ledger.se"
    path.write_bytes(sie(CLASS_9))
    call_command("import", "sie", str(path), "--unit", "SN", "--dry-run")
    out = capsys.readouterr().out
    assert "9110 (28 600 000,00 kr)" in out and "9990 (-400 000,00 kr)" in out
    assert "Konton utan kostnadsslag (2, sammanlagt 28 200 000,00 kr)" in out
    assert "Alla konton och objekt är mappade" not in out
    assert not LedgerImport.objects.exists()

    call_command("import", "sie", str(path), "--unit", "SN", "--as", "sn_controller")
    assert [(g.value, g.amount) for g in selectors.unmapped_accounts(org.sn, 2019)] == [
        ("9110", Decimal("28600000.00")),
        ("9990", Decimal("-400000.00")),
    ]
    client.force_login(users[Role.CONTROLLER])
    page = client.get(reverse("economy:import", args=["SN", 2019])).content.decode()
    assert "Inte mappat 2019" in page and "<code>9110</code>" in page and "28 600 000" in page
    # Kept in the totals, on a line of its own.
    tables = selectors.all_tables(org.sn, 2019, 1)
    assert tables["by_cost_line"].value("-", "actual_period") == Decimal("28200000.00")
    assert tables["by_cost_line"].value("NET", "actual_period") == Decimal("28200100.00")


def test_a_dry_run_reads_a_file_for_a_year_that_is_not_planned_and_says_what_the_import_would_refuse(
    org, tmp_path, capsys
):
    path = tmp_path / "ledger2010.se"
    path.write_bytes(sie([cost("20100110", "5010", "3200", "100"), cost("20100210", "9110", "", "7")], year=2010))
    call_command("import", "sie", str(path), "--unit", "SN", "--dry-run")
    out = capsys.readouterr().out
    assert "Räkenskapsår 2010" in out and "9110 (7,00 kr)" in out
    assert "Den riktiga importen skulle avvisa filen (1 fel)" in out and "2010 är inte ett verksamhetsår" in out
    assert not LedgerImport.objects.exists() and not CostLine.objects.exists()


def test_a_web_upload_runs_as_a_task_and_a_sie_parse_beyond_the_time_budget_changes_nothing(
    client, org, users, settings
):
    """The upload answers with the task's status page; the parse itself looks at the clock, so a ledger that takes
    longer than the budget is refused by the task with the reason, and nothing is imported."""
    areas(org.sn)
    entries = LogEntry.objects.count()
    settings.DIGIPUFF_IMPORT_TIME_BUDGET = 0
    client.force_login(users[Role.CONTROLLER])
    response = client.post(
        reverse("economy:import", args=["SN", 2019]),
        {"kind": "sie", "sie-file": SimpleUploadedFile("big.se", sie([cost("20190110", "5010", "3200", "100")]))},
        follow=True,
    )
    run = TaskRun.objects.get()
    assert response.redirect_chain == [(reverse("core:task", args=[run.pk]), 302)]
    assert run.status == TaskRun.Status.FAILED and "tog längre tid än 0 s" in run.message
    assert "big.se" in response.content.decode()
    assert not LedgerImport.objects.exists() and not LedgerAmount.objects.exists()
    assert LogEntry.objects.count() == entries
