"""Reads of the internal control plan: the committee overview (risk matrix, risks with actions, controls, review
actions, provider follow-up, competition tests) in a fixed number of queries, and plain rows for the reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.followup.filtersets import NO_STATUS
from digipuff.followup.selectors import FollowUpView, follow_ups_for
from digipuff.internal_control.choices import PRIORITY_THRESHOLD, Consequence, Probability
from digipuff.internal_control.filtersets import RiskActionFilterSet
from digipuff.internal_control.models import (
    CompetitionTest,
    CompetitionTestResult,
    Control,
    ControlResult,
    ProviderFollowUp,
    ProviderFollowUpResult,
    ReviewAction,
    ReviewActionFollowUp,
    Risk,
    RiskAction,
    RiskActionFollowUp,
)
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from digipuff.core.policy import AnyUser

ACTION_FILTERS = ("status", "owner_unit", "missing_comment", "late")


def risks_for(committee: OrgUnit, year: int) -> QuerySet[Risk]:
    return (
        Risk.objects.filter(committee=committee, year=year)
        .select_related("goal__goal", "owner_unit")
        .prefetch_related(Prefetch("actions", queryset=RiskAction.objects.select_related("owner_unit")))
        .order_by("sort_order", "pk")
    )


def _plan(model: Any, committee: OrgUnit, year: int, *related: str) -> list[Any]:
    return list(
        model.objects.filter(committee=committee, year=year)
        .select_related("owner_unit", *related)
        .order_by("sort_order", "pk")
    )


def visible(model: Any, user: AnyUser) -> QuerySet[Any]:
    return policy.restrict(model.objects.select_related("committee", "owner_unit"), user, Action.VIEW).order_by(
        "year", "committee__path", "sort_order", "pk"
    )


@dataclass
class Row:
    """A followed-up plan row: the item, its follow-up at the occasion and whether the user may write it."""

    item: Any
    follow: FollowUpView
    may_edit: bool


@dataclass
class RiskBlock:
    number: int
    risk: Risk
    actions: list[Row] = field(default_factory=list)


@dataclass
class MatrixCell:
    probability: int
    consequence: int
    risks: list[RiskBlock]

    @property
    def value(self) -> int:
        return self.probability * self.consequence

    @property
    def level(self) -> str:
        return "high" if self.value >= PRIORITY_THRESHOLD else "medium" if self.value >= 4 else "low"


@dataclass
class Overview:
    committee: OrgUnit
    year: int
    occasions: list[ReportOccasion]
    occasion: ReportOccasion | None
    risks: list[RiskBlock]
    matrix: list[tuple[tuple[int, StrPromise], list[MatrixCell]]]
    consequences: list[tuple[int, StrPromise]]
    controls: list[Row]
    review_actions: list[Row]
    provider_follow_ups: list[Row]
    competition_tests: list[Row]
    risk_count: int
    high_risks: int
    late: int
    missing_comment: int
    filtered: bool
    filterset: RiskActionFilterSet
    may_administer: bool
    threshold: int = PRIORITY_THRESHOLD


def _matches(row: Row, data: Mapping[str, Any], owner: OrgUnit | None) -> bool:
    """The page's follow-up filters for the smaller tables (the risk actions go through the FilterSet)."""
    status = data.get("status") or ""
    if status == NO_STATUS and row.follow.status is not None:
        return False
    if status and status != NO_STATUS and (row.follow.status is None or str(row.follow.status.pk) != status):
        return False
    if data.get("missing_comment") == "true" and not row.follow.missing_comment:
        return False
    if data.get("missing_comment") == "false" and row.follow.missing_comment:
        return False
    if data.get("late") == "true" and not row.follow.is_late:
        return False
    if data.get("late") == "false" and row.follow.is_late:
        return False
    return owner is None or row.item.owner_unit.path.startswith(owner.path)


