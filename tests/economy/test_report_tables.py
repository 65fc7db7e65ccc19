"""Economy tables as committees print them: money in tkr or mnkr per template and per section (kronor kept exact and
rounded only when shown), the columns and total label a section chooses, group rows carrying their subtotals, and
the same period over several years per operation area."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from digipuff.core import document as doc
from digipuff.economy import services as economy_services
from digipuff.economy.importers.sie import sie_import
from digipuff.organisation import services as organisation_services
from digipuff.reports import selectors as report_selectors
from digipuff.reports import services as report_services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import ReportTemplate, TemplateSection
from tests.economy.helpers import areas, cost, sie
from tests.economy.test_demo import SEED_BY_AREA

INTERIM = ReportType.INTERIM_1


def _template() -> ReportTemplate:
    template = report_selectors.template_for(report_type=INTERIM, year=2019)
    assert template is not None
    return template


def _section_post(section: TemplateSection, **options: object) -> dict[str, object]:
    """The template page's form of `section` as posted, with its table options."""
    prefix = f"s{section.pk}"
    data: dict[str, object] = {
        f"{prefix}-version": section.version,
        f"{prefix}-title": section.title,
        f"{prefix}-kind": section.kind,
        f"{prefix}-level": section.level,
        f"{prefix}-text_position": section.text_position,
        "action": "save",
    }
    if section.has_text:
        data[f"{prefix}-has_text"] = "on"
    for key, value in options.items():
        data[f"{prefix}-{key}"] = value
    return data


def _tables(report, kind: str) -> list[doc.Table]:
    document = report_selectors.build_document(report)
    return [
        block
        for section in document.sections
        if section.kind == kind
        for block in section.blocks
        if isinstance(block, doc.Table)
    ]


def _texts(table: doc.Table) -> dict[str, list[str]]:
    return {str(row[0]): [str(cell) for cell in row[1:]] for row in table.rows}


def _mnkr_of_tkr(text: str) -> str:
    """A tkr cell ("-4 900") read back and shown in mnkr with one decimal ("-4,9")."""
    value = (Decimal(text.replace(" ", "")) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",").replace("-0,0", "0,0")


@pytest.fixture
def admin_client(client, demo_economy):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


BY_AREA_ROWS = {
    "SPB": "Socialpsykiatri och beroende",
    "VB": "Vård och behandling",
    "SUBTOTAL": "Summa exklusive flyktingmottagande",
    "TOTAL": "Summa nämnd",
}


def test_the_seeds_operating_statement_reproduces_in_mnkr_and_in_tkr(admin_client, demo_economy):
    report = report_services.report_create(actor=None, committee=demo_economy, report_type=INTERIM, year=2019)
    (mnkr,) = _tables(report, "economy:by_area")
    assert mnkr.caption.endswith(", mnkr") and mnkr.header[-1][0].text == "mnkr"
    shown = _texts(mnkr)
    assert " ".join(shown["Vård och behandling"][:8]) == SEED_BY_AREA["VB"]
    assert " ".join(shown["Summa nämnd"][:8]) == SEED_BY_AREA["TOTAL"]

    # The quality coordinator sets the template to tkr; reports created afterwards show tkr without decimals.
    template = _template()
    response = admin_client.post(
        reverse("reports:template", args=[template.pk]),
        {"action": "unit", "unit-version": template.version, "unit-money_unit": "tkr"},
    )
    assert response.status_code == 302
    report.delete()
    report = report_services.report_create(actor=None, committee=demo_economy, report_type=INTERIM, year=2019)
    (tkr,) = _tables(report, "economy:by_area")
    assert tkr.caption == "Driftredovisning per verksamhet, tkr"
    assert tkr.header[-1][0].text == "tkr"
    shown = _texts(tkr)
    assert shown["Summa nämnd"][:8] == ["418 000", "422 900", "-4 900", "3 900", "-1 000", "100 800", "100 952", "-152"]
    # Every tkr cell of the seed's rows is the seed's mnkr figure to the decimal: the same exact kronor, rounded
    # only when shown.
    for code, label in BY_AREA_ROWS.items():
        assert " ".join(_mnkr_of_tkr(text) for text in shown[label][:8]) == SEED_BY_AREA[code], code
    (figures,) = _tables(report, "economy:budget_keeping")
    assert figures.caption == "Ekonomins nyckeltal, tkr" and _texts(figures)["Budget helår"] == ["418 000"]
    # Volumes count in their own unit (placements), never in tkr, whatever the template's money unit.
    (volumes,) = _tables(report, "economy:volumes")
    assert "tkr" not in volumes.caption and next(c.text for c in volumes.header[-1]) == ""
    assert all("tkr" not in str(cell) for row in volumes.rows for cell in row)
    assert any(str(row[1]) for row in volumes.rows)  # each volume states its unit


