"""The economy's chart in a report: the deviation from budget month by month and the forecasts of the year."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from digipuff.core import document as doc
from digipuff.economy.charts import deviation_chart
from digipuff.reports import renderers, services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import ReportSection
from digipuff.reports.selectors import build_document


def test_the_deviation_chart_follows_the_ledger_and_the_forecast(demo_economy):
    chart = deviation_chart(demo_economy, 2019, 4)
    assert chart is not None
    assert chart.categories[0] == "jan" and len(chart.categories) >= 3
    so_far, forecast = chart.lines
    assert any(value is not None for value in so_far.values)
    # The Delår 1 forecast foresees the deficit of the seed: 4,9 mnkr below budget for the year.
    forecasts = [value for value in forecast.values if value is not None]
    assert forecasts and round(forecasts[-1], 1) == Decimal("-4.9")
    assert "mnkr" in chart.title


def test_a_report_section_shows_the_chart_in_every_format(demo_economy):
    report = services.report_create(actor=None, committee=demo_economy, report_type=ReportType.INTERIM_1, year=2019)
    ReportSection.objects.create(
        report=report, order=999, title="Ekonomin månad för månad", kind="economy:deviation_chart", has_text=False
    )
    document = build_document(report)
    section = next(s for s in document.sections if s.title == "Ekonomin månad för månad")
    charts = [block for block in section.blocks if isinstance(block, doc.Chart)]
    assert len(charts) == 1 and charts[0].number > 0
    html = renderers.render(report, "html").decode()
    assert charts[0].chart.title in html and "<svg" in html
    names = zipfile.ZipFile(io.BytesIO(renderers.render(report, "docx"))).namelist()
    assert any(name.startswith("word/media/") for name in names)


def test_no_chart_without_an_economy(demo_org):
    assert deviation_chart(demo_org, 2030, 4) is None
