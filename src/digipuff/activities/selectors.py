"""Reads of commitments, activities and follow-up, restricted to what the user may see.

`overview` builds the committee page in a fixed number of queries whatever the number of activities;
`follow_up_rows` gives the reports module plain rows (no ORM objects) in the seed documents' layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from digipuff.activities.filtersets import ActivityFilterSet
from digipuff.activities.models import Activity, ActivityFollowUp, Commitment, CommitmentFollowUp
from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.followup.selectors import FollowUpView, follow_ups_for
from digipuff.goals.models import CommitteeGoal
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.models import OrgUnit, ReportOccasion

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser


def _goals_prefetch(lookup: str) -> Prefetch[str]:
    return Prefetch(lookup, queryset=CommitteeGoal.objects.select_related("goal").order_by("goal__sort_order"))


def commitments_for(committee: OrgUnit, year: int) -> QuerySet[Commitment]:
    """The committee's own commitments and the kommunövergripande ones (owned by units above it)."""
    return (
        Commitment.objects.filter(Q(owner=committee) | Q(owner_id__in=committee.ancestor_ids()), year=year)
        .select_related("owner")
        .prefetch_related(_goals_prefetch("goals"))
        .order_by("owner__depth", "sort_order", "title")
    )


def activities_for(committee: OrgUnit, year: int) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(committee=committee, year=year)
        .select_related("owner_unit", "commitment", "described_under__goal")
        .prefetch_related(_goals_prefetch("goals"))
        .order_by("sort_order", "title", "pk")
    )


def visible_activities(user: AnyUser) -> QuerySet[Activity]:
    return policy.restrict(
        Activity.objects.select_related("committee", "owner_unit", "commitment").prefetch_related(
            _goals_prefetch("goals")
        ),
        user,
        Action.VIEW,
    ).order_by("year", "committee__path", "sort_order", "pk")


def visible_commitments(user: AnyUser) -> QuerySet[Commitment]:
    """Commitments of the units the user may view, and every kommunövergripande one (they concern everyone)."""
    if not user.is_authenticated:
        return Commitment.objects.none()
    own = policy.restrict(Commitment.objects.all(), user, Action.VIEW).values("pk")
    return (
        Commitment.objects.filter(Q(pk__in=own) | Q(owner__parent__isnull=True))
        .select_related("owner")
        .prefetch_related(_goals_prefetch("goals"))
        .order_by("year", "owner__path", "sort_order", "pk")
    )


def visible_follow_ups(user: AnyUser) -> QuerySet[ActivityFollowUp]:
    return policy.restrict(
        ActivityFollowUp.objects.select_related("item", "occasion", "status"), user, Action.VIEW
    ).order_by("item_id", "occasion__period_end")


@dataclass
class ActivityRow:
    activity: Activity
    follow: FollowUpView
    may_edit: bool
    occasion: ReportOccasion | None

    @property
    def is_late(self) -> bool:
        if self.follow.is_late:
            return True
        ends = self.activity.ends
        return bool(self.occasion and ends and ends <= self.occasion.period_end and not self.follow.is_done)


@dataclass
class CommitmentBlock:
    commitment: Commitment
    follow: FollowUpView
    may_edit: bool
    rows: list[ActivityRow] = field(default_factory=list)


@dataclass
class UnitActivities:
    """The activities one unit (förvaltning, verksamhet, enhet) is responsible for: its part of the plan."""

    unit: OrgUnit
    rows: list[ActivityRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.follow.is_done)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.is_late)


def by_unit(rows: list[ActivityRow]) -> list[UnitActivities]:
    """The rows grouped by owner unit, in the order of the org tree."""
    groups: dict[int, UnitActivities] = {}
    for row in sorted(rows, key=lambda r: r.activity.owner_unit.path):
        groups.setdefault(row.activity.owner_unit_id, UnitActivities(row.activity.owner_unit)).rows.append(row)
    return list(groups.values())


def unit_plan(
    *, user: AnyUser, unit: OrgUnit, year: int, occasion: ReportOccasion | None, occasions: list[ReportOccasion]
) -> list[UnitActivities]:
    """The unit's plan: the activities of the year owned by the unit or a unit below it, grouped by owner unit,
    with their follow-up at `occasion`. Four queries whatever the number of activities."""
    activities = list(
        Activity.objects.filter(year=year, owner_unit__path__startswith=unit.path)
        .select_related("owner_unit", "committee", "commitment")
        .order_by("owner_unit__path", "sort_order", "title", "pk")
    )
    follows = follow_ups_for(ActivityFollowUp, (a.pk for a in activities), occasion=occasion, occasions=occasions)
    rows = [
        ActivityRow(activity=a, follow=follows[a.pk], may_edit=policy.allows(user, Action.EDIT, a), occasion=occasion)
        for a in activities
    ]
    return by_unit(rows)


