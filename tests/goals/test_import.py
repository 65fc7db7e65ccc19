"""The goal structure in Excel: export, import all or nothing, the round trip, and a year set up in one import."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from digipuff.core import importing
from digipuff.goals import services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.indicators import services as measure_services
from digipuff.indicators.models import Measure, Target
from digipuff.organisation import services as organisation_services
from digipuff.organisation.models import PlanningYear
from tests.factories import make_measure, make_unit


@pytest.fixture
def structure(org):
    """SN's 2021: målområde -> KF-mål (council) -> nämndmål (committee), texts, a retired goal, measures, targets."""
    organisation_services.planning_year_create(actor=None, year=2021)
    area = services.goal_level_set(actor=None, year=2021, depth=0, name="Målområde", owner=LevelOwner.COUNCIL)
    kf = services.goal_level_set(actor=None, year=2021, depth=1, name="KF-mål", owner=LevelOwner.COUNCIL)
    own = services.goal_level_set(actor=None, year=2021, depth=2, name="Nämndmål", owner=LevelOwner.COMMITTEE)
    top = services.goal_create(actor=None, level=area, title="God omsorg för individen", code="3")
    care = services.goal_create(actor=None, level=kf, parent=top, title="Fler upplever god vård", code="3.1")
    health = services.goal_create(actor=None, level=kf, parent=top, title="Fler upplever god hälsa", sort_order=1)
    services.goal_create(actor=None, level=kf, parent=top, title="Ej antaget mål", sort_order=2)
    services.committee_goal_adopt(actor=None, committee=org.sn, goal=care)
    services.committee_goal_adopt(actor=None, committee=org.sn, goal=health)
    waiting = services.goal_create(
        actor=None, level=own, parent=care, committee=org.sn, title="Kortare väntetider", description="Inom IFO."
    )
    old = services.goal_create(actor=None, level=own, parent=care, committee=org.sn, title="Utgånget", sort_order=1)
    services.goal_retire(actor=None, goal=old, expected_version=None)
    cg = CommitteeGoal.objects.get(committee=org.sn, goal=care)
    services.committee_goal_texts_set(
        actor=None, committee_goal=cg, expected_version=None, interpretation="Vi tolkar", special_priority="Barn"
    )
    waiting_cg = CommitteeGoal.objects.get(committee=org.sn, goal=waiting)
    sick = make_measure(
        org.sn, name="Sjukfrånvaro", goals=[waiting_cg, cg], direction="lower", periodicity="month", is_ratio=True,
        rolling_12=True, decimals=1, source="hr", source_note="Personalsystemet", breakdown="gender",
    )  # fmt: skip
    kolada = make_measure(org.sn, name="Nöjdhet", goals=[cg], source="kolada", source_id="U28532", sort_order=1)
    measure_services.target_set(
        actor=None, measure=sick, year=2021, expected_version=None, kind="numeric", comparator="lte",
        value=Decimal("6.5"), note="Etappmål",
    )  # fmt: skip
    measure_services.target_set(
        actor=None, measure=kolada, year=2021, expected_version=None, kind="qualitative", qualitative="keep",
        reference=Decimal("85.3"),
    )  # fmt: skip
    return {"care": care, "waiting": waiting, "sick": sick, "kolada": kolada}


def export(tmp_path, code="SN", year=2021):
    path = tmp_path / f"{code}-{year}.xlsx"
    call_command("goals", "export", "--committee", code, "--year", str(year), "--out", str(path), stdout=io.StringIO())
    return path


def run_import(path, user="council_admin", *extra):
    out = io.StringIO()
    call_command("goals", "import", str(path), "--as", user, *extra, stdout=out)
    return out.getvalue()


