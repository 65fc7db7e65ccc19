"""Reads of the organisation, restricted to what the user may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.core.dashboard import Viewer
from digipuff.core.memo import remembered
from digipuff.core.rollover import rollover_steps
from digipuff.core.suppression import default_threshold
from digipuff.organisation.choices import OccasionKind, OrgUnitKind
from digipuff.organisation.models import (
    GroupRoleMapping,
    Municipality,
    OrgUnit,
    PlanningYear,
    ReportOccasion,
    RoleAssignment,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from digipuff.core.policy import AnyUser


def units_in_year(year: int | None) -> QuerySet[OrgUnit]:
    """The org tree as it stood in `year` (every unit when no year is given), in tree order."""
    units = OrgUnit.objects.all()
    if year is not None:
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year), valid_from__lte=year)
    return units.order_by("path")


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One line of the org tree page."""

    unit: OrgUnit
    depth: int
    may_view: bool
    roles: tuple[StrPromise, ...]


def org_tree(*, user: AnyUser, year: int | None) -> list[TreeRow]:
    """Every unit of the year in tree order (names are public), marked with what this user may open.

    Children sort by their order and name under their parent, so the rows are built from the parent links
    rather than by sorting the id paths.
    """
    units = list(units_in_year(year))
    user_grants = policy.grants(user)
    visible = {unit.pk for unit in policy.restrict(units_in_year(year), user, Action.VIEW).only("pk")}
    children: dict[int | None, list[OrgUnit]] = {}
    present = {unit.pk for unit in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in present else None
        children.setdefault(parent, []).append(unit)
    rows: list[TreeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: (u.sort_order, u.name)):
            roles = tuple(sorted({Role(grant.role).label for grant in user_grants if grant.unit_id == unit.pk}))
            rows.append(TreeRow(unit=unit, depth=depth, may_view=unit.pk in visible, roles=roles))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return rows


def units_of_user(user: AnyUser) -> list[tuple[OrgUnit, list[str]]]:
    """The units the user was given roles on, with those roles: the start page's "your units"."""
    if not user.is_authenticated:
        return []
    assignments = RoleAssignment.objects.filter(user=user).select_related("unit").order_by("unit__path", "role")
    grouped: dict[int, tuple[OrgUnit, list[str]]] = {}
    for assignment in assignments:
        grouped.setdefault(assignment.unit_id, (assignment.unit, []))[1].append(assignment.get_role_display())
    return list(grouped.values())


def dashboard_viewer(*, user: AnyUser, year: int) -> Viewer:
    """Who looks at the start page, for the panels: per role the committees (nämnder) where the user holds it. A
    role on a unit above committees (the council) covers each committee below it; one on a unit below a committee
    (a department) counts for that committee, whose pages the panels link to. Two queries."""
    user_grants = policy.grants(user)
    committees = list(units_in_year(year).filter(kind=OrgUnitKind.COMMITTEE)) if user_grants else []
    by_role: dict[str, list[OrgUnit]] = {}
    for grant in user_grants:
        covered = [c for c in committees if c.path.startswith(grant.path) or grant.path.startswith(c.path)]
        known = by_role.setdefault(grant.role, [])
        known.extend(c for c in covered if c not in known)
    return Viewer(
        user=user,
        year=year,
        committees_by_role=by_role,
        roles=frozenset(grant.role for grant in user_grants),
    )


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The units above `unit`, from the top, in one query."""
    by_id = OrgUnit.objects.in_bulk(unit.ancestor_ids())
    return [by_id[pk] for pk in unit.ancestor_ids() if pk in by_id]


def role_assignments(*, user: AnyUser, unit: OrgUnit) -> QuerySet[RoleAssignment]:
    """Who holds which role on this unit or above it (and so over it), for those who may view the unit."""
    if not policy.allows(user, Action.VIEW, unit):
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(unit_id__in=[*unit.ancestor_ids(), unit.pk])
        .select_related("user", "unit")
        .order_by("unit__path", "role", "user__username")
    )


def planning_years() -> QuerySet[PlanningYear]:
    return PlanningYear.objects.order_by("year")


def planning_years_with_occasions() -> QuerySet[PlanningYear]:
    """The years with their report occasions in date order, newest year first (the year set-up page)."""
    return PlanningYear.objects.order_by("-year").prefetch_related(
        Prefetch("occasions", queryset=ReportOccasion.objects.order_by("period_end", "pk"))
    )


def municipality_root() -> OrgUnit | None:
    """The top of the org tree (kommunfullmäktige): what the municipality as a whole is asked about."""
    return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()


def visible_units(user: AnyUser, *, action: str = Action.VIEW) -> QuerySet[OrgUnit]:
    return policy.restrict(OrgUnit.objects.order_by("path"), user, action)


def occasions(year: int) -> QuerySet[ReportOccasion]:
    """The report occasions of a year in date order."""
    return ReportOccasion.objects.filter(year__year=year).select_related("year").order_by("period_end", "pk")


def occasion_list(year: int) -> list[ReportOccasion]:
    """`occasions(year)` as a list, read once per request (several sections of a report page ask)."""
    return remembered(("organisation.occasions", year), lambda: list(occasions(year)))


def default_occasion(occasions: Sequence[ReportOccasion], *, today: date | None = None) -> ReportOccasion | None:
    """The occasion a page opens on when none is asked for: the one people write follow-up for now.

    The one rule for every module. Follow-up for an occasion is written in the weeks after its period ends, so the
    latest follow-up occasion (Delår 1, Delår 2, VB; not the plan) whose period has ended is the default; before the
    first one ends, the first one. A year without follow-up occasions has no default.
    """
    today = today or timezone.localdate()
    follow_up = [o for o in occasions if o.kind != OccasionKind.PLAN]
    if not follow_up:
        return None
    ended = [o for o in follow_up if o.period_end <= today]
    return ended[-1] if ended else follow_up[0]


def chosen_occasion(
    occasions: Sequence[ReportOccasion], raw: object, *, today: date | None = None
) -> ReportOccasion | None:
    """The occasion asked for (by id, e.g. `?occasion=`) among the year's, else `default_occasion`."""
    if raw and str(raw).isdecimal():
        for occasion in occasions:
            if occasion.pk == int(str(raw)):
                return occasion
    return default_occasion(occasions, today=today)


def rollover_choices(*, committee: OrgUnit, year: int) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """Every registered rollover step with its items of `year` that may be carried forward:
    (step name, label, [(id, item label)]), in the steps' order."""
    return [(step.name, str(step.label), step.choices(committee=committee, year=year)) for step in rollover_steps]


def suppression_threshold() -> int:
    """Counts above zero and below this are shown as "--": the municipality's threshold, else the installation's."""
    municipality = Municipality.current()
    return municipality.suppression_threshold if municipality else default_threshold()


def group_role_mappings() -> QuerySet[GroupRoleMapping]:
    """Every group mapping, by group, with its unit (the municipality's administrators see them all)."""
    return GroupRoleMapping.objects.select_related("unit").order_by("group", "unit__path", "role")
