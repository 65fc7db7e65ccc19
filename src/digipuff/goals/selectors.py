"""Reads of the goal tree: the golden thread (röda tråden) of a committee and year, and assessment proposals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.registry import Registry
from digipuff.core.rollover import RolloverResult
from digipuff.core.sections import Context as SectionContext
from digipuff.goals.choices import Assessment, LevelOwner
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment, GoalLevel
from digipuff.indicators.models import Measure
from digipuff.indicators.selectors import MeasureSummary, measure_summaries
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser


@dataclass(frozen=True)
class Proposal:
    """The system's proposed assessment of a goal and what it rests on."""

    assessment: str
    met: int
    judged: int

    @property
    def label(self) -> str:
        return str(Assessment(self.assessment).label)


# Other modules (activities) add what they know about a goal: a function returning (done, total) for a goal and
# an occasion. Registered in their AppConfig.ready() (the proposal runs in requests, after every app is ready).
ProposalSource = Callable[[CommitteeGoal, ReportOccasion], tuple[int, int]]
proposal_sources: Registry[ProposalSource] = Registry(
    None, key=lambda source: f"{source.__module__}.{source.__qualname__}"
)


def assessment_from_share(met: int, judged: int) -> str:
    """Uppnås when at least three quarters of what can be judged is met, uppnås delvis from a quarter, else ej."""
    if judged == 0:
        return Assessment.NOT_ASSESSED
    share = met / judged
    if share >= 0.75:
        return Assessment.ACHIEVED
    if share >= 0.25:
        return Assessment.PARTLY
    return Assessment.NOT_ACHIEVED


def proposed_assessment(*, committee_goal: CommitteeGoal, occasion: ReportOccasion) -> Proposal:
    """Propose from the goal's measures with targets (share met as of the occasion) and the registered sources."""
    measures = list(committee_goal.measures.all())
    summaries = measure_summaries(measures, year=occasion.year.year, as_of_month=occasion.month)
    judged = [s for s in summaries if s.target_met is not None]
    met = sum(1 for s in judged if s.target_met)
    total = len(judged)
    for source in proposal_sources:
        done, count = source(committee_goal, occasion)
        met += done
        total += count
    return Proposal(assessment=assessment_from_share(met, total), met=met, judged=total)


@dataclass
class ThreadNode:
    """A goal in the golden thread with the committee's texts, its measures and its assessment."""

    goal: Goal
    committee_goal: CommitteeGoal | None
    assessment: GoalAssessment | None
    measures: list[MeasureSummary] = field(default_factory=list)
    children: list[ThreadNode] = field(default_factory=list)
    # How many measures the goal has: `measures` is empty when the thread was read without their summaries.
    measure_count: int = 0

    @property
    def has_content(self) -> bool:
        return bool(self.committee_goal or self.measures or any(c.has_content for c in self.children))


@dataclass
class GoldenThread:
    committee: OrgUnit
    year: int
    levels: list[GoalLevel]
    occasion: ReportOccasion | None
    roots: list[ThreadNode]

    def nodes(self) -> list[ThreadNode]:
        out: list[ThreadNode] = []

        def walk(nodes: list[ThreadNode]) -> None:
            for node in nodes:
                out.append(node)
                walk(node.children)

        walk(self.roots)
        return out


def report_thread(context: SectionContext) -> GoldenThread:
    """The golden thread of a report's committee, year and occasion, read once per report: every section that
    shows goals or measures (goals, sources, ...) shares it through the context's cache."""
    thread: GoldenThread = context.cached(
        "goals:thread",
        lambda: golden_thread(committee=context.committee, year=context.year, occasion=context.occasion),
    )
    return thread


