"""The suppression crawl: the demo plus small-count cases, every channel a figure leaves by, every demo measure.

A reader of the whole municipality (no right to edit anything) visits the measure pages (values table, result
table, chart data and the SVG drawn from it), the goal pages, the API (measure values and economy tables), the
economy pages and the Excel export, and the reports as HTML (page and download), Word and PDF. In each, the figures
shown for a measure are checked against the forbidden numbers written out below by hand (the small counts, and the
siblings that would reveal them by "total minus the visible groups"), and every published combination of a total and
its groups is checked for exactly one hidden group beside a shown total. Figures are printed with `-s`.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import docx
import lxml.html
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from digipuff.economy import services as economy_services
from digipuff.economy.models import Volume
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators import services as indicator_services
from digipuff.indicators.choices import MEN, TOTAL, WOMEN, Breakdown, Direction, Periodicity, Source, ValueUnit
from digipuff.indicators.models import Measure
from digipuff.indicators.services import ValueInput
from digipuff.organisation.choices import Role
from digipuff.organisation.models import OrgUnit
from digipuff.reports import services as report_services
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report
from tests.factories import UserFactory, grant

D = Decimal
GROUPS = {TOTAL: "Totalt", WOMEN: "Kvinnor", MEN: "Män"}

# The small-count cases, with what must never be shown: by measure, period label and group, the figure as the
# channels would print it. Primary: a base below 7. Secondary: the sibling that total minus the visible groups would
# give away.
PLACED = "Placerade barn, antal"
SATISFIED = "Nöjda brukare i familjehem, andel"
RETURNING = "Återaktualiserade familjer, andel"
MANAGERS = "Långtidssjuka chefer, andel"
FORBIDDEN: dict[str, dict[str, dict[str, str]]] = {
    PLACED: {"2018": {TOTAL: "5", WOMEN: "2", MEN: "3"}, "2017": {WOMEN: "4", MEN: "8"}},
    SATISFIED: {"2018": {WOMEN: "87,5 %", MEN: "54,2 %"}},
    RETURNING: {"2018": {WOMEN: "25,0 %", MEN: "33,3 %"}},
    MANAGERS: {
        f"{month:02d}-{year}": {WOMEN: "20,0 %", MEN: "10,0 %"}
        for year, month in [(2018, m) for m in range(2, 13)] + [(2019, 1), (2019, 2)]
    },
}
# Volumes (economy): by volume name and column, the figure that must not be shown.
FORBIDDEN_VOLUMES = {"LVM-placeringar, beroendeenheten": {"actual": D(5)}, "Skyddat boende": {"previous_year": D(3)}}


def _small_count_cases() -> None:
    sn = OrgUnit.objects.get(code="SN")
    care = CommitteeGoal.objects.get(committee=sn, goal__year=2019, goal__title="Fler upplever god vård och omsorg")
    staff = CommitteeGoal.objects.get(committee=sn, goal__year=2019, goal__title="Goda förutsättningar")
    common: dict[str, Any] = {"periodicity": Periodicity.YEAR, "breakdown": Breakdown.GENDER, "source": Source.MANUAL}

    def measure(name: str, goal: CommitteeGoal, values: list[ValueInput], **fields: Any) -> None:
        created = indicator_services.measure_create(
            actor=None, committee=sn, goals=[goal], name=name, **{**common, **fields}
        )
        indicator_services.measure_values_set(actor=None, measure=created, values=values)

    def gendered(year: int, *figures: tuple[str, str | None, int | None], **kw: Any) -> list[ValueInput]:
        return [
            ValueInput(year=year, group=g, value=D(v) if v else None, count=c, **kw)
            for g, (_, v, c) in zip((TOTAL, WOMEN, MEN), figures, strict=True)
        ]

    measure(
        PLACED,
        care,
        gendered(2016, ("T", "20", None), ("K", "10", None), ("M", "10", None))
        + gendered(2017, ("T", "12", None), ("K", "4", None), ("M", "8", None))
        + gendered(2018, ("T", "5", None), ("K", "2", None), ("M", "3", None)),
        unit=ValueUnit.COUNT,
        is_count=True,
        direction=Direction.NONE,
        sort_order=40,
    )
    measure(
        SATISFIED,
        care,
        gendered(2017, ("T", "70", 20), ("K", "65", 10), ("M", "75", 10))
        + gendered(2018, ("T", "62.5", 16), ("K", "87.5", 4), ("M", "54.17", 12)),
        unit=ValueUnit.PERCENT,
        decimals=1,
        direction=Direction.HIGHER,
        sort_order=41,
    )
    measure(
        RETURNING,
        care,
        [
            ValueInput(year=2017, group=WOMEN, numerator=D(3), denominator=D(10)),
            ValueInput(year=2017, group=MEN, numerator=D(4), denominator=D(10)),
            ValueInput(year=2018, group=WOMEN, numerator=D(1), denominator=D(4)),
            ValueInput(year=2018, group=MEN, numerator=D(3), denominator=D(9)),
        ],
        unit=ValueUnit.PERCENT,
        decimals=1,
        direction=Direction.LOWER,
        is_ratio=True,
        is_count=True,
        sort_order=42,
    )
    monthly = [(2017 + (m + 2) // 12, (m + 2) % 12 + 1) for m in range(24)]  # March 2017 - February 2019
    measure(
        MANAGERS,
        staff,
        [
            ValueInput(year=y, month=m, group=g, numerator=n, denominator=d)
            for y, m in monthly
            for g, n, d in ((WOMEN, D("0.1"), D("0.5")), (MEN, D("0.2"), D(2)))
        ],
        unit=ValueUnit.PERCENT,
        decimals=1,
        direction=Direction.LOWER,
        source=Source.HR,
        periodicity=Periodicity.MONTH,
        is_ratio=True,
        is_count=True,
        rolling_12=True,
        sort_order=43,
    )
    economy_services.volume_save(
        actor=None,
        volume=Volume(committee=sn, year=2019, month=3),
        name="Skyddat boende",
        unit="placeringar",
        actual=D(8),
        previous_year=D(3),
        budget=D(10),
        sort_order=9,
    )


# -- what a channel shows ---------------------------------------------------------------------------------------------


@dataclass
class Crawl:
    checked: Counter[str] = field(default_factory=Counter)  # channel -> rows, pages or tables checked
    seen: set[tuple[str, str]] = field(default_factory=set)  # (channel, measure or volume) pairs checked
    found: list[str] = field(default_factory=list)  # forbidden numbers found, described

    def leak(self, channel: str, what: str) -> None:
        self.found.append(f"{channel}: {what}")


def _token(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\d,.])" + re.escape(text) + r"(?![\d,])")


def _forbidden_tokens(name: str) -> set[str]:
    return {t for groups in FORBIDDEN.get(name, {}).values() for t in groups.values()}


def check_row(crawl: Crawl, channel: str, name: str, cells: list[str]) -> None:
    """One row showing a measure's latest figures (total, women, men; a report's "Kvinnor 2, Män 3")."""
    crawl.checked[channel] += 1
    crawl.seen.add((channel, name))
    text = " | ".join(cells[1:])
    for token in _forbidden_tokens(name):
        if _token(token).search(text):
            crawl.leak(channel, f"{name}: {token} in {text!r}")
    hidden = text.count("--")
    if hidden == 1:
        crawl.leak(channel, f"{name}: a single suppressed group beside shown figures in {text!r}")


def check_combination(crawl: Crawl, channel: str, name: str, period: str, shown: dict[str, str | None]) -> None:
    """One period's total and groups as a channel shows them (None: not there, "--": suppressed)."""
    crawl.seen.add((channel, name))
    forbidden = FORBIDDEN.get(name, {}).get(period, {})
    for group, token in forbidden.items():
        text = shown.get(group)
        if text is not None and text != "--" and _token(token).fullmatch(text.strip()):
            crawl.leak(channel, f"{name} {period} {group}: {text}")
    present = {g: t for g, t in shown.items() if t not in (None, "-")}
    total_shown = present.get(TOTAL) not in (None, "--")
    parts_hidden = [g for g, t in present.items() if g != TOTAL and t == "--"]
    if total_shown and len(parts_hidden) == 1:
        crawl.leak(channel, f"{name} {period}: total {present[TOTAL]} beside one hidden group {parts_hidden}")