def test_the_round_trip_changes_nothing(tmp_path, org, users, structure):
    path = export(tmp_path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Nämnd och år", "Nivåer", "Mål", "Mått", "Målvärden", "Instruktioner"]
    titles = [row[3] for row in workbook["Mål"].iter_rows(min_row=2, values_only=True)]
    assert titles[:3] == ["God omsorg för individen", "Fler upplever god vård", "Kortare väntetider"]
    before = LogEntry.objects.count()
    versions = {g.pk: g.version for g in Goal.objects.all()}
    for user in ("council_admin", "sn_admin"):  # the committee's admin too: it changes no council goal
        out = run_import(path, user)
        assert "mål: 0 nya, 0 ändrade" in out and "etappmål: 0 nya" in out
        assert "Filen anger det som redan finns; ingenting ändrades." in out
    assert LogEntry.objects.count() == before
    assert {g.pk: g.version for g in Goal.objects.all()} == versions
    # and the file exported again is the same file, cell for cell
    again = load_workbook(export(tmp_path))
    for name in workbook.sheetnames:
        assert list(again[name].values) == list(workbook[name].values)


def filled_in_file(tmp_path, code="BUN", year=2022, *, measure_rows=None, goal_rows=None, target_rows=None):
    """What a kvalitetsenhet fills in for a committee and a year that have nothing yet."""
    workbook = Workbook()
    info = workbook.active
    info.title = "Nämnd och år"
    info.append(["Nämnd", code])
    info.append(["År", year])
    levels = workbook.create_sheet("Nivåer")
    for row in (
        ["Djup", "Nivå", "Plural", "Ägs av"],
        [0, "Målområde", "Målområden", "Kommunfullmäktige"],
        [1, "Kommunfullmäktigemål", "", "Kommunfullmäktige"],
        [2, "Nämndmål", "", "Nämnd"],
    ):
        levels.append(row)
    goals = workbook.create_sheet("Mål")
    goals.append(["Nivå", "Kod", "Överordnat mål", "Mål", "Beskrivning", "Ordning", "Antaget av nämnden",
                  "Nämndens tolkning", "Särskilt prioriterat", "Utgått"])  # fmt: skip
    for row in goal_rows or [
        ["Målområde", "1", "", "Livslångt lärande", "", 0, "", "", "", ""],
        ["Kommunfullmäktigemål", "1.1", "1", "Fler barn klarar skolan", "", 0, "ja", "Alla barn", "Läsning", ""],
        ["Kommunfullmäktigemål", "1.2", "Livslångt lärande", "Fler vuxna studerar", "", 1, "nej", "", "", ""],
        ["Nämndmål", "1.1.1", "1.1", "Ökad måluppfyllelse i åk 9", "Meritvärde", 0, "", "", "", ""],
    ]:
        goals.append(row)
    measures = workbook.create_sheet("Mått")
    measures.append(["Mått", "Typ", "Definition", "Enhet", "Bättre riktning", "Källa", "Käll-id", "Periodicitet",
                     "Uppdelning", "Mål"])  # fmt: skip
    for row in measure_rows or [
        ["Meritvärde åk 9", "Mått", "Genomsnittligt meritvärde", "Index", "Högre är bättre", "Kolada", "N15505",
         "Årsvis", "Kvinnor och män", "1.1.1; Fler barn klarar skolan"],
        ["Antal elever", "Indikator", "", "Antal", "Ingen riktning", "", "", "Årsvis", "", ""],
    ]:  # fmt: skip
        measures.append(row)
    targets = workbook.create_sheet("Målvärden")
    targets.append(["Mått", "År", "Typ", "Jämförelse", "Målvärde", "Riktning", "Referensvärde", "Kommentar"])
    for row in target_rows or [
        ["Meritvärde åk 9", year, "Ett värde", "≥", 230, "", None, ""],
        ["Antal elever", year, "Inget etappmål (indikator)", "", None, "", None, ""],
    ]:
        targets.append(row)
    path = tmp_path / "bun.xlsx"
    workbook.save(path)
    return path


def test_a_new_committee_year_is_set_up_in_one_import(tmp_path, client, org, users):
    bun = make_unit("Barn- och utbildningsnämnden", parent=org.council, code="BUN")
    PlanningYear.objects.create(year=2022)
    out = run_import(filled_in_file(tmp_path))
    assert "Barn- och utbildningsnämnden 2022" in out
    assert [lv.name for lv in GoalLevel.objects.filter(year=2022)] == ["Målområde", "Kommunfullmäktigemål", "Nämndmål"]
    own = Goal.objects.get(year=2022, title="Ökad måluppfyllelse i åk 9")
    assert (own.owner, own.code, own.description) == (bun, "1.1.1", "Meritvärde")
    assert own.parent.title == "Fler barn klarar skolan"
    council_goal = Goal.objects.get(year=2022, title="Fler barn klarar skolan")
    assert council_goal.owner == org.council
    taken = CommitteeGoal.objects.get(committee=bun, goal=council_goal)
    assert (taken.interpretation, taken.special_priority) == ("Alla barn", "Läsning")
    assert not CommitteeGoal.objects.filter(committee=bun, goal__title="Fler vuxna studerar").exists()
    merit = Measure.objects.get(owner=bun, name="Meritvärde åk 9")
    assert (merit.unit, merit.source, merit.source_id, merit.breakdown) == ("index", "kolada", "N15505", "gender")
    assert {cg.goal.title for cg in merit.goals.all()} == {"Ökad måluppfyllelse i åk 9", "Fler barn klarar skolan"}
    target = Target.objects.get(measure=merit, year=2022)
    assert (target.kind, target.comparator, target.value) == ("numeric", "gte", Decimal(230))
    assert Measure.objects.get(owner=bun, name="Antal elever").kind == "indicator"
    client.force_login(users["council_admin"])
    html = client.get(reverse("goals:thread", args=["BUN", 2022])).content.decode()
    assert "Ökad måluppfyllelse i åk 9" in html and "Meritvärde åk 9" in html
    # Importing the same file again changes nothing.
    before = LogEntry.objects.count()
    run_import(filled_in_file(tmp_path))
    assert LogEntry.objects.count() == before


def test_every_bad_row_is_named_and_nothing_is_kept(tmp_path, org, users):
    make_unit("Barn- och utbildningsnämnden", parent=org.council, code="BUN")
    PlanningYear.objects.create(year=2022)
    path = filled_in_file(
        tmp_path,
        goal_rows=[
            ["Målområde", "1", "", "Livslångt lärande", "", 0, "", "", "", ""],
            ["Delmål", "", "1", "Okänd nivå", "", 0, "", "", "", ""],
            ["Nämndmål", "", "Finns inte", "Utan förälder", "", "första", "", "", "", ""],
        ],
        measure_rows=[["Meritvärde", "Mått", "", "Procent", "Uppåt", "", "", "Årsvis", "", "Saknat mål"]],
        target_rows=[["Okänt mått", 2022, "Ett tal", "≥", 5, "", None, ""]],
    )
    before = LogEntry.objects.count()
    with pytest.raises(CommandError) as failure:
        run_import(path)
    text = str(failure.value)
    lines = [line for line in text.splitlines() if "bun.xlsx" in line]
    assert len(lines) >= 5, text
    where = {(line.split(":")[0], line.split(":")[1].split(",")[0].strip()) for line in lines}
    assert ("bun.xlsx, blad Mål", "rad 3") in where
    assert (
        "bun.xlsx, blad Mått:rad 2, kolumn E (Bättre riktning): 'Uppåt' är inte något av: Högre är bättre, "
        "Lägre är bättre, Ingen riktning." in lines
    )  # named by file, sheet, row and column, in Swedish
    assert "bun.xlsx, blad Mål:rad 4, kolumn F (Ordning): 'första' är inte ett tal." in lines
    assert any("Målvärden" in line and "Okänt mått" in line for line in lines)
    assert any("Okänd nivå" in line or "Delmål" in line for line in lines)
    assert LogEntry.objects.count() == before
    assert not GoalLevel.objects.filter(year=2022).exists() and not Goal.objects.filter(year=2022).exists()


def test_a_committee_administrator_may_not_change_council_goals_through_a_file(tmp_path, org, users, structure):
    path = export(tmp_path)
    workbook = load_workbook(path)
    sheet = workbook["Mål"]
    for row in sheet.iter_rows(min_row=2):
        if row[3].value == "God omsorg för individen":
            row[4].value = "Ny beskrivning"
        if row[3].value == "Kortare väntetider":
            row[4].value = "Inom hela förvaltningen"
    workbook.save(path)
    with pytest.raises(CommandError) as failure:
        run_import(path, "sn_admin")
    assert "blad Mål:rad 2" in str(failure.value) and "behörighet" in str(failure.value)
    structure["waiting"].refresh_from_db()
    assert structure["waiting"].description == "Inom IFO."  # nothing kept, not even the allowed change
    run_import(path, "council_admin")
    structure["waiting"].refresh_from_db()
    assert structure["waiting"].description == "Inom hela förvaltningen"


def test_formulas_without_values_and_broken_files_are_refused(tmp_path, org, users, structure):
    path = export(tmp_path)
    workbook = load_workbook(path)
    workbook["Målvärden"]["E2"] = "=1+1"  # openpyxl stores no cached value: as a program that does not calculate
    workbook.save(path)
    with pytest.raises(CommandError) as failure:
        run_import(path)
    assert "cell Målvärden!E2: Cellen har en formel utan uträknat värde" in str(failure.value)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        run_import(broken)


def test_the_kind_is_registered_for_digipuff_import(tmp_path, org, users, structure):
    assert "goals" in importing.kinds()
    path = export(tmp_path)
    out = io.StringIO()
    call_command("import", "goals", str(path), "--as", "council_admin", "--dry-run", stdout=out)
    assert out.getvalue()


def test_the_set_up_page_downloads_and_reads_the_file(tmp_path, client, org, users, structure):
    client.force_login(users["admin"])
    response = client.get(reverse("goals:export", args=["SN", 2021]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = response.content
    workbook = load_workbook(io.BytesIO(data))
    workbook["Mål"].append(["Nämndmål", "", "3.1", "Fler i öppenvård", "", "", "", "", "", ""])
    changed = io.BytesIO()
    workbook.save(changed)
    url = reverse("goals:import", args=["SN", 2021])
    upload = io.BytesIO(changed.getvalue())
    upload.name = "mal.xlsx"
    response = client.post(url, {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert not Goal.objects.filter(title="Fler i öppenvård").exists()  # a dry run changes nothing
    upload = io.BytesIO(changed.getvalue())
    upload.name = "mal.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert Goal.objects.get(title="Fler i öppenvård").owner == org.sn
    # A file for another committee is refused on this committee's page.
    von_file = io.BytesIO(data)
    von_file.name = "von.xlsx"
    response = client.post(reverse("goals:import", args=["VON", 2021]), {"file": von_file})
    assert response.status_code == 403  # SN's administrator may not set up VON at all
    client.force_login(users["council_admin"])
    von_file.seek(0)
    response = client.post(reverse("goals:import", args=["VON", 2021]), {"file": von_file})
    assert response.status_code == 422
    assert "Socialnämnden" in response.content.decode()


def test_a_sheet_with_a_wrong_dimension_is_read_whole(tmp_path, org, users, structure):
    """Some programs write <dimension ref="A1:A1"/> for a sheet with many rows; every row is still read."""
    import re
    import zipfile

    path = export(tmp_path)
    workbook = load_workbook(path)
    workbook["Mål"].append(["Nämndmål", "", "3.1", "Fler i öppenvård", "", "", "", "", "", ""])
    workbook.save(path)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', data)
            target.writestr(item, data)
    run_import(damaged)
    assert Goal.objects.get(title="Fler i öppenvård").owner == org.sn


def test_a_year_that_is_not_set_up_is_refused_by_name(tmp_path, org, users):
    make_unit("Barn- och utbildningsnämnden", parent=org.council, code="BUN")
    with pytest.raises(CommandError) as refused:
        run_import(filled_in_file(tmp_path, year=2031))
    assert "2031 är inget planeringsår" in str(refused.value)
    assert not Goal.objects.filter(year=2031).exists()