def golden_thread(
    *, committee: OrgUnit, year: int, occasion: ReportOccasion | None, summaries_up_to: int | None = None
) -> GoldenThread:
    """The committee's goal tree for the year: every goal it has taken on (and the goals above them), its own
    goals, each with its measures' summaries as of the occasion. A bounded number of queries, whatever its size.

    With `summaries_up_to`, a thread with more measures than that is read without their summaries (each node
    only counts its measures): the goals page then loads each goal's measures when they are opened."""
    owners = [committee.pk, *committee.ancestor_ids()]
    levels = list(GoalLevel.objects.filter(year=year).order_by("depth"))
    goals = list(
        Goal.objects.filter(year=year, owner_id__in=owners, retired=False)
        .select_related("level")
        .order_by("level__depth", "sort_order", "title")
    )
    committee_goals = {
        cg.goal_id: cg
        for cg in CommitteeGoal.objects.filter(
            committee=committee, goal__year=year, goal__retired=False
        ).prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("owner", "comparison_group").order_by("sort_order", "name"),
            )
        )
    }
    assessments = {}
    if occasion is not None:
        assessments = {
            a.committee_goal.goal_id: a
            for a in GoalAssessment.objects.filter(
                committee_goal__committee=committee, occasion=occasion
            ).select_related("committee_goal", "updated_by")
        }
    measures_by_goal: dict[int, list[Measure]] = defaultdict(list)
    unique: dict[int, Measure] = {}
    for goal_id, cg in committee_goals.items():
        for measure in cg.measures.all():
            measures_by_goal[goal_id].append(measure)
            unique[measure.pk] = measure
    as_of = occasion.month if occasion else 12
    summaries = {}
    if summaries_up_to is None or len(unique) <= summaries_up_to:
        summaries = {s.measure.pk: s for s in measure_summaries(list(unique.values()), year=year, as_of_month=as_of)}
    nodes = {
        goal.pk: ThreadNode(
            goal=goal,
            committee_goal=committee_goals.get(goal.pk),
            assessment=assessments.get(goal.pk),
            measures=[summaries[m.pk] for m in measures_by_goal.get(goal.pk, []) if m.pk in summaries],
            measure_count=len(measures_by_goal.get(goal.pk, [])),
        )
        for goal in goals
    }
    roots: list[ThreadNode] = []
    for goal in goals:
        node = nodes[goal.pk]
        if goal.parent_id and goal.parent_id in nodes:
            nodes[goal.parent_id].children.append(node)
        elif not goal.parent_id:
            roots.append(node)
    # Council goals the committee has not taken on (and nothing under them has) are not part of its thread.
    roots = [_prune(node) for node in roots if node.has_content]
    return GoldenThread(committee=committee, year=year, levels=levels, occasion=occasion, roots=roots)


def goal_measures(*, committee_goal: CommitteeGoal, occasion: ReportOccasion | None) -> list[MeasureSummary]:
    """The summaries of one committee goal's measures as of the occasion, in the thread's order."""
    measures = list(committee_goal.measures.select_related("owner", "comparison_group").order_by("sort_order", "name"))
    as_of = occasion.month if occasion else 12
    return measure_summaries(measures, year=committee_goal.goal.year, as_of_month=as_of)


def _prune(node: ThreadNode) -> ThreadNode:
    node.children = [_prune(child) for child in node.children if child.has_content]
    return node


def matching_goals(
    goals: Iterable[CommitteeGoal], *, committee: OrgUnit, year: int, result: RolloverResult, item: str
) -> list[CommitteeGoal]:
    """Next year's goals of the committee with the same titles; a goal without a match is reported, not guessed."""
    goals = list(goals)
    if not goals:
        return []
    targets = {
        cg.goal.title.casefold(): cg
        for cg in CommitteeGoal.objects.filter(
            committee=committee, goal__year=year, goal__retired=False
        ).select_related("goal")
    }
    matched = []
    for goal in goals:
        target = targets.get(goal.goal.title.casefold())
        if target is None:
            result.unmatched.append(
                _("{item}: the goal {goal} has no match in {year}.").format(item=item, goal=goal.goal.title, year=year)
            )
        else:
            matched.append(target)
    return matched


@dataclass
class SetupNode:
    """A goal on the set-up page: whether the committee has taken it on, and what the user may do with it."""

    goal: Goal
    committee_goal: CommitteeGoal | None
    may_administer: bool
    may_add_below: bool = False
    first: bool = False
    last: bool = False
    children: list[SetupNode] = field(default_factory=list)


@dataclass
class GoalSetup:
    committee: OrgUnit
    year: int
    levels: list[GoalLevel]
    roots: list[SetupNode]
    may_administer_council: bool
    adoptable: list[Goal]

    def nodes(self) -> list[SetupNode]:
        out: list[SetupNode] = []

        def walk(nodes: list[SetupNode]) -> None:
            for node in nodes:
                out.append(node)
                walk(node.children)

        walk(self.roots)
        return out