def _rows(tree: Any) -> list[list[str]]:
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")] for row in tree.xpath("//tr")]


def check_html_rows(crawl: Crawl, channel: str, html: str, names: list[str]) -> None:
    rows = _rows(lxml.html.fromstring(html))
    for name in names:
        for cells in rows:
            if cells and cells[0].startswith(name):
                check_row(crawl, channel, name, cells)


def check_docx(crawl: Crawl, data: bytes, names: list[str]) -> None:
    document = docx.Document(io.BytesIO(data))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    for name in names:
        for cells in rows:
            if cells and cells[0].startswith(name):
                check_row(crawl, "report DOCX", name, cells)


def check_pdf(crawl: Crawl, data: bytes, names: list[str], tmp_path: Any) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    lines = text.splitlines()
    for name in names:
        # A long name wraps in its cell: the row's line starts with the name's first words.
        start = name[:28]
        for line in lines:
            if line.strip().startswith(start):
                check_row(crawl, "report PDF", name, [name, line.strip()[len(start) :]])


def check_measure_page(crawl: Crawl, client: Any, measure: Measure) -> None:
    response = client.get(reverse("indicators:measure", args=[measure.pk]), {"year": 2019})
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    heads = [
        " ".join(th.text_content().split()) for th in tree.xpath("//table[contains(@class,'values-table')]/thead//th")
    ]
    groups = [TOTAL] + [g for g, label in ((WOMEN, "Kvinnor"), (MEN, "Män")) if label in heads]
    for row in tree.xpath("//table[contains(@class,'values-table')]/tbody/tr"):
        cells = [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]
        shown = dict(zip(groups, cells[1 : 1 + len(groups)], strict=True))
        check_combination(crawl, "measure page: values", measure.name, cells[0], shown)
    crawl.checked["measure page: values"] += 1
    crawl.seen.add(("measure page: values", measure.name))
    check_html_rows(crawl, "measure page: result", response.content.decode(), [measure.name])
    chart = response.context["chart"]
    if chart is None:
        return
    crawl.checked["measure page: chart data"] += 1
    crawl.seen.add(("measure page: chart data", measure.name))
    by_label = {line.label: line.values for line in chart.lines}
    raw_values = measure_raw(measure)
    for index, category in enumerate(chart.categories):
        period = category if measure.periodicity != Periodicity.MONTH else _month_label(category)
        shown: dict[str, str | None] = {}
        for group, label in GROUPS.items():
            values = by_label.get(label)
            if values is None:
                continue
            value = values[index]
            shown[group] = "--" if value is None else _chart_text(measure, value)
        raw = raw_values.get(period, {})
        for group, text in shown.items():
            if text == "--" and raw.get(group) is None:
                shown[group] = None  # missing, not suppressed
        check_combination(crawl, "measure page: chart data", measure.name, period, shown)
    # The SVG draws exactly the points in the chart's data: one marker per value, none for a suppressed one.
    crawl.checked["measure page: chart SVG"] += 1
    crawl.seen.add(("measure page: chart SVG", measure.name))
    svg = response.context["chart_svg"]
    drawn = sum(
        group.count("<use")
        for group in re.findall(r'<g id="line2d_\d+">\s*<path d="[^"]*"\s+clip-path=[^>]*>(.*?)</g>', svg, re.S)
    )
    plotted = sum(1 for line in chart.lines for value in line.values if value is not None)
    if drawn != plotted:
        crawl.leak("measure page: chart SVG", f"{measure.name}: {drawn} points drawn, {plotted} published")
    if _forbidden_tokens(measure.name) and "--" not in (response.context["chart_note"] or "--"):
        crawl.leak("measure page: chart SVG", f"{measure.name}: no note on the points left out")


MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _month_label(category: str) -> str:
    name, year = category.split()
    return f"{MONTHS.index(name) + 1:02d}-20{year}"


def _chart_text(measure: Measure, value: Decimal) -> str:
    from digipuff.indicators.selectors import format_value

    return format_value(measure, value)


def measure_raw(measure: Measure) -> dict[str, dict[str, Any]]:
    """The exact values by period label (to tell a missing point from a suppressed one)."""
    from digipuff.indicators.selectors import build_series, period_label

    series = build_series(measure, measure.values.all(), threshold=7)
    return {period_label(measure, p): series.values[p] for p in series.periods()}


def check_api_values(crawl: Crawl, api: APIClient, measure: Measure) -> None:
    from digipuff.indicators.selectors import period_label

    rows = api.get("/api/v1/measure-values/", {"measure": measure.pk, "limit": 1000}).json()["results"]
    crawl.checked["API measure values"] += 1
    crawl.seen.add(("API measure values", measure.name))
    periods: dict[str, dict[str, str | None]] = {}
    for row in rows:
        for raw in ("numerator", "denominator", "count"):
            if row[raw] is not None:
                crawl.leak("API measure values", f"{measure.name}: raw {raw} {row[raw]} for a reader")
        label = period_label(measure, (row["year"], row["month"]))
        value = row["value"]
        text = value if value in (None, "--") else _chart_text(measure, Decimal(value))
        periods.setdefault(label, {})[row["group"]] = text
    for label, shown in periods.items():
        if measure.rolling_12:
            # The API lists single months, not the r12 the pages publish: check that no month shows a group alone.
            label = f"{label} (month)"
        check_combination(crawl, "API measure values", measure.name, label, shown)


