"""Open data: the portal's public goals, measures, values and decided economy tables as JSON and CSV.

Formats (docs/open-data.md):

- **CSV for Swedish Excel and Power BI without code**: UTF-8 with a byte-order mark (so Excel reads å, ä, ö),
  semicolon as separator, decimal comma, no thousands separator (so Excel reads a number as a number), ISO dates
  (2019-05-14), Swedish column headers that never change. The whole set, filtered by the query if given.
- **JSON for programs**: English keys that never change, numbers as numbers, ISO dates, paged with `limit` and
  `offset` (`next` and `previous` links), the licence in every answer.

Identifiers are the database ids of goals, measures and reports: they never change and are never reused. Values
are published as the portal shows them (suppressed "--" is an empty value with `suppressed` true, rounded to the
measure's decimals); the source is carried on every value ("Källa: Kolada (U35544)").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from digipuff.goals.choices import Assessment
from digipuff.goals.selectors import ThreadNode
from digipuff.indicators.choices import TOTAL, Source
from digipuff.indicators.selectors import group_label
from digipuff.portal import selectors

LICENCE = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"
MAX_LIMIT = 10_000
DEFAULT_LIMIT = 1_000


@dataclass(frozen=True)
class Column:
    """A column of a data set: its JSON key, its Swedish CSV header and what it holds."""

    key: str
    header: str
    kind: str = "text"  # text | number | integer | date | boolean


@dataclass(frozen=True)
class Dataset:
    name: str  # the URL's name: /oppen/data/<name>.csv
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[dict[str, Any]], list[dict[str, Any]]]
    filters: tuple[str, ...] = ()


class BadQuery(ValueError):
    """A query parameter that cannot be used; its message is the Swedish sentence shown."""


# -- rows -------------------------------------------------------------------------------------------------------------


def _committee_years(filters: dict[str, Any]) -> list[selectors.CommitteeYear]:
    return [
        cy
        for cy in selectors.committee_years()
        if (not filters.get("committee") or cy.committee.code == filters["committee"])
        and (not filters.get("year") or cy.year == filters["year"])
    ]


def goal_rows(filters: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for cy in _committee_years(filters):
        thread = selectors.thread(cy, with_measures=False)
        report = next(r for r in cy.reports if r.occasion_id == cy.occasion.pk)
        _goal_rows(rows, cy, report, thread.roots, None)
    return rows


def _goal_rows(
    rows: list[dict[str, Any]], cy: selectors.CommitteeYear, report: Any, nodes: list[ThreadNode], parent: int | None
) -> None:
    for node in nodes:
        assessment = node.assessment.assessment if node.assessment else ""
        rows.append(
            {
                "goal_id": node.goal.pk,
                "parent_id": parent,
                "committee_code": cy.committee.code,
                "committee": cy.committee.name,
                "year": cy.year,
                "level": node.goal.level.name,
                "code": node.goal.code,
                "title": node.goal.title,
                "adopted_by_committee": node.committee_goal is not None,
                "assessment": assessment,
                "assessment_label": str(Assessment(assessment).label) if assessment else "",
                "occasion": cy.occasion.name if assessment else "",
                "report_id": report.pk if assessment else None,
            }
        )
        _goal_rows(rows, cy, report, node.children, node.goal.pk)


def _measures(filters: dict[str, Any]) -> list[Any]:
    measures = selectors.public_measures().prefetch_related("goals")
    if filters.get("committee"):
        measures = measures.filter(owner__code=filters["committee"])
    if filters.get("measure"):
        measures = measures.filter(pk=filters["measure"])
    return list(measures)


def source_text(measure: Any) -> str:
    """ "Källa: Kolada (U35544)", as the reports write it."""
    with override("sv"):
        text = _("Source: {source}").format(source=Source(measure.source).label)
    return f"{text} ({measure.source_id})" if measure.source_id else text


def measure_rows(filters: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "measure_id": m.pk,
            "committee_code": m.owner.code,
            "committee": m.owner.name,
            "name": m.name,
            "kind": m.get_kind_display(),
            "unit": m.get_unit_display(),
            "decimals": m.decimals,
            "direction": m.get_direction_display(),
            "periodicity": m.get_periodicity_display(),
            "rolling_12": m.rolling_12,
            "breakdown": m.get_breakdown_display(),
            "source": m.get_source_display(),
            "source_id": m.source_id,
            "source_text": source_text(m),
            "goal_ids": " ".join(str(cg.goal_id) for cg in m.goals.all()),
            "definition": m.description,
        }
        for m in _measures(filters)
    ]


def value_rows(filters: dict[str, Any]) -> list[dict[str, Any]]:
    measures = _measures(filters)
    published = selectors.published_series(measures)
    rows: list[dict[str, Any]] = []
    for measure in measures:
        ps = published[measure.pk]
        for period in ps.periods:
            if filters.get("year") and period[0] != filters["year"]:
                continue
            fetched = ps.fetched.get(period)
            for group in ps.groups:
                if ps.series.get(period, group) is None:
                    continue  # no value (an r12 value before twelve months of figures): no row
                rows.append(
                    {
                        "measure_id": measure.pk,
                        "measure": measure.name,
                        "committee_code": measure.owner.code,
                        "period": f"{period[0]}-{period[1]:02d}" if period[1] else str(period[0]),
                        "year": period[0],
                        "month": period[1] or None,
                        "group": group,
                        "group_label": _("Total") if group == TOTAL else group_label(group),
                        "value": ps.value(period, group),
                        "suppressed": ps.series.is_hidden(period, group),
                        "shown": ps.text(period, group),
                        "unit": measure.get_unit_display(),
                        "rolling_12": measure.rolling_12,
                        "source": measure.get_source_display(),
                        "source_id": measure.source_id,
                        "source_text": source_text(measure),
                        "fetched": fetched,
                    }
                )
    return rows


def economy_rows(filters: dict[str, Any]) -> list[dict[str, Any]]:
    reports = [r for cy in _committee_years(filters) for r in cy.reports]
    return [
        {
            "report_id": cell.report.pk,
            "committee_code": cell.report.committee.code,
            "committee": cell.report.committee.name,
            "year": cell.report.year,
            "occasion": cell.report.occasion.name,
            "case_number": cell.report.case_number,
            "decided_on": cell.report.decided_on,
            "table": cell.table,
            "row": cell.row,
            "column": cell.column,
            "value": cell.value,
            "shown": cell.text,
        }
        for cell in selectors.economy_cells(reports)
    ]


def datasets() -> dict[str, Dataset]:
    """The data sets, titles in the user's language; the CSV headers are Swedish in every language."""
    return {
        d.name: d
        for d in (
            Dataset(
                "mal",
                _("Goals"),
                _(
                    "The goal tree of every committee and year with a decided report, with the assessment at the "
                    "latest decided occasion."
                ),
                (
                    Column("goal_id", "Mål-id", "integer"),
                    Column("parent_id", "Överordnat mål-id", "integer"),
                    Column("committee_code", "Nämndkod"),
                    Column("committee", "Nämnd"),
                    Column("year", "År", "integer"),
                    Column("level", "Nivå"),
                    Column("code", "Nummer"),
                    Column("title", "Mål"),
                    Column("adopted_by_committee", "Nämndens mål", "boolean"),
                    Column("assessment", "Bedömning (kod)"),
                    Column("assessment_label", "Bedömning"),
                    Column("occasion", "Bedömningstillfälle"),
                    Column("report_id", "Rapport-id", "integer"),
                ),
                goal_rows,
                ("committee", "year"),
            ),
            Dataset(
                "matt",
                _("Measures and indicators"),
                _("The measures and indicators of the public goals: definition, unit, source and goals."),
                (
                    Column("measure_id", "Mått-id", "integer"),
                    Column("committee_code", "Nämndkod"),
                    Column("committee", "Nämnd"),
                    Column("name", "Mått"),
                    Column("kind", "Typ"),
                    Column("unit", "Enhet"),
                    Column("decimals", "Decimaler", "integer"),
                    Column("direction", "Bättre riktning"),
                    Column("periodicity", "Periodicitet"),
                    Column("rolling_12", "Rullande 12 månader", "boolean"),
                    Column("breakdown", "Uppdelning"),
                    Column("source", "Källa"),
                    Column("source_id", "Källans id"),
                    Column("source_text", "Källhänvisning"),
                    Column("goal_ids", "Mål-id"),
                    Column("definition", "Definition"),
                ),
                measure_rows,
                ("committee", "measure"),
            ),
            Dataset(
                "varden",
                _("Values"),
                _(
                    "The published values of the measures per period and group, up to the latest decided report; "
                    "values based on too few people are suppressed."
                ),
                (
                    Column("measure_id", "Mått-id", "integer"),
                    Column("measure", "Mått"),
                    Column("committee_code", "Nämndkod"),
                    Column("period", "Period"),
                    Column("year", "År", "integer"),
                    Column("month", "Månad", "integer"),
                    Column("group", "Grupp (kod)"),
                    Column("group_label", "Grupp"),
                    Column("value", "Värde", "number"),
                    Column("suppressed", "Prickad", "boolean"),
                    Column("shown", "Visas som"),
                    Column("unit", "Enhet"),
                    Column("rolling_12", "Rullande 12 månader", "boolean"),
                    Column("source", "Källa"),
                    Column("source_id", "Källans id"),
                    Column("source_text", "Källhänvisning"),
                    Column("fetched", "Hämtad", "date"),
                ),
                value_rows,
                ("committee", "measure", "year"),
            ),
            Dataset(
                "ekonomi",
                _("Economy of decided reports"),
                _("Every figure of the economy tables of the decided reports, as decided (tkr or mnkr as printed)."),
                (
                    Column("report_id", "Rapport-id", "integer"),
                    Column("committee_code", "Nämndkod"),
                    Column("committee", "Nämnd"),
                    Column("year", "År", "integer"),
                    Column("occasion", "Tillfälle"),
                    Column("case_number", "Diarienummer"),
                    Column("decided_on", "Fastställd", "date"),
                    Column("table", "Tabell"),
                    Column("row", "Rad"),
                    Column("column", "Kolumn"),
                    Column("value", "Värde", "number"),
                    Column("shown", "Visas som"),
                ),
                economy_rows,
                ("committee", "year"),
            ),
        )
    }


