"""The tables a report shows from measures, built from data and checked cell by cell: the measure table with year
columns (issue 12), the summary of assessments for a three-level goal model and the source list of exactly the
measures the report shows."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.core.document import Paragraph, Table
from digipuff.core.sections import Context, section_kinds
from digipuff.goals import services as goal_services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators import services
from digipuff.indicators.choices import Periodicity, Source
from digipuff.indicators.models import MeasureValue
from digipuff.indicators.services import ValueInput
from digipuff.organisation.models import ReportOccasion
from digipuff.reports import selectors as report_selectors
from digipuff.reports import services as report_services
from digipuff.reports.choices import ReportType
from tests.factories import make_committee_goal, make_measure


def _context(org, month: int = 8, year: int = 2019) -> Context:
    occasion = ReportOccasion.objects.get(year__year=year, period_end__month=month)
    return Context(committee=org.sn, year=year, occasion=occasion, report_type=ReportType.INTERIM_2)


def _build(kind: str, context: Context) -> list:
    section = SimpleNamespace(pk=None, kind=kind, title="", level=1)
    return section_kinds.get(kind).build(context, section)


def _set(measure, *items: ValueInput) -> None:
    services.measure_values_set(actor=None, measure=measure, values=list(items))


@pytest.fixture
def year_measures(org):
    goal = make_committee_goal(org.sn, "Fler i egen försörjning")
    absence = make_measure(
        org.sn, name="Sjukfrånvaro", goals=[goal], periodicity=Periodicity.MONTH, rolling_12=True, decimals=1,
        unit="percent", direction="lower", source=Source.HR, source_note="Heroma",
    )  # fmt: skip
    _set(
        absence,
        ValueInput(year=2017, month=12, value=D("6.14")),
        ValueInput(year=2018, month=12, value=D("5.96")),
        ValueInput(year=2019, month=8, value=D("5.4"), is_forecast=True),
    )
    services.target_set(
        actor=None, measure=absence, year=2019, expected_version=None, kind="numeric", comparator="lte", value=D(5)
    )
    homeless = make_measure(
        org.sn, name="Barnfamiljer i akut hemlöshet", goals=[goal], unit="count", direction="lower", is_count=True
    )
    _set(homeless, ValueInput(year=2017, value=D(12)), ValueInput(year=2018, value=D(3)))
    services.target_set(
        actor=None, measure=homeless, year=2019, expected_version=None, kind="numeric", comparator="eq", value=D(0)
    )
    satisfied = make_measure(
        org.sn, name="Nöjda brukare", goals=[goal], unit="percent", decimals=0, source=Source.KOLADA,
        source_id="U33461",
    )  # fmt: skip
    _set(satisfied, ValueInput(year=2018, value=D("81.6")))
    services.target_set(
        actor=None, measure=satisfied, year=2019, expected_version=None, kind="qualitative", qualitative="increase"
    )
    unused = make_measure(org.sn, name="Mått som rapporten inte visar", source_note="Eget register")
    _set(unused, ValueInput(year=2018, value=D(1)))
    return {"absence": absence, "homeless": homeless, "satisfied": satisfied}


def test_the_year_column_table_shows_years_period_target_as_written_and_marks_forecasts(org, year_measures):
    blocks = _build("goals_results_years", _context(org))
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert [c.text for c in table.header[0]] == ["Mått", "2017", "2018", "aug 2019", "Etappmål 2019"]
    rows = {row[0]: row[1:] for row in table.rows}
    # decimals as the measure shows them, the forecast marked, r12 entered as such
    assert rows["Sjukfrånvaro (r12)"] == ["6,1 %", "6,0 %", "5,4 %*", "≤ 5 %"]
    # a small count is suppressed in its year column, the target as the committee wrote it
    assert rows["Barnfamiljer i akut hemlöshet"] == ["12", "--", "-", "0"]
    assert rows["Nöjda brukare"] == ["-", "82 %", "-", "Öka"]
    notes = [b for b in blocks if isinstance(b, Paragraph) and b.style == "note"]
    assert [run.text for n in notes for run in n.runs] == ["* Prognos"]


def test_the_year_column_table_has_no_forecast_note_without_a_forecast(org, year_measures):
    MeasureValue.objects.filter(is_forecast=True).update(is_forecast=False)
    blocks = _build("goals_results_years", _context(org))
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert {r[0]: r[3] for r in table.rows}["Sjukfrånvaro (r12)"] == "5,4 %"
    assert not [b for b in blocks if isinstance(b, Paragraph) and b.style == "note"]


def test_the_layout_with_outcome_ranking_sex_and_trend_is_still_there(org, year_measures):
    [table] = [b for b in _build("goals_results", _context(org)) if isinstance(b, Table)]
    assert [c.text for c in table.header[0]][:3] == ["Mått", "Utfall", "Etappmål, ranking & genomsnitt"]


def test_a_plan_shows_the_last_three_years_with_outcomes_and_the_target_as_the_vp_2020_seed(org):
    """VP 2020 (VON): Mått | Utfall 2016 | 2017 | 2018 | Etappmål 2020 "Behåll" (the plan is written in 2019)."""
    goal = make_committee_goal(org.von, "Minskad klimatpåverkan", year=2020)
    food = make_measure(org.von, name="Andel ekologiska livsmedel i kommunala verksamheter", goals=[goal], decimals=1)
    _set(
        food,
        ValueInput(year=2015, value=D("35.1")),
        ValueInput(year=2016, value=D("37.7")),
        ValueInput(year=2017, value=D("39.7")),
        ValueInput(year=2018, value=D("41")),
    )
    services.target_set(
        actor=None, measure=food, year=2020, expected_version=None, kind="qualitative", qualitative="keep"
    )
    staff = make_committee_goal(org.von, "Aktivt medarbetarskap", year=2020)
    profile = make_measure(org.von, name="Medarbetarprofil", goals=[staff], decimals=1, unit="index")
    _set(profile, ValueInput(year=2018, value=D("72.1")))
    services.target_set(
        actor=None, measure=profile, year=2020, expected_version=None, kind="numeric", comparator="gte", value=D(75)
    )
    occasion = ReportOccasion.objects.get(year__year=2020, kind="plan")
    context = Context(committee=org.von, year=2020, occasion=occasion, report_type=ReportType.PLAN)
    tables = [b for b in _build("goals_results_years", context) if isinstance(b, Table)]
    # every table of the section shows the same years
    assert [[c.text for c in t.header[0]] for t in tables] == [["Mått", "2016", "2017", "2018", "Etappmål 2020"]] * 2
    rows = [row for t in tables for row in t.rows]
    assert [food.name, "37,7 %", "39,7 %", "41,0 %", "Behåll"] in rows
    assert ["Medarbetarprofil", "-", "-", "72,1", "≥ 75"] in rows


def test_a_forecast_and_an_r12_value_are_entered_in_the_value_form(client, org, users, year_measures):
    absence = year_measures["absence"]
    client.force_login(users[Role.WRITER])
    url = reverse("indicators:values", args=[absence.pk])
    page = client.get(url + "?year=2019&month=9").content.decode()
    assert "Totalt: värde (r12)" in page and "Prognos" in page
    assert client.post(url, {"year": 2019, "month": 9, "value_T": "5,2", "is_forecast": "on"}).status_code == 302
    saved = MeasureValue.objects.get(measure=absence, year=2019, month=9)
    assert saved.value == D("5.2") and saved.is_forecast
    blocks = _build("goals_results_years", _context(org, month=8))
    assert {r[0]: r[3] for r in next(b for b in blocks if isinstance(b, Table)).rows}["Sjukfrånvaro (r12)"] == "5,4 %*"


def test_three_level_goal_model_summary_is_assessed_at_the_lowest_level(org):
    year = 2020
    top = goal_services.goal_level_set(actor=None, year=year, depth=0, name="Målområde", owner=LevelOwner.COUNCIL)
    kf = goal_services.goal_level_set(actor=None, year=year, depth=1, name="KF-mål", owner=LevelOwner.COUNCIL)
    own = goal_services.goal_level_set(actor=None, year=year, depth=2, name="Nämndmål", owner=LevelOwner.COMMITTEE)
    area = goal_services.goal_create(actor=None, level=top, title="Trygg och god omsorg")
    kf1 = goal_services.goal_create(actor=None, level=kf, title="Fler får vård i tid", parent=area)
    kf2 = goal_services.goal_create(actor=None, level=kf, title="Ökad självständighet", parent=area)
    n1 = goal_services.goal_create(actor=None, level=own, title="Kortare väntetid", parent=kf1, committee=org.sn)
    n2 = goal_services.goal_create(actor=None, level=own, title="Fler hembesök", parent=kf1, committee=org.sn)
    goal_services.goal_create(actor=None, level=own, title="Fler i egen bostad", parent=kf2, committee=org.sn)
    occasion = ReportOccasion.objects.get(year__year=year, period_end__month=8)
    for goal, assessment in ((n1, "achieved"), (n2, "partly")):
        goal_services.goal_assessment_set(
            actor=None,
            committee_goal=CommitteeGoal.objects.get(committee=org.sn, goal=goal),
            occasion=occasion,
            expected_version=None,
            assessment=assessment,
            analysis="",
            reason="Bedömt av nämnden.",
        )
    context = Context(committee=org.sn, year=year, occasion=occasion, report_type=ReportType.INTERIM_2)
    [table] = _build("summary_assessments", context)
    assert [c.text for c in table.header[0]] == ["Nämndmål", "Bedömning"]
    assert table.rows == [
        ["Trygg och god omsorg", ""],
        ["Fler får vård i tid", "Uppnås 1, Uppnås delvis 1"],
        ["Fler hembesök", "Uppnås delvis"],
        ["Kortare väntetid", "Uppnås"],
        ["Ökad självständighet", "Ej bedömt 1"],
        ["Fler i egen bostad", "Ej bedömt"],
    ]
    assert table.row_styles == ["section", "subtotal", "", "", "subtotal", ""]


def test_the_source_list_names_only_what_the_report_shows_with_notes_and_kolada_ids(org, users, year_measures):
    hr = make_measure(org.sn, name="Antal anställda", source=Source.HR, source_note="Heroma", unit="count")
    _set(hr, ValueInput(year=2019, month=3, value=D(812)))
    report = report_services.report_create(
        actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019
    )
    document = report_selectors.build_document(report)
    [section] = [s for s in document.sections if s.kind == "sources"]
    [table] = [b for b in section.blocks if isinstance(b, Table)]
    assert [c.text for c in table.header[0]] == ["Mått", "Källa", "Kolada-id"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Sjukfrånvaro"] == ["Personalsystemet: Heroma", "-"]
    assert rows["Nöjda brukare"] == ["Kolada", "U33461"]
    assert rows["Antal anställda"] == ["Personalsystemet: Heroma", "-"]
    assert "Mått som rapporten inte visar" not in rows


def test_an_import_marks_a_forecast_and_takes_an_r12_value_as_reported(org, users):
    from digipuff.indicators.importers.values import import_values

    absence = make_measure(org.sn, name="Sjukfrånvaro", periodicity=Periodicity.MONTH, rolling_12=True, decimals=1)
    data = (f"Mått-id;År;Månad;Värde;Prognos\n{absence.pk};2019;7;5,6;\n{absence.pk};2019;8;5,4;ja\n").encode()
    report = import_values(actor=users[Role.WRITER], data=data, filename="heroma.csv")
    assert report.counts["values"] == 2
    stored = {v.month: (v.value, v.is_forecast) for v in MeasureValue.objects.filter(measure=absence)}
    assert stored == {7: (D("5.6"), False), 8: (D("5.4"), True)}
