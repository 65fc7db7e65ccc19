"""Reads of the economy module: the tables of the delårsrapport and verksamhetsberättelse as plain data.

Every table is a `Table` of `Row`s whose values are kronor as Decimal (exact, with the display sign: revenues and
costs both positive in the per-cost-line tables, net costs in the per-area table); pages, Excel exports, the API
and the reports module format them. Deviations follow DESIGN.md: for costs budget − utfall (or − prognos), for
revenues utfall − budget, so a positive deviation is always favourable. Totals are summed from the exact amounts,
never from rounded rows.

A forecast not entered for an operation area and cost line counts as its budget (no deviation), and the table says
how many areas lack a forecast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Case, DecimalField, Exists, Model, OuterRef, Q, QuerySet, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from digipuff.core.suppression import SUPPRESSED, Cell, any_suppressed, suppress
from digipuff.economy.choices import OCCASION_MONTHS, ImportSource, LedgerKind
from digipuff.economy.mapping import RangeMap
from digipuff.economy.models import (
    BalanceMeasure,
    CostLine,
    EconomyYear,
    Forecast,
    Investment,
    LedgerAmount,
    LedgerImport,
    OperationArea,
    StateGrant,
    Volume,
)
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit
from digipuff.organisation.selectors import suppression_threshold

if TYPE_CHECKING:
    pass

_M = TypeVar("_M", bound=Model)

ZERO = Decimal(0)
MONEY = "money"
PERCENT = "percent"
NUMBER = "number"
TEXT = "text"
BOOL = "bool"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = MONEY


@dataclass(frozen=True)
class Row:
    """One line of a table; `style` is "" for a row, "subtotal", "total" or "section" (a heading line)."""

    label: str
    values: dict[str, Any]
    style: str = ""
    code: str = ""


@dataclass(frozen=True)
class Table:
    """A table as data: columns (with optional group headings spanning them) and rows of exact values."""

    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    groups: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def value(self, label_or_code: str, key: str) -> Any:
        """A cell by the row's code or label, for tests and for the reports module's texts."""
        for row in self.rows:
            if label_or_code in (row.code, row.label):
                return row.values.get(key)
        raise KeyError(label_or_code)


@dataclass(frozen=True)
class Occasion:
    """A report occasion as (year, month) with its label and riktpunkt (share of the year's budget passed).

    `actuals_month` is the last month the imported actuals cover (None when the year has none). The period columns
    compare January up to `period_month`, the earlier of the two, so a view asked for August with actuals only up to
    March compares the budget of January–March with the actuals of January–March, and says so.
    """

    year: int
    month: int
    riktpunkt: Decimal
    actuals_month: int | None = None
    period_riktpunkt: Decimal = ZERO
    booked_as_of: date | None = None  # the day of the latest ledger (SIE) import of the year

    @property
    def label(self) -> str:
        named = OCCASION_MONTHS.get(self.month)
        from django.utils.dates import MONTHS

        return str(named) if named else _("Follow-up {month}").format(month=MONTHS[self.month])

    @property
    def riktpunkt_percent(self) -> Decimal:
        return self.riktpunkt * 100

    @property
    def period_riktpunkt_percent(self) -> Decimal:
        return self.period_riktpunkt * 100

    @property
    def period_month(self) -> int:
        return min(self.month, self.actuals_month or 0)

    @property
    def actuals_end_earlier(self) -> bool:
        return self.period_month < self.month

    @property
    def freshness_note(self) -> str:
        """ "Actuals up to and including March, booked as of 2019-04-08": how fresh the figures are ("" before any
        ledger import)."""
        from django.utils.dates import MONTHS

        if not self.actuals_month:
            return ""
        month = str(MONTHS[self.actuals_month]).lower()
        if self.booked_as_of is None:
            return _("Actuals up to and including {month} {year}.").format(month=month, year=self.year)
        return _("Actuals up to and including {month} {year}, booked as of {date}.").format(
            month=month, year=self.year, date=self.booked_as_of.isoformat()
        )

    @property
    def period_note(self) -> str:
        """The sentence that tells the reader the period ends before the month asked for ("" when it does not)."""
        from django.utils.dates import MONTHS

        if not self.actuals_end_earlier:
            return ""
        if not self.actuals_month:
            return _("No actuals are imported for {year}: the period columns are empty and compare nothing.").format(
                year=self.year
            )
        return _(
            "Actuals are imported only up to {last} {year}, not up to {asked}: the period columns compare budget and "
            "actuals for January–{last}."
        ).format(last=str(MONTHS[self.actuals_month]).lower(), asked=str(MONTHS[self.month]).lower(), year=self.year)


def riktpunkt(settings: EconomyYear, month: int) -> Decimal:
    """The share of the year passed at the end of `month` by the budget profile: 3/12 in March when even."""
    weights = settings.weights()
    return sum(weights[:month], ZERO) / sum(weights, ZERO)


# -- access ----------------------------------------------------------------------------------------------------------


def committee_by_code(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code__iexact=code.strip(), kind=OrgUnitKind.COMMITTEE).first()


def economy_year(committee: OrgUnit, year: int) -> EconomyYear:
    return EconomyYear.objects.filter(committee=committee, year=year).first() or EconomyYear(
        committee=committee, year=year
    )


def occasion(committee: OrgUnit, year: int, month: int, settings: EconomyYear | None = None) -> Occasion:
    settings = settings or economy_year(committee, year)
    actuals_month, booked_as_of = _actuals_and_booked(committee, year)
    period = min(month, actuals_month or 0)
    return Occasion(
        year=year,
        month=month,
        riktpunkt=riktpunkt(settings, month),
        actuals_month=actuals_month,
        period_riktpunkt=riktpunkt(settings, period),
        booked_as_of=booked_as_of,
    )


def has_economy(committee: OrgUnit, year: int) -> bool:
    """Whether the committee keeps an economy for the year: a set-up, settings or an import of its own."""
    # One query, whatever the answer: the unit page asks it for its link.
    found = (
        OrgUnit.objects.filter(pk=committee.pk)
        .annotate(
            any_economy=Exists(CostLine.objects.filter(committee=OuterRef("pk"), year=year))
            | Exists(EconomyYear.objects.filter(committee=OuterRef("pk"), year=year))
            | Exists(LedgerImport.objects.filter(committee=OuterRef("pk"), year=year))
        )
        .values_list("any_economy", flat=True)
        .first()
    )
    return bool(found)


def actuals_until(committee: OrgUnit, year: int) -> int | None:
    """The last month the year's actuals cover: the latest month with actuals stored, or later where a ledger
    import of the year said it covers more (an export up to March with no bookings in March)."""
    return _actuals_and_booked(committee, year)[0]


def _actuals_and_booked(committee: OrgUnit, year: int) -> tuple[int | None, date | None]:
    """The last month the actuals cover (`actuals_until`) and the day of the latest ledger import of the year."""
    months = months_with_actuals(committee, year)
    imports = list(
        LedgerImport.objects.filter(committee=committee, year=year, source=ImportSource.SIE).values_list(
            "summary", "imported_at"
        )
    )
    declared = [summary.get("actuals_until") for summary, _at in imports if isinstance(summary, dict)]
    candidates = [m for m in [*months[-1:], *declared] if isinstance(m, int) and 1 <= m <= 12]
    booked = max((at for _summary, at in imports), default=None)
    return (max(candidates) if candidates else None), (timezone.localdate(booked) if booked else None)


def months_with_actuals(committee: OrgUnit, year: int) -> list[int]:
    return sorted(
        LedgerAmount.objects.filter(committee=committee, year=year, kind=LedgerKind.ACTUAL)
        .values_list("month", flat=True)
        .distinct()
    )


def default_month(committee: OrgUnit, year: int) -> int:
    """The occasion a page opens on: the last month with actuals, else the year's end."""
    months = months_with_actuals(committee, year)
    return months[-1] if months else 12


def cost_lines(committee: OrgUnit, year: int) -> list[CostLine]:
    return list(
        CostLine.objects.filter(committee=committee, year=year).prefetch_related("ranges").order_by("sort_order", "pk")
    )


def operation_areas(committee: OrgUnit, year: int) -> list[OperationArea]:
    return list(
        OperationArea.objects.filter(committee=committee, year=year)
        .select_related("org_unit")
        .prefetch_related("ranges")
        .order_by("separate", "sort_order", "pk")
    )


def ledger_imports(committee: OrgUnit, year: int | None = None) -> QuerySet[LedgerImport]:
    imports = LedgerImport.objects.filter(committee=committee).select_related("imported_by")
    if year is not None:
        imports = imports.filter(Q(year=year) | Q(year=year + 1, source="sie"))
    return imports.order_by("-imported_at", "-pk")


# -- the figures behind every table ------------------------------------------------------------------------------------


@dataclass
class Figures:
    """Exact kronor of one operation area and cost line (ledger sign: costs +, revenues −)."""

    budget_year: Decimal = ZERO
    budget_period: Decimal = ZERO
    actual_period: Decimal = ZERO
    actual_year: Decimal = ZERO
    previous_period: Decimal = ZERO
    previous_year: Decimal = ZERO
    forecast: Decimal | None = None

    def add(self, other: Figures) -> None:
        self.budget_year += other.budget_year
        self.budget_period += other.budget_period
        self.actual_period += other.actual_period
        self.actual_year += other.actual_year
        self.previous_period += other.previous_period
        self.previous_year += other.previous_year
        self.forecast = (self.forecast or ZERO) + other.forecast_or_budget

    @property
    def forecast_or_budget(self) -> Decimal:
        return self.budget_year if self.forecast is None else self.forecast


@dataclass
class Ledger:
    """Everything the tables of one committee, year and occasion are computed from (a handful of queries)."""

    committee: OrgUnit
    settings: EconomyYear
    occasion: Occasion
    areas: list[OperationArea]
    lines: list[CostLine]
    cells: dict[tuple[int | None, int | None], Figures]
    measures: list[BalanceMeasure]
    areas_without_forecast: list[OperationArea]
    previous_has_actuals: bool = False  # whether last year has imported actuals (the tables of several years ask)

    def by_area(self) -> dict[int | None, Figures]:
        result: dict[int | None, Figures] = defaultdict(Figures)
        for (area, _line), figures in self.cells.items():
            result[area].add(figures)
        return result

    def by_line(self) -> dict[int | None, Figures]:
        result: dict[int | None, Figures] = defaultdict(Figures)
        for (_area, line), figures in self.cells.items():
            result[line].add(figures)
        return result

    def total(self) -> Figures:
        total = Figures()
        for figures in self.cells.values():
            total.add(figures)
        return total

    def measures_by_area(self) -> dict[int | None, Decimal]:
        result: dict[int | None, Decimal] = defaultdict(Decimal)
        for measure in self.measures:
            result[measure.area_id] += measure.effect
        return result


def _previous_year_rows(
    committee: OrgUnit,
    year: int,
    period: int,
    money: Any,
    lines: list[CostLine],
    areas: list[OperationArea],
) -> list[dict[str, Any]]:
    """Last year's actuals in this year's set-up (like with like): each account and object is looked up in this
    year's mapping (`lines` and `areas` with their ranges), so a change of last year's mapping does not move this
    year's comparison. Amounts entered per line or area keep theirs, matched by code."""
    accounts = RangeMap((r.first, r.last, line.pk) for line in lines for r in line.ranges.all())
    objects = RangeMap((r.first, r.last, area.pk) for area in areas for r in area.ranges.all())
    line_codes = {line.code: line.pk for line in lines}
    area_codes = {area.code: area.pk for area in areas}
    rows = (
        LedgerAmount.objects.filter(committee=committee, year=year - 1, kind=LedgerKind.ACTUAL)
        .values("account", "object_id", "cost_line__code", "area__code")
        .annotate(
            period=Sum(Case(When(month__lte=period, then="amount"), default=ZERO, output_field=money)),
            whole=Sum("amount"),
        )
    )
    result = []
    for row in rows:
        line = accounts(row["account"]) if row["account"] else line_codes.get(row["cost_line__code"])
        area = objects(row["object_id"]) if row["object_id"] else area_codes.get(row["area__code"])
        result.append({"cost_line_id": line, "area_id": area, "period": row["period"], "whole": row["whole"]})
    return result


def ledger(committee: OrgUnit, year: int, month: int) -> Ledger:
    """Gather budget, actuals (this and last year), forecasts and measures for one occasion.

    The period columns run January up to the last month the actuals cover when that is earlier than `month`
    (Occasion.period_month): budget and last year's actuals are cut at the same month, so like compares with like.
    """
    settings = economy_year(committee, year)
    the_occasion = occasion(committee, year, month, settings)
    period = the_occasion.period_month
    money = DecimalField(max_digits=20, decimal_places=2)
    rows = (
        LedgerAmount.objects.filter(committee=committee, year=year)
        .values("kind", "area_id", "cost_line_id")
        .annotate(
            period=Sum(Case(When(month__lte=period, then="amount"), default=ZERO, output_field=money)),
            whole=Sum("amount"),
        )
    )
    cells: dict[tuple[int | None, int | None], Figures] = defaultdict(Figures)
    for row in rows:
        figures = cells[(row["area_id"], row["cost_line_id"])]
        period_amount, whole = row["period"] or ZERO, row["whole"] or ZERO
        if row["kind"] == LedgerKind.BUDGET:
            figures.budget_year += whole
            figures.budget_period += period_amount
        else:
            figures.actual_period += period_amount
            figures.actual_year += whole
    areas = operation_areas(committee, year)
    lines = cost_lines(committee, year)
    previous_rows = _previous_year_rows(committee, year, period, money, lines, areas)
    for previous in previous_rows:
        figures = cells[(previous["area_id"], previous["cost_line_id"])]
        figures.previous_period += previous["period"] or ZERO
        figures.previous_year += previous["whole"] or ZERO
    forecast_areas: set[int] = set()
    for area_id, line_id, amount in Forecast.objects.filter(committee=committee, year=year, month=month).values_list(
        "area_id", "cost_line_id", "amount"
    ):
        cells[(area_id, line_id)].forecast = amount
        forecast_areas.add(area_id)
    used_areas = {area for area, _line in cells}
    measures = list(
        BalanceMeasure.objects.filter(committee=committee, year=year, month=month)
        .select_related("area")
        .order_by("sort_order", "pk")
    )
    return Ledger(
        committee=committee,
        settings=settings,
        occasion=the_occasion,
        areas=areas,
        lines=lines,
        cells=dict(cells),
        measures=measures,
        areas_without_forecast=[a for a in areas if a.pk in used_areas and a.pk not in forecast_areas],
        previous_has_actuals=bool(previous_rows),
    )


# -- tables ----------------------------------------------------------------------------------------------------------


def _period_notes(data: Ledger) -> list[str]:
    return [note for note in (data.occasion.freshness_note, data.occasion.period_note) if note]


def _statement_columns(*, with_measures: bool) -> tuple[list[Column], list[tuple[str, int]]]:
    year = [
        Column("budget_year", _("Budget")),
        Column("forecast", _("Forecast")),
        Column("deviation_forecast", _("Deviation forecast/budget")),
    ]
    if with_measures:
        year += [Column("measures", _("Measures")), Column("deviation_after_measures", _("Deviation after measures"))]
    period = [
        Column("budget_period", _("Budget")),
        Column("actual_period", _("Actual")),
        Column("deviation_period", _("Deviation actual/budget")),
    ]
    previous = [Column("previous_period", _("Actual"))]
    groups = [
        (_("Full year"), len(year)),
        (pgettext("economy table", "Period"), len(period)),
        (_("Previous year, period"), 1),
    ]
    return [*year, *period, *previous], groups


def _values(figures: Figures, *, sign: int = 1, measures: Decimal | None = None) -> dict[str, Any]:
    """Cells of one statement row; `sign` -1 shows revenues as positive figures. Deviations are budget − actual in
    the ledger's sign, which is utfall − budget for revenues and budget − utfall for costs."""
    forecast = figures.forecast_or_budget
    values = {
        "budget_year": sign * figures.budget_year,
        "forecast": sign * forecast,
        "deviation_forecast": figures.budget_year - forecast,
        "budget_period": sign * figures.budget_period,
        "actual_period": sign * figures.actual_period,
        "deviation_period": figures.budget_period - figures.actual_period,
        "previous_period": sign * figures.previous_period,
        "previous_year": sign * figures.previous_year,
        "actual_year": sign * figures.actual_year,
    }
    if measures is not None:
        values["measures"] = measures
        values["deviation_after_measures"] = values["deviation_forecast"] + measures
    return values


def operating_statement_by_area(data: Ledger) -> Table:
    """Driftredovisning per verksamhet: net costs per operation area, the subtotal before the separately reported
    areas (e.g. refugee reception), and the committee's total, with measures and the deviation after them."""
    columns, groups = _statement_columns(with_measures=True)
    by_area = data.by_area()
    measures = data.measures_by_area()
    rows: list[Row] = []
    subtotal = Figures()
    subtotal_measures = ZERO
    total = Figures()
    total_measures = ZERO
    main = [a for a in data.areas if not a.separate]
    separate = [a for a in data.areas if a.separate]
    for area in main:
        figures = by_area.get(area.pk, Figures())
        rows.append(Row(area.name, _values(figures, measures=measures.get(area.pk, ZERO)), code=area.code))
        subtotal.add(figures)
        subtotal_measures += measures.get(area.pk, ZERO)
    unmapped = by_area.get(None)
    if unmapped is not None:
        label = _("Not mapped to an operation area")
        rows.append(Row(label, _values(unmapped, measures=measures.get(None, ZERO)), code="-"))
        subtotal.add(unmapped)
        subtotal_measures += measures.get(None, ZERO)
    total.add(subtotal)
    total_measures += subtotal_measures
    if separate:
        rows.append(
            Row(
                data.settings.subtotal_label or _("Total excluding separately reported items"),
                _values(subtotal, measures=subtotal_measures),
                style="subtotal",
                code="SUBTOTAL",
            )
        )
        for area in separate:
            figures = by_area.get(area.pk, Figures())
            rows.append(Row(area.name, _values(figures, measures=measures.get(area.pk, ZERO)), code=area.code))
            total.add(figures)
            total_measures += measures.get(area.pk, ZERO)
    rows.append(Row(_("Total, committee"), _values(total, measures=total_measures), style="total", code="TOTAL"))
    notes = _period_notes(data)
    if data.areas_without_forecast:
        notes.append(
            _("No forecast entered for {areas}; their budget counts as the forecast.").format(
                areas=", ".join(a.name for a in data.areas_without_forecast)
            )
        )
    return Table("by_area", _("Operating statement per operation area"), columns, rows, groups, notes)


def operating_statement_by_cost_line(data: Ledger) -> Table:
    """Driftredovisning per kostnadsslag: revenues (shown positive), costs, and the net cost."""
    columns, groups = _statement_columns(with_measures=False)
    by_line = data.by_line()
    rows: list[Row] = []
    revenues, costs, net = Figures(), Figures(), Figures()
    rows.append(Row(_("Revenues"), {}, style="section"))
    for line in data.lines:
        if line.is_revenue:
            figures = by_line.get(line.pk, Figures())
            rows.append(Row(line.name, _values(figures, sign=-1), code=line.code))
            revenues.add(figures)
    rows.append(Row(_("Operating revenues"), _values(revenues, sign=-1), style="subtotal", code="REVENUES"))
    rows.append(Row(_("Costs"), {}, style="section"))
    for line in data.lines:
        if not line.is_revenue:
            figures = by_line.get(line.pk, Figures())
            rows.append(Row(line.name, _values(figures), code=line.code))
            costs.add(figures)
    unmapped = by_line.get(None)
    if unmapped is not None:
        rows.append(Row(_("Accounts without a cost line (net)"), _values(unmapped), code="-"))
        costs.add(unmapped)
    rows.append(Row(_("Operating costs"), _values(costs), style="subtotal", code="COSTS"))
    net.add(revenues)
    net.add(costs)
    rows.append(Row(_("Net cost"), _values(net), style="total", code="NET"))
    return Table("by_cost_line", _("Operating statement per cost line"), columns, rows, groups, _period_notes(data))


@dataclass(frozen=True)
class BudgetKeeping:
    """Budgethållning: the forecast deviation after measures as a share of the year's budget."""

    budget: Decimal
    forecast: Decimal
    deviation: Decimal
    measures: Decimal
    deviation_after_measures: Decimal
    actual_period: Decimal
    riktpunkt: Decimal

    @property
    def percent(self) -> Decimal | None:
        return self.deviation_after_measures * 100 / self.budget if self.budget else None

    @property
    def used_percent(self) -> Decimal | None:
        """The share of the year's budget used so far, to compare with the riktpunkt."""
        return self.actual_period * 100 / self.budget if self.budget else None


def budget_keeping(data: Ledger) -> BudgetKeeping:
    total = data.total()
    measures = sum((m.effect for m in data.measures), ZERO)
    deviation = total.budget_year - total.forecast_or_budget
    return BudgetKeeping(
        budget=total.budget_year,
        forecast=total.forecast_or_budget,
        deviation=deviation,
        measures=measures,
        deviation_after_measures=deviation + measures,
        actual_period=total.actual_period,
        riktpunkt=data.occasion.period_riktpunkt,
    )


def income_statement(data: Ledger) -> Table:
    """Resultaträkning for the period (January to the occasion's month) against the same period last year, with the
    balanced result: the period's result, the full-year forecast, withdrawals from equity and IB/UB eget kapital."""
    by_line = data.by_line()
    columns = [Column("actual", _("Actual")), Column("previous", _("Previous year"))]
    rows: list[Row] = []
    revenues, costs = Figures(), Figures()
    for line in data.lines:
        if line.is_revenue:
            figures = by_line.get(line.pk, Figures())
            rows.append(
                Row(line.name, {"actual": -figures.actual_period, "previous": -figures.previous_period}, code=line.code)
            )
            revenues.add(figures)
    rows.append(
        Row(
            _("Operating revenues"),
            {"actual": -revenues.actual_period, "previous": -revenues.previous_period},
            style="subtotal",
            code="REVENUES",
        )
    )
    for line in data.lines:
        if not line.is_revenue:
            figures = by_line.get(line.pk, Figures())
            rows.append(
                Row(line.name, {"actual": figures.actual_period, "previous": figures.previous_period}, code=line.code)
            )
            costs.add(figures)
    unmapped = by_line.get(None)
    if unmapped is not None:
        rows.append(
            Row(
                _("Accounts without a cost line (net)"),
                {"actual": unmapped.actual_period, "previous": unmapped.previous_period},
                code="-",
            )
        )
        costs.add(unmapped)
    rows.append(
        Row(
            _("Operating costs"),
            {"actual": costs.actual_period, "previous": costs.previous_period},
            style="subtotal",
            code="COSTS",
        )
    )
    net_actual = costs.actual_period + revenues.actual_period
    net_previous = costs.previous_period + revenues.previous_period
    rows.append(Row(_("Net cost"), {"actual": net_actual, "previous": net_previous}, style="total", code="NET"))
    budget_period = sum((f.budget_period for f in by_line.values()), ZERO)
    keeping = budget_keeping(data)
    withdrawal = data.settings.equity_withdrawal
    opening = data.settings.opening_equity
    balanced = keeping.deviation_after_measures - withdrawal
    rows += [
        Row(_("Budget, net"), {"actual": budget_period}, code="BUDGET"),
        Row(_("Result for the period"), {"actual": budget_period - net_actual}, style="subtotal", code="RESULT"),
        Row(_("Forecast for the year"), {"actual": keeping.deviation_after_measures}, code="FORECAST"),
        Row(_("of which withdrawal from equity"), {"actual": withdrawal}, code="WITHDRAWAL"),
        Row(_("Balanced result"), {"actual": balanced}, style="subtotal", code="BALANCED"),
        Row(_("Opening equity"), {"actual": opening}, code="IB"),
        Row(_("Closing equity"), {"actual": opening + keeping.deviation_after_measures}, style="total", code="UB"),
    ]
    from django.utils.dates import MONTHS

    period = data.occasion.period_month
    if period:
        title = _("Income statement, January–{month} {year}").format(
            month=str(MONTHS[period]).lower(), year=data.occasion.year
        )
    else:
        title = _("Income statement {year}").format(year=data.occasion.year)
    return Table("income_statement", title, columns, rows, notes=_period_notes(data))


def measures_table(data: Ledger) -> Table:
    columns = [Column("area", _("Operation area"), TEXT), Column("effect", _("Expected effect"))]
    rows = [
        Row(m.description, {"area": m.area.name if m.area else "", "effect": m.effect}, code=str(m.pk))
        for m in data.measures
    ]
    rows.append(Row(_("Total"), {"effect": sum((m.effect for m in data.measures), ZERO)}, style="total", code="TOTAL"))
    return Table("measures", _("Measures for a budget in balance"), columns, rows)


def investments_table(committee: OrgUnit, year: int, month: int) -> Table:
    items = list(Investment.objects.filter(committee=committee, year=year, month=month).order_by("sort_order", "pk"))
    columns = [
        Column("budget", _("Budget {year}").format(year=year)),
        Column("actual", _("Actual so far")),
        Column("forecast", _("Forecast for the year")),
        Column("deviation", _("Deviation")),
    ]
    rows = [
        Row(
            i.name,
            {"budget": i.budget, "actual": i.actual, "forecast": i.forecast, "deviation": i.budget - i.forecast},
            code=str(i.pk),
        )
        for i in items
    ]
    totals = {key: sum((r.values[key] for r in rows), ZERO) for key in ("budget", "actual", "forecast", "deviation")}
    rows.append(Row(_("Total, net"), totals, style="total", code="TOTAL"))
    return Table("investments", _("Investments"), columns, rows)


def state_grants_table(committee: OrgUnit, year: int, month: int) -> Table:
    items = list(StateGrant.objects.filter(committee=committee, year=year, month=month).order_by("sort_order", "pk"))
    columns = [
        Column("amount", _("Grant")),
        Column("cost", _("Cost")),
        Column("net", _("Net")),
        Column("in_budget", _("In budget"), BOOL),
        Column("in_forecast", _("In forecast"), BOOL),
    ]
    rows = [
        Row(
            g.name,
            {"amount": g.amount, "cost": g.cost, "net": g.net, "in_budget": g.in_budget, "in_forecast": g.in_forecast},
            code=str(g.pk),
        )
        for g in items
    ]
    totals = {key: sum((r.values[key] for r in rows), ZERO) for key in ("amount", "cost", "net")}
    rows.append(Row(_("Total"), totals, style="total", code="TOTAL"))
    return Table("state_grants", _("Targeted state grants"), columns, rows)


def earmarked_table(data: Ledger) -> Table:
    """Öronmärkta poster: the operation areas marked earmarked (e.g. Covid-19 in 2021), net cost."""
    by_area = data.by_area()
    columns = [
        Column("budget_year", _("Budget")),
        Column("forecast", _("Forecast")),
        Column("actual_period", _("Actual, period")),
    ]
    rows = []
    for area in data.areas:
        if area.earmarked:
            figures = by_area.get(area.pk, Figures())
            rows.append(
                Row(
                    area.name,
                    {
                        "budget_year": figures.budget_year,
                        "forecast": figures.forecast_or_budget,
                        "actual_period": figures.actual_period,
                    },
                    code=area.code,
                )
            )
    return Table("earmarked", _("Earmarked items (net cost)"), columns, rows, notes=_period_notes(data))


def volumes_table(committee: OrgUnit, year: int, month: int) -> Table:
    """Volumes against their budgeted volume. A volume counts people (placements), so its actual and last year's
    figure are suppressed when small (`core.suppression`), and so are the deviation and the change computed from
    them, which would reveal them; the budgeted volume is a plan and is always shown. Suppressed cells hold
    `SUPPRESSED` ("--"), which every channel (page, report, Excel, API) shows as it is."""
    threshold = suppression_threshold()
    items = list(Volume.objects.filter(committee=committee, year=year, month=month).order_by("sort_order", "pk"))
    columns = [
        Column("unit", _("Unit"), TEXT),
        Column("actual", _("Actual"), NUMBER),
        Column("budget", _("Budgeted volume"), NUMBER),
        Column("deviation", _("Deviation from budget"), NUMBER),
        Column("previous_year", _("Same month last year"), NUMBER),
        Column("change", _("Change from last year"), NUMBER),
    ]
    rows = []
    for v in items:
        decision = suppress(
            total=None, parts=[Cell("actual", v.actual), Cell("previous_year", v.previous_year)], threshold=threshold
        )
        values: dict[str, Any] = {
            "unit": v.unit,
            "actual": v.actual,
            "budget": v.budget,
            "deviation": v.budget - v.actual if v.budget is not None and v.actual is not None else None,
            "previous_year": v.previous_year,
            "change": v.actual - v.previous_year if v.actual is not None and v.previous_year is not None else None,
        }
        derived = {"actual": ["actual"], "previous_year": ["previous_year"], "deviation": ["actual"]}
        derived["change"] = ["actual", "previous_year"]
        for key, inputs in derived.items():
            if values[key] is not None and any_suppressed(inputs, decision):
                values[key] = SUPPRESSED
        rows.append(Row(v.name, values, code=str(v.pk)))
    return Table("volumes", _("Volumes"), columns, rows)


def area_period_years(data: Ledger, years: int = 3) -> Table:
    """The same period (January up to the occasion's period month) across several years per operation area: net
    cost per year, last year's in this year's set-up (like with like, as `_previous_year_rows`), and the change
    from the year before to this year. Group rows (the subtotal before separately reported areas, the committee's
    total) carry their sums; a year without imported actuals shows no figures rather than zeros."""
    from django.utils.dates import MONTHS

    year, period = data.occasion.year, data.occasion.period_month
    first = year - max(2, years) + 1
    money = DecimalField(max_digits=20, decimal_places=2)
    per_year: dict[int, dict[int | None, Decimal]] = {}
    for earlier in range(first, year - 1):
        found = _previous_year_rows(data.committee, earlier + 1, period, money, data.lines, data.areas)
        if found:  # a year without imported actuals shows no figures
            sums: dict[int | None, Decimal] = defaultdict(Decimal)
            for amount in found:
                sums[amount["area_id"]] += amount["period"] or ZERO
            per_year[earlier] = sums
    # This year and last year come with the occasion's ledger (no further queries).
    by_area = data.by_area()
    if data.previous_has_actuals:
        per_year[year - 1] = {area: figures.previous_period for area, figures in by_area.items()}
    if data.occasion.actuals_month:
        per_year[year] = {area: figures.actual_period for area, figures in by_area.items()}
    shown = list(range(first, year + 1))

    def values(areas: list[int | None]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for each in shown:
            sums = per_year.get(each)
            result[f"y{each}"] = None if sums is None else sum((sums.get(a, ZERO) for a in areas), ZERO)
        now, before = result[f"y{year}"], result[f"y{year - 1}"]
        result["change"] = None if now is None or before is None else now - before
        return result

    rows: list[Row] = []
    main = [a.pk for a in data.areas if not a.separate]
    separate = [a for a in data.areas if a.separate]
    for area in data.areas:
        if not area.separate:
            rows.append(Row(area.name, values([area.pk]), code=area.code))
    if any(None in sums for sums in per_year.values()):
        rows.append(Row(_("Not mapped to an operation area"), values([None]), code="-"))
    if separate:
        label = data.settings.subtotal_label or _("Total excluding separately reported items")
        rows.append(Row(label, values([*main, None]), style="subtotal", code="SUBTOTAL"))
        rows.extend(Row(area.name, values([area.pk]), code=area.code) for area in separate)
    everything: list[int | None] = [*[a.pk for a in data.areas], None]
    rows.append(Row(_("Total, committee"), values(everything), style="total", code="TOTAL"))
    columns = [Column(f"y{each}", str(each)) for each in shown]
    columns.append(Column("change", _("Change {before}–{year}").format(before=year - 1, year=year)))
    span = (
        _("January–{month}").format(month=str(MONTHS[period]).lower())
        if period
        else _("No actuals imported for {year}").format(year=year)
    )
    groups = [(span, len(shown)), ("", 1)]
    notes = _period_notes(data)
    missing = [str(each) for each in shown if each not in per_year]
    if missing:
        notes.append(_("No actuals are imported for {years}.").format(years=", ".join(missing)))
    title = _("Net cost per operation area, the same period over {count} years").format(count=len(shown))
    return Table("area_years", title, columns, rows, groups, notes)


def all_tables(committee: OrgUnit, year: int, month: int) -> dict[str, Any]:
    """Every economy table of one occasion (what the overview shows and the reports module embeds)."""
    data = ledger(committee, year, month)
    return {
        "ledger": data,
        "occasion": data.occasion,
        "budget_keeping": budget_keeping(data),
        "by_area": operating_statement_by_area(data),
        "by_cost_line": operating_statement_by_cost_line(data),
        "income_statement": income_statement(data),
        "measures": measures_table(data),
        "investments": investments_table(committee, year, month),
        "state_grants": state_grants_table(committee, year, month),
        "earmarked": earmarked_table(data),
        "volumes": volumes_table(committee, year, month),
    }


TABLE_KEYS = (
    "by_area",
    "by_cost_line",
    "income_statement",
    "measures",
    "investments",
    "state_grants",
    "earmarked",
    "volumes",
)


# -- mapping gaps ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """An account without a cost line, or an object without an operation area, and what is booked on it."""

    value: str
    amount: Decimal
    rows: int


def unmapped_accounts(committee: OrgUnit, year: int) -> list[Gap]:
    """The year's accounts that no cost line of the year covers (class 9 and any other), with their amounts."""
    rows = (
        LedgerAmount.objects.filter(committee=committee, year=year, cost_line__isnull=True)
        .exclude(account="")
        .values("account")
        .annotate(total=Sum("amount"), n=models_count())
        .order_by("account")
    )
    return [Gap(r["account"], r["total"] or ZERO, r["n"]) for r in rows]


def unmapped_objects(committee: OrgUnit, year: int) -> list[Gap]:
    rows = (
        LedgerAmount.objects.filter(committee=committee, year=year, area__isnull=True)
        .values("object_id")
        .annotate(total=Sum("amount"), n=models_count())
        .order_by("object_id")
    )
    return [Gap(r["object_id"] or _("(no object)"), r["total"] or ZERO, r["n"]) for r in rows]


def models_count() -> Any:
    from django.db.models import Count

    return Count("pk")


# -- the forecast form -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastLine:
    """One line of the forecast form: what the controller sees beside the forecast they enter (display sign)."""

    cost_line: CostLine
    budget_year: Decimal
    riktpunkt: Decimal
    actual_period: Decimal
    previous_year: Decimal
    forecast: Decimal | None
    version: int


def forecast_lines(data: Ledger, area: OperationArea) -> list[ForecastLine]:
    versions = dict(
        Forecast.objects.filter(
            committee=data.committee, year=data.occasion.year, month=data.occasion.month, area=area
        ).values_list("cost_line_id", "version")
    )
    lines = []
    for line in data.lines:
        figures = data.cells.get((area.pk, line.pk), Figures())
        sign = -1 if line.is_revenue else 1
        lines.append(
            ForecastLine(
                cost_line=line,
                budget_year=sign * figures.budget_year,
                riktpunkt=sign * figures.budget_year * data.occasion.riktpunkt,
                actual_period=sign * figures.actual_period,
                previous_year=sign * figures.previous_year,
                forecast=None if figures.forecast is None else sign * figures.forecast,
                version=versions.get(line.pk, 0),
            )
        )
    return lines


def forecast_status(data: Ledger) -> list[tuple[OperationArea, Figures, bool]]:
    """Per operation area: its figures and whether a forecast was entered at the occasion."""
    by_area = data.by_area()
    missing = {a.pk for a in data.areas_without_forecast}
    entered = {area for (area, _line), f in data.cells.items() if f.forecast is not None}
    return [(a, by_area.get(a.pk, Figures()), a.pk in entered and a.pk not in missing) for a in data.areas]


def records(model: type[_M], committee: OrgUnit, year: int, month: int) -> QuerySet[_M]:
    queryset = model._default_manager.filter(committee=committee, year=year, month=month)
    if model is BalanceMeasure:
        queryset = queryset.select_related("area")
    return queryset.order_by("sort_order", "pk")