def test_a_section_chooses_its_columns_unit_total_label_and_group_sums(admin_client, demo_economy):
    template = _template()
    section = template.sections.get(kind="economy:by_cost_line")
    response = admin_client.post(
        reverse("reports:template_section", args=[section.pk]),
        _section_post(
            section,
            money_unit="tkr",
            columns=["budget_year", "forecast", "actual_period"],
            total_label="Summa nettokostnad",
            group_sums="on",
        ),
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.options == {
        "unit": "tkr",
        "columns": ["budget_year", "forecast", "actual_period"],
        "total_label": "Summa nettokostnad",
        "group_sums": True,
    }
    page = admin_client.get(reverse("reports:template", args=[template.pk])).content.decode()
    assert "Summa nettokostnad" in page and "Beloppsenhet" in page

    report = report_services.report_create(actor=None, committee=demo_economy, report_type=INTERIM, year=2019)
    (table,) = _tables(report, "economy:by_cost_line")
    assert [[(c.text, c.span) for c in row] for row in table.header] == [
        [("", 1), ("Helår", 2), ("Perioden", 1)],
        [("tkr", 1), ("Budget", 1), ("Prognos", 1), ("Utfall", 1)],
    ]
    shown = _texts(table)
    # The group rows carry their subtotals (never "-"); their separate subtotal lines are gone.
    assert shown["Intäkter"] == ["65 800", "70 100", "20 897"]
    assert shown["Kostnader"] == ["483 800", "493 000", "121 849"]
    assert "Verksamhetens intäkter" not in shown and "Verksamhetens kostnader" not in shown
    assert shown["Summa nettokostnad"] == ["418 000", "422 900", "100 952"]
    assert "Nettokostnad" not in shown
    # The group sum is the sum of the exact kronor, rounded once: 65 800 tkr is the sum of the revenue lines.
    assert table.row_styles[0] == "subtotal" and table.row_styles[-1] == "total"
    # Sections that ask for nothing keep mnkr and every column.
    (by_area,) = _tables(report, "economy:by_area")
    assert len(by_area.header[-1]) == 10 and by_area.caption.endswith(", mnkr")


def test_without_group_sums_a_heading_row_shows_no_dash(demo_economy):
    report = report_services.report_create(actor=None, committee=demo_economy, report_type=INTERIM, year=2019)
    (table,) = _tables(report, "economy:by_cost_line")
    shown = _texts(table)
    assert set(shown["Intäkter"]) == {""} and set(shown["Kostnader"]) == {""}
    assert shown["Verksamhetens intäkter"][4] == "20,9"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"years": "9"},
            "Antal år i en tabell över flera år: Kontrollera att detta värde är mindre än eller lika med 5.",
        ),
        (
            {"money_unit": "kr"},
            "Beloppsenhet: Välj ett giltigt alternativ. kr finns inte bland tillgängliga alternativ.",
        ),
        ({"columns": ["nope"]}, "Driftredovisningens kolumner: Välj ett giltigt alternativ. nope finns inte"),
    ],
)
def test_bad_table_options_are_refused_in_swedish_and_change_nothing(admin_client, options, message):
    section = _template().sections.get(kind="economy:by_area")
    response = admin_client.post(
        reverse("reports:template_section", args=[section.pk]), _section_post(section, **options), follow=True
    )
    assert message in response.content.decode()
    section.refresh_from_db()
    assert section.options == {} and section.version == 1


# -- the same period over several years, from data ------------------------------------------------------------------


def _three_years(org) -> None:
    """VB (3200-3299) and a separately reported area FEB (3900-3999) for 2017-2019, with January-March actuals
    per year and an April amount that lies outside the period."""
    extra = ['#OBJEKT 1 "3900" "Flykting"']
    amounts = {
        2017: ("1234400", "150000"),
        2018: ("1300700", "210000"),
        2019: ("1400600", "200600"),
    }
    for year in (2017, 2018):
        organisation_services.planning_year_create(actor=None, year=year)
    for year, (vb, feb) in amounts.items():
        areas(org.sn, year=year)
        economy_services.operation_area_save(
            actor=None, committee=org.sn, year=year, code="FEB", name="Flyktingmottagande", org_unit=None,
            separate=True, earmarked=False, sort_order=1, ranges=[("3900", "3999")],
        )  # fmt: skip
        data = sie(
            [
                cost(f"{year}0115", "5010", "3200", vb),
                cost(f"{year}0320", "5010", "3900", feb),
                cost(f"{year}0410", "5010", "3200", "999000"),
            ],
            year=year,
            extra=extra,
        )
        sie_import(actor=None, committee=org.sn, data=data, filename=f"{year}.se")


def _add_years_section(template: ReportTemplate, **options: object) -> TemplateSection:
    return report_services.template_section_save(
        actor=None, template=template, title="Nettokostnad januari–mars", kind="economy:area_years", **options
    )