# -- query and output -------------------------------------------------------------------------------------------------


def parse_filters(dataset: Dataset, query: Any) -> dict[str, Any]:
    """The data set's filters from the query string; a number that is not one is refused in Swedish."""
    filters: dict[str, Any] = {}
    for name in dataset.filters:
        raw = (query.get(name) or "").strip()
        if not raw:
            continue
        if name in ("year", "measure"):
            if not raw.isdecimal() or len(raw) > 9:
                raise BadQuery(_("“{name}” must be a whole number.").format(name=name))
            filters[name] = int(raw)
        else:
            filters[name] = raw
    return filters


def parse_paging(query: Any) -> tuple[int, int]:
    def number(name: str, default: int) -> int:
        raw = (query.get(name) or "").strip()
        if not raw:
            return default
        if not raw.isdecimal() or len(raw) > 9:
            raise BadQuery(_("“{name}” must be a whole number.").format(name=name))
        return int(raw)

    limit, offset = number("limit", DEFAULT_LIMIT), number("offset", 0)
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(_("“limit” must be between 1 and {max}.").format(max=MAX_LIMIT))
    return limit, offset


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "ja" if value else "nej"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value)


def to_csv(dataset: Dataset, rows: Iterable[dict[str, Any]]) -> bytes:
    """UTF-8 with BOM, semicolons, decimal comma, ISO dates, Swedish headers: opens as it is in Swedish Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in dataset.columns])
    for row in rows:
        writer.writerow([_csv_cell(row[c.key], c.kind) for c in dataset.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def to_json(
    dataset: Dataset, rows: list[dict[str, Any]], *, limit: int, offset: int, url: Callable[[int], str]
) -> bytes:
    page = rows[offset : offset + limit]
    body = {
        "dataset": dataset.name,
        "title": dataset.title,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "count": len(rows),
        "next": url(offset + limit) if offset + limit < len(rows) else None,
        "previous": url(max(offset - limit, 0)) if offset > 0 else None,
        "results": [{c.key: _json_value(row[c.key]) for c in dataset.columns} for row in page],
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