def goal_owners(committee: OrgUnit) -> list[int]:
    """The units whose goals make up a committee's tree: the committee and the units above it (the council)."""
    return [committee.pk, *committee.ancestor_ids()]


def goal_setup(*, user: AnyUser, committee: OrgUnit, year: int) -> GoalSetup:
    """The year's whole goal tree as the committee sees it when setting up its plan: every council goal (taken on
    or not), the committee's own goals, retired ones too (marked). Four queries whatever its size."""
    owners = goal_owners(committee)
    levels = list(GoalLevel.objects.filter(year=year).order_by("depth"))
    goals = list(
        Goal.objects.filter(year=year, owner_id__in=owners)
        .select_related("level", "owner")
        .order_by("level__depth", "sort_order", "title", "pk")
    )
    taken = {cg.goal_id: cg for cg in CommitteeGoal.objects.filter(committee=committee, goal__year=year)}
    allowed: dict[int, bool] = {}
    for goal in goals:
        if goal.owner_id not in allowed:
            allowed[goal.owner_id] = policy.allows(user, Action.ADMINISTER, goal.owner)
    root_unit = OrgUnit.objects.filter(parent__isnull=True).first()
    may_council = root_unit is not None and policy.allows(user, Action.ADMINISTER, root_unit)
    may_committee = policy.allows(user, Action.ADMINISTER, committee)
    # May the user add a goal on the level below a goal? The level's owner decides whose right it takes.
    may_add_at = {level.depth: may_council if level.owner == LevelOwner.COUNCIL else may_committee for level in levels}
    nodes = {
        goal.pk: SetupNode(
            goal=goal,
            committee_goal=taken.get(goal.pk),
            may_administer=allowed[goal.owner_id],
            may_add_below=not goal.retired and may_add_at.get(goal.level.depth + 1, False),
        )
        for goal in goals
    }
    roots: list[SetupNode] = []
    for goal in goals:
        node = nodes[goal.pk]
        if goal.parent_id is None:
            roots.append(node)
        elif goal.parent_id in nodes:
            nodes[goal.parent_id].children.append(node)
    _mark_ends(roots)
    return GoalSetup(
        committee=committee,
        year=year,
        levels=levels,
        roots=roots,
        may_administer_council=may_council,
        adoptable=[g for g in goals if g.owner_id != committee.pk and g.pk not in taken and not g.retired],
    )


def _mark_ends(nodes: list[SetupNode]) -> None:
    """First and last among the siblings a goal is ordered with (same owner), for the move buttons."""
    by_owner: dict[int, list[SetupNode]] = defaultdict(list)
    for node in nodes:
        by_owner[node.goal.owner_id].append(node)
    for group in by_owner.values():
        group[0].first = True
        group[-1].last = True
    for node in nodes:
        _mark_ends(node.children)


# -- the municipality rolled up: the council's goals with the committees' assessments ------------------------------

# The proposed overall assessment of a council goal from the committees' assessments: the assessment most
# committees gave; a tie goes to the lower of the tied (uppnås ej before uppnås delvis before uppnås), so that the
# proposal never claims more than the committees do. Goals not assessed are left out. A proposal, set by nobody.
_SEVERITY: list[str] = [Assessment.NOT_ACHIEVED, Assessment.PARTLY, Assessment.ACHIEVED]


def overall_assessment(assessments: Iterable[str]) -> str:
    """The majority of the assessments given (ties to the lowest); "not assessed" when none is given."""
    counts: dict[str, int] = dict.fromkeys(_SEVERITY, 0)
    for value in assessments:
        if value in counts:
            counts[value] += 1
    if not any(counts.values()):
        return Assessment.NOT_ASSESSED
    most = max(counts.values())
    return next(value for value in _SEVERITY if counts[value] == most)


@dataclass
class CommitteeRow:
    """A committee's goal under a council goal, with its assessment at the occasion."""

    committee: OrgUnit
    committee_goal: CommitteeGoal
    assessment: GoalAssessment | None

    @property
    def value(self) -> str:
        return self.assessment.assessment if self.assessment else Assessment.NOT_ASSESSED

    @property
    def label(self) -> str:
        return str(Assessment(self.value).label)