def check_volumes(crawl: Crawl, channel: str, rows: dict[str, dict[str, Any]]) -> None:
    crawl.checked[channel] += 1
    crawl.seen.update((channel, name) for name in rows)
    for name, columns in FORBIDDEN_VOLUMES.items():
        assert name in rows, f"{channel}: no row {name}"
        for column, figure in columns.items():
            shown = rows[name][column]
            if shown != "--":
                crawl.leak(channel, f"{name} {column}: {shown} (is {figure})")
        for derived in ("deviation", "change"):
            if derived in rows[name] and rows[name][derived] not in ("--", "-", None, ""):
                inputs = {"deviation": ["actual"], "change": ["actual", "previous_year"]}[derived]
                if any(c in columns for c in inputs):
                    crawl.leak(channel, f"{name} {derived}: {rows[name][derived]} reveals a suppressed figure")


VOLUME_COLUMNS = ["unit", "actual", "budget", "deviation", "previous_year", "change"]


def _volume_rows(rows: list[list[str]]) -> dict[str, dict[str, Any]]:
    return {
        cells[0]: dict(zip(VOLUME_COLUMNS, cells[1:], strict=False))
        for cells in rows
        if cells and cells[0] in FORBIDDEN_VOLUMES
    }


def _volume_rows_html(html: str) -> dict[str, dict[str, Any]]:
    return _volume_rows(_rows(lxml.html.fromstring(html)))