@dataclass
class Overview:
    committee: OrgUnit
    year: int
    occasions: list[ReportOccasion]
    occasion: ReportOccasion | None
    blocks: list[CommitmentBlock]
    loose: list[ActivityRow]
    total: int
    done: int
    late: int
    missing_comment: int
    no_status: int
    filtered: bool
    filterset: ActivityFilterSet
    may_administer: bool
    # The page shown when the overview is paged (`per_page`): `blocks` and `loose` then hold only its activities.
    page: Page[tuple[Commitment | None, ActivityRow | None]] | None = None
    # The whole year's activities of the units below the committee, counted per unit (the unit plans rolled up).
    units: list[UnitActivities] = field(default_factory=list)


def overview(
    *,
    user: AnyUser,
    committee: OrgUnit,
    year: int,
    occasion: ReportOccasion | None,
    occasions: list[ReportOccasion],
    filters: Mapping[str, Any] | None = None,
    per_page: int | None = None,
    page_number: str | int | None = None,
) -> Overview:
    """The committee's commitments and activities with their follow-up at `occasion` (and the previous one).

    Queries do not grow with the number of activities: commitments, activities, their goals, both kinds of
    follow-up and the filter's matches are each read once. With `per_page` the activities are shown a page at a
    time (a commitment whose activities run over two pages is headed on both); the counts are the whole year's.
    """
    commitments = list(commitments_for(committee, year))
    activities = list(activities_for(committee, year))
    follows = follow_ups_for(ActivityFollowUp, (a.pk for a in activities), occasion=occasion, occasions=occasions)
    commitment_follows = follow_ups_for(
        CommitmentFollowUp, (c.pk for c in commitments), occasion=occasion, occasions=occasions, committee=committee
    )
    filterset = ActivityFilterSet(
        filters or None,
        queryset=Activity.objects.filter(committee=committee, year=year),
        occasion=occasion,
        committee=committee,
    )
    active = (
        filters is not None
        and bool(filters)
        and any(filters.get(name) not in (None, "") for name in filterset.filters if name != "occasion")
    )
    matching: set[int] | None = None
    if active and filterset.is_valid():
        matching = set(filterset.qs.values_list("pk", flat=True))
    may_edit_committee = policy.allows(user, Action.EDIT, committee)
    rows = [
        ActivityRow(activity=a, follow=follows[a.pk], may_edit=policy.allows(user, Action.EDIT, a), occasion=occasion)
        for a in activities
    ]
    blocks = {
        c.pk: CommitmentBlock(commitment=c, follow=commitment_follows[c.pk], may_edit=may_edit_committee)
        for c in commitments
    }
    loose: list[ActivityRow] = []
    for row in rows:
        if matching is not None and row.activity.pk not in matching:
            continue
        block = blocks.get(row.activity.commitment_id) if row.activity.commitment_id else None
        (block.rows if block else loose).append(row)
    shown = [b for b in blocks.values() if b.rows or matching is None]
    page = None
    if per_page is not None:
        # The page is cut from the list as shown: each commitment's activities (or the commitment alone when it
        # has none), then the activities without a commitment.
        entries: list[tuple[Commitment | None, ActivityRow | None]] = []
        for shown_block in shown:
            entries += [(shown_block.commitment, r) for r in shown_block.rows] or [(shown_block.commitment, None)]
        entries += [(None, r) for r in loose]
        page = Paginator(entries, per_page).get_page(page_number)
        paged: dict[int, CommitmentBlock] = {}
        loose = []
        for commitment, entry in page.object_list:
            if commitment is None:
                assert entry is not None
                loose.append(entry)
                continue
            if commitment.pk not in paged:
                original = blocks[commitment.pk]
                paged[commitment.pk] = CommitmentBlock(
                    commitment=commitment, follow=original.follow, may_edit=original.may_edit
                )
            if entry is not None:
                paged[commitment.pk].rows.append(entry)
        shown = list(paged.values())
    return Overview(
        committee=committee,
        year=year,
        occasions=occasions,
        occasion=occasion,
        blocks=shown,
        loose=loose,
        total=len(rows),
        done=sum(1 for r in rows if r.follow.is_done),
        late=sum(1 for r in rows if r.is_late),
        missing_comment=sum(1 for r in rows if r.follow.missing_comment),
        no_status=sum(1 for r in rows if r.follow.status is None),
        filtered=matching is not None,
        filterset=filterset,
        may_administer=policy.allows(user, Action.ADMINISTER, committee),
        page=page,
        units=[group for group in by_unit(rows) if group.unit.pk != committee.pk],
    )