@dataclass
class CouncilNode:
    """A council goal (KF-mål), the committees' goals that derive from it and the proposed overall assessment of
    it and everything below it."""

    goal: Goal
    rows: list[CommitteeRow] = field(default_factory=list)
    children: list[CouncilNode] = field(default_factory=list)

    def all_rows(self) -> list[CommitteeRow]:
        return [*self.rows, *(row for child in self.children for row in child.all_rows())]

    @property
    def proposal(self) -> str:
        return overall_assessment(row.value for row in self.all_rows())

    @property
    def proposal_label(self) -> str:
        return str(Assessment(self.proposal).label)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys((*_SEVERITY, Assessment.NOT_ASSESSED), 0)
        for row in self.all_rows():
            counts[row.value] += 1
        return counts


@dataclass
class CouncilGoals:
    year: int
    levels: list[GoalLevel]
    occasion: ReportOccasion | None
    roots: list[CouncilNode]
    committees: list[OrgUnit]

    def nodes(self) -> list[CouncilNode]:
        out: list[CouncilNode] = []

        def walk(nodes: list[CouncilNode]) -> None:
            for node in nodes:
                out.append(node)
                walk(node.children)

        walk(self.roots)
        return out


def latest_assessed_occasion(
    occasions: Sequence[ReportOccasion], *, committees: Iterable[OrgUnit] | None = None
) -> ReportOccasion | None:
    """The latest of the occasions at which some goal (of these committees) was assessed; None if none was."""
    assessed = GoalAssessment.objects.filter(occasion__in=list(occasions)).exclude(assessment=Assessment.NOT_ASSESSED)
    if committees is not None:
        assessed = assessed.filter(committee_goal__committee__in=list(committees))
    ids = set(assessed.values_list("occasion_id", flat=True).distinct())
    chosen = [o for o in occasions if o.pk in ids]
    return chosen[-1] if chosen else None


def council_goals(*, user: AnyUser, year: int, occasion: ReportOccasion | None) -> CouncilGoals:
    """The council's goals of the year (those of the levels the council owns), each with the goals of the committees
    the user may view that derive from it (the council goal itself as a committee took it on, or a committee's own
    goal below it) and their assessments at the occasion. Five queries whatever the size."""
    levels = list(GoalLevel.objects.filter(year=year).order_by("depth"))
    goals = {
        goal.pk: goal
        for goal in Goal.objects.filter(year=year, retired=False)
        .select_related("level")
        .order_by("level__depth", "sort_order", "title")
    }
    council = [goal for goal in goals.values() if goal.level.owner == LevelOwner.COUNCIL]
    nodes = {goal.pk: CouncilNode(goal=goal) for goal in council}
    committee_goals = list(
        policy.restrict(
            CommitteeGoal.objects.filter(goal__year=year, goal__retired=False).select_related("committee", "goal"),
            user,
            Action.VIEW,
        ).order_by("committee__path", "goal__sort_order", "goal__title")
    )
    assessments: dict[int, GoalAssessment] = {}
    if occasion is not None:
        assessments = {
            a.committee_goal_id: a
            for a in GoalAssessment.objects.filter(
                occasion=occasion, committee_goal__in=[cg.pk for cg in committee_goals]
            )
        }
    committees: dict[int, OrgUnit] = {}
    for cg in committee_goals:
        goal: Goal | None = goals.get(cg.goal_id)
        if goal is None or goal.level.depth == 0:
            continue  # the top level (goal areas) is not assessed; the goals below it are
        while goal is not None and goal.pk not in nodes:  # climb from a committee's own goal to its council goal
            goal = goals.get(goal.parent_id) if goal.parent_id else None
        if goal is None:
            continue
        nodes[goal.pk].rows.append(CommitteeRow(cg.committee, cg, assessments.get(cg.pk)))
        committees.setdefault(cg.committee_id, cg.committee)
    roots: list[CouncilNode] = []
    for goal in council:
        if goal.parent_id and goal.parent_id in nodes:
            nodes[goal.parent_id].children.append(nodes[goal.pk])
        elif not goal.parent_id:
            roots.append(nodes[goal.pk])
    return CouncilGoals(
        year=year,
        levels=levels,
        occasion=occasion,
        roots=roots,
        committees=sorted(committees.values(), key=lambda unit: unit.path),
    )