def overview(
    *,
    user: AnyUser,
    committee: OrgUnit,
    year: int,
    occasion: ReportOccasion | None,
    occasions: list[ReportOccasion],
    filters: Mapping[str, Any] | None = None,
) -> Overview:
    """The committee's internal control plan with the follow-up at `occasion` and the previous occasion's."""
    filters = filters or {}
    risks = list(risks_for(committee, year))
    actions = [a for r in risks for a in r.actions.all()]
    action_follows = follow_ups_for(RiskActionFollowUp, [a.pk for a in actions], occasion=occasion, occasions=occasions)
    filterset = RiskActionFilterSet(
        filters or None,
        queryset=RiskAction.objects.filter(risk__committee=committee, risk__year=year),
        occasion=occasion,
        committee=committee,
    )
    action_filtering = any(filters.get(name) not in (None, "") for name in ACTION_FILTERS)
    min_value: int | None = None
    matching: set[int] | None = None
    owner: OrgUnit | None = None
    if filterset.is_valid():
        min_value = filterset.form.cleaned_data.get("risk_value")
        owner = filterset.form.cleaned_data.get("owner_unit")
        if action_filtering:
            matching = set(filterset.qs.values_list("pk", flat=True))
    blocks: list[RiskBlock] = []
    for number, risk in enumerate(risks, start=1):
        rows = [
            Row(a, action_follows[a.pk], policy.allows(user, Action.EDIT, a))
            for a in risk.actions.all()
            if matching is None or a.pk in matching
        ]
        if min_value is not None and risk.risk_value < int(min_value):
            continue
        if matching is not None and not rows:
            continue
        blocks.append(RiskBlock(number=number, risk=risk, actions=rows))
    numbered = {b.risk.pk: b for b in blocks}
    all_blocks = [numbered.get(r.pk) or RiskBlock(number=i, risk=r) for i, r in enumerate(risks, start=1)]
    matrix = [
        (
            (p, Probability(p).label),
            [
                MatrixCell(p, c, [b for b in all_blocks if b.risk.probability == p and b.risk.consequence == c])
                for c in range(1, 5)
            ],
        )
        for p in range(4, 0, -1)
    ]

    def rows_of(model: Any, follow_model: Any, *related: str) -> list[Row]:
        items = _plan(model, committee, year, *related)
        follows = follow_ups_for(follow_model, [i.pk for i in items], occasion=occasion, occasions=occasions)
        rows = [Row(i, follows[i.pk], policy.allows(user, Action.EDIT, i)) for i in items]
        if action_filtering:
            rows = [r for r in rows if _matches(r, filters, owner)]
        return rows

    controls = rows_of(Control, ControlResult, "goal__goal")
    reviews = rows_of(ReviewAction, ReviewActionFollowUp)
    providers = rows_of(ProviderFollowUp, ProviderFollowUpResult)
    tests = rows_of(CompetitionTest, CompetitionTestResult)
    followed = [action_follows[a.pk] for a in actions] + [r.follow for r in controls + reviews + providers + tests]
    return Overview(
        committee=committee,
        year=year,
        occasions=occasions,
        occasion=occasion,
        risks=blocks,
        matrix=matrix,
        consequences=[(c, Consequence(c).label) for c in range(1, 5)],
        controls=controls,
        review_actions=reviews,
        provider_follow_ups=providers,
        competition_tests=tests,
        risk_count=len(risks),
        high_risks=sum(1 for r in risks if r.above_threshold),
        late=sum(1 for f in followed if f.is_late),
        missing_comment=sum(1 for f in followed if f.missing_comment),
        filtered=action_filtering or min_value is not None,
        filterset=filterset,
        may_administer=policy.allows(user, Action.ADMINISTER, committee),
    )


# For the reports module --------------------------------------------------------------------------------------

RISK_TABLE_COLUMNS = ("Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Åtgärd", "Ansvarig", "Status", "Kommentar")