def activity_follow_ups(activity: Activity) -> list[tuple[ReportOccasion, ActivityFollowUp | None]]:
    """Every follow-up occasion of the activity's year with its record (or None): the activity's history."""
    records = {f.occasion_id: f for f in activity.follow_ups.select_related("status", "updated_by")}
    return [(o, records.get(o.pk)) for o in org_selectors.occasions(activity.year) if o.kind != "plan"]


# For the reports module --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityReportRow:
    """One activity as the delårsrapport shows it (plain values, no ORM objects)."""

    commitment: str
    municipality_wide: bool
    activity: str
    description: str
    goals: tuple[str, ...]
    described_under: str
    owner_unit: str
    responsible: str
    status: str
    comment: str
    previous_status: str
    previous_comment: str
    late: bool
    goal_ids: tuple[int, ...] = ()  # the goals (goals.Goal pk) it answers to, in `goals`' order
    described_under_id: int | None = None  # the goal (goals.Goal pk) it is described under


@dataclass(frozen=True)
class CommitmentReportRow:
    """A commitment with its status and comment, then its activities, as in the seed's "Utvecklingsåtagande"."""

    title: str
    municipality_wide: bool
    description: str
    status: str
    comment: str
    activities: tuple[ActivityReportRow, ...]


def follow_up_rows(*, committee: OrgUnit, year: int, occasion: ReportOccasion) -> list[CommitmentReportRow]:
    """The committee's commitments and activities followed up at `occasion`, for reports (no access check: the
    caller, the reports module, has already asked the policy for the report)."""
    occasions = org_selectors.occasion_list(year)
    commitments = list(commitments_for(committee, year))
    activities = list(activities_for(committee, year))
    follows = follow_ups_for(ActivityFollowUp, [a.pk for a in activities], occasion=occasion, occasions=occasions)
    cfollows = follow_ups_for(
        CommitmentFollowUp, [c.pk for c in commitments], occasion=occasion, occasions=occasions, committee=committee
    )

    def activity_row(a: Activity, wide: bool) -> ActivityReportRow:
        f = follows[a.pk]
        prev = f.previous
        row = ActivityRow(a, f, False, occasion)
        return ActivityReportRow(
            commitment=a.commitment.title if a.commitment else "",
            municipality_wide=wide,
            activity=a.title,
            description=a.description,
            goals=tuple(g.goal.title for g in a.goals.all()),
            described_under=a.described_under.goal.title if a.described_under else "",
            owner_unit=a.owner_unit.name,
            responsible=a.responsible_role,
            status=f.status.name if f.status else "",
            comment=f.comment,
            previous_status=prev.status.name if prev and prev.status else "",
            previous_comment=prev.comment if prev else "",
            late=row.is_late,
            goal_ids=tuple(g.goal_id for g in a.goals.all()),
            described_under_id=a.described_under.goal_id if a.described_under else None,
        )

    result = []
    for c in commitments:
        wide = c.owner_id != committee.pk
        f = cfollows[c.pk]
        result.append(
            CommitmentReportRow(
                title=c.title,
                municipality_wide=wide,
                description=c.description,
                status=f.status.name if f.status else "",
                comment=f.comment,
                activities=tuple(activity_row(a, wide) for a in activities if a.commitment_id == c.pk),
            )
        )
    loose = tuple(activity_row(a, False) for a in activities if a.commitment_id is None)
    if loose:
        result.append(CommitmentReportRow("", False, "", "", "", loose))
    return result


def goal_activity_progress(committee_goal: Any, occasion: Any) -> tuple[int, int]:
    """For the goal assessment proposal: of the goal's activities followed up at the occasion, how many are done
    or on track (a status that is not at risk). Registered in goals.selectors.proposal_sources."""
    statuses = ActivityFollowUp.objects.filter(
        occasion=occasion, item__goals=committee_goal, status__isnull=False
    ).values_list("status__is_at_risk", flat=True)
    flags = list(statuses)
    return sum(1 for at_risk in flags if not at_risk), len(flags)