def test_the_same_period_over_three_years_per_area_with_group_sums_rounded_when_shown(org):
    _three_years(org)
    _add_years_section(_template(), money_unit="tkr")
    report = report_services.report_create(actor=None, committee=org.sn, report_type=INTERIM, year=2019)
    (table,) = _tables(report, "economy:area_years")
    assert table.caption == "Nettokostnad per verksamhet, samma period under 3 år, tkr"
    assert [[(c.text, c.span) for c in row] for row in table.header] == [
        [("", 1), ("Januari–mars", 3), ("", 1)],
        [("tkr", 1), ("2017", 1), ("2018", 1), ("2019", 1), ("Förändring 2018–2019", 1)],
    ]
    shown = _texts(table)
    assert shown["Vård och behandling"] == ["1 234", "1 301", "1 401", "100"]
    assert shown["Summa exklusive särredovisade poster"] == ["1 234", "1 301", "1 401", "100"]
    assert shown["Flyktingmottagande"] == ["150", "210", "201", "-9"]
    # The total is the exact sum rounded once: 1 400 600 + 200 600 kr = 1 601 tkr, not 1 401 + 201 = 1 602; the
    # change is 1 601 200 - 1 510 700 = 90 500 kr, 91 tkr, not the difference of the rounded cells (90).
    assert shown["Summa nämnd"] == ["1 384", "1 511", "1 601", "91"]
    assert table.row_styles == ["", "subtotal", "", "total"]
    # Only the freshness note every economy table carries (issue 16), no note of missing years.
    assert len(table.notes) == 1 and table.notes[0].startswith("Utfall t.o.m. april 2019, bokfört per ")


def test_the_services_check_table_options_too(org):
    template = _template()
    with pytest.raises(ValidationError) as refused:
        _add_years_section(template, years=6)
    assert refused.value.message_dict == {"years": ["En tabell kan omfatta två till fem år."]}
    with pytest.raises(ValidationError):
        _add_years_section(template, money_unit="kr")
    with pytest.raises(ValidationError):
        report_services.template_money_unit_set(actor=None, template=template, money_unit="kronor")
    assert not template.sections.filter(kind="economy:area_years").exists()


def test_the_years_table_in_mnkr_and_a_year_without_actuals(org):
    _three_years(org)
    _add_years_section(_template(), money_unit="mnkr", years=4)
    report = report_services.report_create(actor=None, committee=org.sn, report_type=INTERIM, year=2019)
    (table,) = _tables(report, "economy:area_years")
    assert [c.text for c in table.header[-1]] == ["mnkr", "2016", "2017", "2018", "2019", "Förändring 2018–2019"]
    assert _texts(table)["Summa nämnd"] == ["-", "1,4", "1,5", "1,6", "0,1"]
    assert table.notes[0].startswith("Utfall t.o.m. ") and table.notes[1:] == ["Inget utfall är inläst för 2016."]


def test_the_template_default_unit_applies_to_the_years_table(org):
    _three_years(org)
    template = _template()
    report_services.template_money_unit_set(actor=None, template=template, money_unit="tkr")
    _add_years_section(template, years=2)
    report = report_services.report_create(actor=None, committee=org.sn, report_type=INTERIM, year=2019)
    (table,) = _tables(report, "economy:area_years")
    assert [c.text for c in table.header[-1]] == ["tkr", "2018", "2019", "Förändring 2018–2019"]
    assert _texts(table)["Vård och behandling"] == ["1 301", "1 401", "100"]


# -- the demo and the three renderings ------------------------------------------------------------------------------


def test_the_demo_report_prints_tkr_tables_and_the_years_table_in_html_pdf_and_word(client, demo_economy):
    from digipuff.reports import demo as reports_demo
    from digipuff.reports.models import Report

    reports_demo.load()
    report = Report.objects.get(committee=demo_economy, report_type=INTERIM, occasion__year__year=2019)
    (years,) = _tables(report, "economy:area_years")
    assert years.caption.endswith(", tkr")
    assert _texts(years)["Summa nämnd"] == ["110 000", "100 952", "-9 048"]
    (by_line,) = _tables(report, "economy:by_cost_line")
    assert _texts(by_line)["Summa nettokostnad"][0] == "418 000"

    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Nettokostnad per verksamhet, samma period under 2 år, tkr" in html and "100 952" in html
    docx = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert docx.status_code == 200
    from docx import Document as open_docx

    cells = {
        cell.text
        for table in open_docx(
            io.BytesIO(b"".join(docx.streaming_content if docx.streaming else [docx.content]))
        ).tables
        for row in table.rows
        for cell in row.cells
    }
    assert {"Förändring 2018–2019", "100 952", "-9 048"} <= cells
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Förändring 2018–2019" in text and "100 952" in text