@dataclass(frozen=True)
class RiskTableRow:
    """One line of the seeds' risk table: a risk with one of its actions and that action's follow-up."""

    goal: str
    risk: str
    background: str
    probability: int
    consequence: int
    risk_value: int
    action: str
    responsible: str
    status: str
    comment: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.risk,
            str(self.probability),
            str(self.consequence),
            str(self.risk_value),
            self.action,
            self.responsible,
            self.status,
            self.comment,
        )


@dataclass(frozen=True)
class FollowUpTableRow:
    """A control, review action, provider follow-up or competition test with its follow-up (plain values)."""

    title: str
    details: tuple[tuple[str, str], ...]
    responsible: str
    status: str
    comment: str


def _text(follow: FollowUpView) -> tuple[str, str]:
    return (follow.status.name if follow.status else "", follow.comment)


def risk_table(
    *, committee: OrgUnit, year: int, occasion: ReportOccasion, prioritised_only: bool = True
) -> list[RiskTableRow]:
    """The risk table of the delårsrapport (columns `RISK_TABLE_COLUMNS`); a risk without actions gives one row."""
    occasions = org_selectors.occasion_list(year)
    risks = [r for r in risks_for(committee, year) if r.prioritised or not prioritised_only]
    actions = [a for r in risks for a in r.actions.all()]
    follows = follow_ups_for(RiskActionFollowUp, [a.pk for a in actions], occasion=occasion, occasions=occasions)
    rows = []
    for risk in risks:
        base: dict[str, Any] = {
            "goal": risk.goal.goal.title if risk.goal else risk.process,
            "risk": risk.title,
            "background": risk.background,
            "probability": risk.probability,
            "consequence": risk.consequence,
            "risk_value": risk.risk_value,
        }
        if not risk.actions.all():
            rows.append(RiskTableRow(**base, action="", responsible=risk.responsible, status="", comment=""))
        for action in risk.actions.all():
            status, comment = _text(follows[action.pk])
            rows.append(
                RiskTableRow(
                    **base,
                    action=action.title,
                    responsible=action.responsible or action.owner_unit.name,
                    status=status,
                    comment=comment,
                )
            )
    return rows


def follow_up_tables(*, committee: OrgUnit, year: int, occasion: ReportOccasion) -> dict[str, list[FollowUpTableRow]]:
    """Controls, review actions, provider follow-ups and competition tests with their follow-up at `occasion`,
    keyed "controls", "review_actions", "provider_follow_ups", "competition_tests"."""
    occasions = org_selectors.occasion_list(year)

    def table(model: Any, follow_model: Any, describe: Any) -> list[FollowUpTableRow]:
        items = _plan(model, committee, year)
        follows = follow_ups_for(follow_model, [i.pk for i in items], occasion=occasion, occasions=occasions)
        result = []
        for item in items:
            title, details = describe(item)
            status, comment = _text(follows[item.pk])
            result.append(
                FollowUpTableRow(
                    title=title,
                    details=tuple(details),
                    responsible=item.responsible or item.owner_unit.name,
                    status=status,
                    comment=comment,
                )
            )
        return result

    return {
        "controls": table(
            Control,
            ControlResult,
            lambda c: (c.title, [("Beskrivning av kontroll", c.what), ("Bakgrund", c.why), ("Intervall", c.frequency)]),
        ),
        "review_actions": table(
            ReviewAction,
            ReviewActionFollowUp,
            lambda r: (r.title, [("Revision/Granskning", r.review), ("Diarienummer", r.case_number)]),
        ),
        "provider_follow_ups": table(
            ProviderFollowUp,
            ProviderFollowUpResult,
            lambda p: (
                p.agreement,
                [
                    ("Typ", p.get_kind_display()),
                    ("Tidplan", p.timing),
                    ("Intervall", p.interval),
                    ("Mottagare", p.recipient),
                ],
            ),
        ),
        "competition_tests": table(
            CompetitionTest,
            CompetitionTestResult,
            lambda t: (t.operation, [("Form", t.form), ("Tidplan", t.timing), ("Beskrivning", t.description)]),
        ),
    }