@pytest.mark.django_db
def test_no_channel_shows_a_suppressed_count(client, tmp_path, capsys):
    call_command("demo", verbosity=0)
    _small_count_cases()
    council = OrgUnit.objects.get(code="KF")
    reader = UserFactory(username="crawl_reader")
    grant(reader, council, Role.READER)
    admin = UserFactory(username="crawl_admin")
    grant(admin, council, Role.ADMIN)
    client.force_login(reader)
    api = APIClient()
    api.force_authenticate(reader)
    crawl = Crawl()

    measures = list(Measure.objects.select_related("owner").order_by("owner__code", "sort_order", "pk"))
    assert len(measures) >= 20
    for measure in measures:
        check_measure_page(crawl, client, measure)
        check_api_values(crawl, api, measure)

    # The goal pages of the demo's committees and years.
    by_committee = {"SN": 2019, "VON": 2020}
    for code, year in by_committee.items():
        html = client.get(reverse("goals:thread", args=[code, year])).content.decode()
        names = [m.name for m in measures if m.owner.code == code and m.goals.exists()]
        check_html_rows(crawl, "goal page", html, names)

    # The reports: the demo's Delårsrapport 1 2019 and decided plan 2019 of SN and a plan 2020 of VON, every format.
    if not Report.objects.filter(
        committee__code="VON", report_type=ReportType.PLAN, occasion__year__year=2020
    ).exists():
        report_services.report_create(
            actor=admin, committee=OrgUnit.objects.get(code="VON"), report_type=ReportType.PLAN, year=2020
        )
    for report in Report.objects.select_related("committee"):
        names = [m.name for m in measures if m.owner_id == report.committee_id]
        html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        check_html_rows(crawl, "report page", html, names)
        download = client.get(reverse("reports:download", args=[report.pk, "html"])).content.decode()
        check_html_rows(crawl, "report HTML", download, names)
        word = client.get(reverse("reports:download", args=[report.pk, "docx"])).content
        check_docx(crawl, word, names)
        check_pdf(crawl, client.get(reverse("reports:download", args=[report.pk, "pdf"])).content, names, tmp_path)
        if report.committee.code == "SN" and report.report_type == ReportType.INTERIM_1:  # the plan has no volumes
            check_volumes(crawl, "report page: volumes", _volume_rows_html(html))
            check_volumes(crawl, "report HTML: volumes", _volume_rows_html(download))
            tables = docx.Document(io.BytesIO(word)).tables
            check_volumes(
                crawl, "report DOCX: volumes", _volume_rows([[c.text for c in r.cells] for t in tables for r in t.rows])
            )

    # The economy: the overview, the volumes page, the Excel export and the API table, Delår 1 2019 of SN.
    overview = client.get(reverse("economy:overview", args=["SN", 2019]), {"month": 3}).content.decode()
    check_volumes(crawl, "economy page", _volume_rows_html(overview))
    records = client.get(reverse("economy:records", args=["SN", 2019, 3, "volumes"])).content.decode()
    check_volumes(crawl, "economy volumes page", _volume_rows_html(records))
    export = client.get(reverse("economy:export", args=["SN", 2019, "volumes"]), {"month": 3})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    excel_rows = {
        row[0]: {c: "-" if v is None else v for c, v in zip(VOLUME_COLUMNS, row[1:], strict=False)}
        for row in sheet.iter_rows(values_only=True)
        if row and row[0] in FORBIDDEN_VOLUMES
    }
    check_volumes(crawl, "Excel export", excel_rows)
    table = api.get("/api/v1/economy/tables/", {"committee": "SN", "year": 2019, "month": 3, "table": "volumes"}).json()
    check_volumes(
        crawl,
        "API economy table",
        {r["label"]: {k: "-" if v is None else v for k, v in r["values"].items()} for r in table["rows"]},
    )

    # The public portal, as anyone sees it: the committee page, each published measure's page (values table) and the
    # open data (values as JSON and CSV). The demo decides SN's plan 2019, so SN's 2018 figures are published.
    citizen = type(client)()
    committee_page = citizen.get(reverse("portal:committee", args=["SN", 2019])).content.decode()
    check_html_rows(crawl, "portal committee page", committee_page, [m.name for m in measures if m.owner.code == "SN"])
    data = citizen.get(reverse("portal:dataset", args=["varden", "json"]), {"limit": 10000}).json()["results"]
    by_period: dict[tuple[str, str], dict[str, str | None]] = {}
    for row in data:
        label = f"{row['month']:02d}-{row['year']}" if row["month"] else str(row["year"])
        by_period.setdefault((row["measure"], label), {})[row["group"]] = row["shown"]
        if row["suppressed"]:
            assert row["value"] is None, row
    for (name, label), shown in by_period.items():
        check_combination(crawl, "portal open data", name, label, shown)
        crawl.checked["portal open data"] += 1
    csv_rows = citizen.get(reverse("portal:dataset", args=["varden", "csv"])).content.decode("utf-8-sig").splitlines()
    assert len(csv_rows) == len(data) + 1
    for measure in measures:
        response = citizen.get(reverse("portal:measure", args=[measure.pk]))
        if response.status_code == 404:
            continue  # not published (no decided report of its committee-year)
        tree = lxml.html.fromstring(response.content.decode())
        tables = tree.xpath("//table[contains(@class,'values-table')]")
        if not tables:
            continue  # no values published yet
        rows = [[" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")] for tr in tables[0].xpath(".//tr")]
        groups = [{"Totalt": TOTAL, "Kvinnor": WOMEN, "Män": MEN}.get(h, h) for h in rows[0][1:]]
        for cells in rows[1:]:
            if len(cells) == len(rows[0]):
                shown: dict[str, str | None] = dict(zip(groups, cells[1:], strict=True))
                check_combination(crawl, "portal measure page", measure.name, cells[0], shown)
                crawl.checked["portal measure page"] += 1

    with capsys.disabled():
        total = sum(crawl.checked.values())
        print(f"\nsuppression crawl: {len(measures)} measures, {len(crawl.checked)} channels, {total} checks")
        print(f"  (channel, measure or volume) pairs checked: {len(crawl.seen)}")
        per_channel = Counter(channel for channel, _name in crawl.seen)
        for channel, count in sorted(crawl.checked.items()):
            print(f"  {channel}: {per_channel[channel]} measures/volumes, {count} checks")
        print(f"  forbidden numbers found: {len(crawl.found)}")
        for channel, count in sorted(Counter(f.split(": ", 1)[0] for f in crawl.found).items()):
            print(f"    in {channel}: {count}")
    assert crawl.found == []
    # Every small-count case was seen where it is published.
    for channel in (
        "measure page: values",
        "goal page",
        "report HTML",
        "report DOCX",
        "report PDF",
        "API measure values",
        "portal open data",
        "portal measure page",
    ):
        assert crawl.checked[channel] >= len(FORBIDDEN) - (1 if channel == "goal page" else 0), channel
