"""Writes to the organisation: every one asks the policy first and leaves an audit entry.

`actor=None` is the system itself (the demo loader and other setup commands run by the operator); every
request and every user-facing command passes the acting user.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action, Role
from digipuff.core.concurrency import check_version, save_new_or_conflict
from digipuff.core.rollover import RolloverResult, rollover_steps, year_setup_steps
from digipuff.organisation.choices import OccasionKind, OrgUnitKind, RoleSource
from digipuff.organisation.models import (
    GroupRoleMapping,
    Municipality,
    OrgUnit,
    PlanningYear,
    ReportOccasion,
    RoleAssignment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require(actor: User | None, action: str, obj: OrgUnit) -> None:
    if actor is not None:
        policy.require(actor, action, obj)


def _require_root_admin(actor: User | None) -> None:
    if actor is None or actor.is_superuser:
        return
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    if root is None or not policy.allows(actor, Action.ADMINISTER, root):
        raise PermissionDenied(_("Only an administrator of the whole municipality may do this."))


@transaction.atomic
def municipality_set(
    *, actor: User | None, name: str, kolada_id: str, suppression_threshold: int | None = None
) -> Municipality:
    """Create or update the one municipality of the installation (the threshold: unchanged when not given)."""
    _require_root_admin(actor)
    with audit.acting_as(actor):
        municipality = Municipality.objects.select_for_update().order_by("pk").first() or Municipality()
        municipality.name = name
        municipality.kolada_id = kolada_id
        if suppression_threshold is not None:
            municipality.suppression_threshold = suppression_threshold
        municipality.updated_by = actor
        municipality.full_clean()
        municipality.save()
    return municipality


def _set_path(unit: OrgUnit) -> None:
    # Zero-padded ids keep a subtree contiguous and in creation order when sorted by path.
    parent_path = unit.parent.path if unit.parent is not None else "/"
    unit.path = f"{parent_path}{unit.pk:08d}/"
    unit.depth = unit.path.count("/") - 2


@transaction.atomic
def org_unit_create(
    *,
    actor: User | None,
    parent: OrgUnit | None,
    kind: str,
    name: str,
    code: str,
    valid_from: int,
    valid_to: int | None = None,
    sort_order: int = 0,
) -> OrgUnit:
    """Add a unit under `parent` (or the council at the top when `parent` is None)."""
    if parent is None:
        _require_root_admin(actor)
    else:
        _require(actor, Action.ADMINISTER, parent)
    unit = OrgUnit(
        parent=parent,
        kind=kind,
        name=name,
        code=code,
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=sort_order,
        updated_by=actor,
    )
    unit.full_clean(exclude=["path"])
    with audit.acting_as(actor):
        save_new_or_conflict(unit, keys={"code": code})  # two people adding the same code at once: one wins
        _set_path(unit)
        unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def org_unit_update(
    *,
    actor: User | None,
    unit: OrgUnit,
    expected_version: int | None,
    name: str,
    code: str,
    kind: str,
    parent: OrgUnit | None,
    valid_from: int,
    valid_to: int | None,
    sort_order: int,
) -> OrgUnit:
    """Change a unit; moving it to another parent moves its whole subtree and needs rights on both places."""
    _require(actor, Action.ADMINISTER, unit)
    moved = (parent.pk if parent else None) != unit.parent_id
    if moved:
        if parent is None:
            raise ValidationError({"parent": _("Every unit but the council has a parent unit.")})
        _require(actor, Action.ADMINISTER, parent)
    check_version(unit, expected_version=expected_version, actor=actor)
    unit.name, unit.code, unit.kind, unit.parent = name, code, kind, parent
    unit.valid_from, unit.valid_to, unit.sort_order = valid_from, valid_to, sort_order
    unit.full_clean(exclude=["path"])
    with audit.acting_as(actor):
        old_path = unit.path
        if moved:
            _set_path(unit)
        unit.save()
        if moved:
            for descendant in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
                descendant.path = unit.path + descendant.path[len(old_path) :]
                descendant.depth = descendant.path.count("/") - 2
                descendant.save(update_fields=["path", "depth"])
    return unit


DEFAULT_OCCASIONS = [
    (OccasionKind.PLAN, "Verksamhetsplan {year}", 1, 1),
    (OccasionKind.INTERIM_1, "Delår 1 {year}", 3, 31),
    (OccasionKind.INTERIM_2, "Delår 2 {year}", 8, 31),
    (OccasionKind.ANNUAL, "Verksamhetsberättelse {year}", 12, 31),
]


@transaction.atomic
def planning_year_create(*, actor: User | None, year: int, is_open: bool = True) -> PlanningYear:
    """Open a verksamhetsår for planning, with its default report occasions (plan, Delår 1 and 2, VB)."""
    _require_root_admin(actor)
    with audit.acting_as(actor):
        planning_year = PlanningYear(year=year, is_open=is_open, updated_by=actor)
        planning_year.full_clean()
        planning_year.save()
        _ensure_default_occasions(planning_year)
    return planning_year


@transaction.atomic
def default_occasions_ensure(*, actor: User | None, year: int) -> list[ReportOccasion]:
    """Give an existing year the default occasions it lacks (idempotent)."""
    _require_root_admin(actor)
    planning_year = PlanningYear.objects.get(year=year)
    with audit.acting_as(actor):
        _ensure_default_occasions(planning_year)
    return list(planning_year.occasions.order_by("period_end"))


def _ensure_default_occasions(planning_year: PlanningYear) -> None:
    for kind, name, month, day in DEFAULT_OCCASIONS:
        ReportOccasion.objects.get_or_create(
            year=planning_year,
            name=name.format(year=planning_year.year),
            defaults={"kind": kind, "period_end": date(planning_year.year, month, day)},
        )


@transaction.atomic
def role_assign(*, actor: User | None, user: User, unit: OrgUnit, role: str) -> RoleAssignment:
    """Give `user` the role on `unit` and its subtree; assigning a role one already holds changes nothing."""
    _require(actor, Action.ADMINISTER, unit)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role {role}.").format(role=role)})
    with audit.acting_as(actor):
        assignment, _created = RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
        if assignment.source == RoleSource.SSO:
            # Given by hand as well: the role is the administrator's now, and no sign-in takes it away.
            assignment.source, assignment.sso_group = RoleSource.LOCAL, ""
            assignment.save(update_fields=["source", "sso_group"])
    policy.forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    """Take a role away; an administrator cannot remove their own last way into the administration."""
    _require(actor, Action.ADMINISTER, assignment.unit)
    if (
        actor is not None
        and assignment.user_id == actor.pk
        and assignment.role == Role.ADMIN
        and not actor.is_superuser
        and not RoleAssignment.objects.filter(user=actor, role=Role.ADMIN).exclude(pk=assignment.pk).exists()
    ):
        raise ValidationError(_("You cannot remove your own last administrator role."))
    with audit.acting_as(actor):
        assignment.delete()
    policy.forget(assignment.user)


# Single sign-on: the identity provider's groups mapped to roles -------------------------------------------------


@dataclass(frozen=True)
class SsoRoleChanges:
    """What one sign-in changed in the user's roles: (unit code, role, group) added and removed."""

    added: list[tuple[str, str, str]] = field(default_factory=list)
    removed: list[tuple[str, str, str]] = field(default_factory=list)


@transaction.atomic
def sso_roles_sync(*, user: User, groups: Collection[str]) -> SsoRoleChanges:
    """Make the user's single sign-on role assignments exactly those their groups map to (GroupRoleMapping).

    Run at every sign-in through the identity provider: a mapped role the user lacks is added (marked as from
    single sign-on, naming the group), one from an earlier sign-in whose group is gone or no longer mapped is
    removed. Roles given in DigiPUFF stay as they are, and a mapped role the user already holds from there is not
    added twice. Every change is in the audit history, made by the system and naming the group.
    """
    wanted: dict[tuple[int, str], str] = {}
    for mapping in GroupRoleMapping.objects.filter(group__in=set(groups)).order_by("group", "pk"):
        wanted.setdefault((mapping.unit_id, mapping.role), mapping.group)
    changes = SsoRoleChanges()
    held = {
        (assignment.unit_id, assignment.role): assignment
        for assignment in RoleAssignment.objects.select_for_update(of=("self",))
        .filter(user=user)
        .select_related("unit")
    }
    with audit.acting_as(None):
        for key, assignment in held.items():
            if assignment.source != RoleSource.SSO:
                continue
            group = wanted.get(key)
            if group is None:
                changes.removed.append((assignment.unit.code, assignment.role, assignment.sso_group))
                assignment.delete()
            elif group != assignment.sso_group:
                assignment.sso_group = group
                assignment.save(update_fields=["sso_group"])
        units = OrgUnit.objects.in_bulk({unit_id for unit_id, _role in wanted})
        for (unit_id, role), group in sorted(wanted.items(), key=lambda item: (units[item[0][0]].path, item[0][1])):
            if (unit_id, role) in held:
                continue
            # get_or_create: a second sign-in of the same person at the same moment may have added it already.
            _assignment, created = RoleAssignment.objects.get_or_create(
                user=user, unit=units[unit_id], role=role, defaults={"source": RoleSource.SSO, "sso_group": group}
            )
            if created:
                changes.added.append((units[unit_id].code, role, group))
    policy.forget(user)
    return changes


def _mapping_clean(mapping: GroupRoleMapping) -> None:
    mapping.group = mapping.group.strip()
    if mapping.role not in Role.values:
        raise ValidationError({"role": _("Unknown role {role}.").format(role=mapping.role)})
    duplicate = GroupRoleMapping.objects.filter(group=mapping.group, unit=mapping.unit_id, role=mapping.role)
    if duplicate.exclude(pk=mapping.pk).exists():
        raise ValidationError(_("The group {group} already gives this role on this unit.").format(group=mapping.group))
    mapping.full_clean(validate_constraints=False)


@transaction.atomic
def group_role_mapping_create(*, actor: User | None, group: str, unit: OrgUnit, role: str) -> GroupRoleMapping:
    """Map an identity provider group to a role on a unit (the municipality's administrators); it takes effect at
    each member's next sign-in."""
    _require_root_admin(actor)
    mapping = GroupRoleMapping(group=group, unit=unit, role=role, updated_by=actor)
    _mapping_clean(mapping)
    with audit.acting_as(actor):
        save_new_or_conflict(mapping, keys={"group": mapping.group, "unit": mapping.unit, "role": mapping.role})
    return mapping


@transaction.atomic
def group_role_mapping_update(
    *, actor: User | None, mapping: GroupRoleMapping, expected_version: int | None, group: str, unit: OrgUnit, role: str
) -> GroupRoleMapping:
    """Change a mapping; a save based on an older version is refused."""
    _require_root_admin(actor)
    check_version(mapping, expected_version=expected_version, actor=actor)
    mapping.group, mapping.unit, mapping.role = group, unit, role
    _mapping_clean(mapping)
    with audit.acting_as(actor):
        mapping.save()
    return mapping


@transaction.atomic
def group_role_mapping_delete(*, actor: User | None, mapping: GroupRoleMapping, expected_version: int | None) -> None:
    """Remove a mapping: the roles it gave go at each member's next sign-in."""
    _require_root_admin(actor)
    check_version(mapping, expected_version=expected_version, actor=actor)
    with audit.acting_as(actor):
        mapping.delete()


# Carrying a year forward -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RolloverStepOutcome:
    """What one app's step did (or, in a dry run, would do)."""

    name: str
    label: str
    result: RolloverResult

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.result.created),
            "skipped": len(self.result.skipped),
            "unmatched": len(self.result.unmatched),
        }


@dataclass(frozen=True)
class YearCarryForward:
    """The outcome of carrying a committee's year forward: one entry per step that ran, in the steps' order."""

    from_year: int
    to_year: int
    dry_run: bool
    steps: list[RolloverStepOutcome] = field(default_factory=list)

    @property
    def created(self) -> list[str]:
        return [line for step in self.steps for line in step.result.created]

    @property
    def skipped(self) -> list[str]:
        return [line for step in self.steps for line in step.result.skipped]

    @property
    def unmatched(self) -> list[str]:
        return [line for step in self.steps for line in step.result.unmatched]


def year_carry_forward(
    *,
    actor: User | None,
    committee: OrgUnit,
    from_year: int,
    to_year: int,
    chosen: Mapping[str, Collection[int]] | None = None,
    only: Collection[str] | None = None,
    dry_run: bool = False,
) -> YearCarryForward:
    """Carry a committee's plan of `from_year` into `to_year`: every app's registered rollover step, in one
    transaction, so that a failure in any step leaves nothing from the others.

    `chosen` maps step names to the ids of the items to carry (a step not named carries nothing); without it every
    item of the steps named in `only` (all steps when None) is carried. Items carried before are left alone, so
    running it again copies nothing twice. A dry run does everything and then rolls it back, to show what would be
    copied. Setting up next year's plan is the committee administrator's work (ADMINISTER on the committee).
    """
    _require(actor, Action.ADMINISTER, committee)
    if committee.kind != OrgUnitKind.COMMITTEE:
        raise ValidationError(_("{name} is not a committee; plans are made per committee.").format(name=committee.name))
    if to_year <= from_year:
        raise ValidationError(_("A plan is carried forward to a later year."))
    steps = list(rollover_steps)
    known = {step.name for step in steps}
    asked = set(only or ()) | set(chosen or ())
    unknown = asked - known
    if unknown:
        raise ValidationError(
            _("Unknown parts to carry forward: {unknown}. Choose from {known}.").format(
                unknown=", ".join(sorted(unknown)), known=", ".join(sorted(known))
            )
        )
    if only is not None:
        steps = [step for step in steps if step.name in only]
    outcome = YearCarryForward(from_year=from_year, to_year=to_year, dry_run=dry_run)
    with transaction.atomic(), audit.acting_as(actor):
        for step in steps:
            ids: Collection[int] | None = None
            if chosen is not None:
                ids = chosen.get(step.name, ())
                if not ids:
                    continue
            result = step.run(actor=actor, committee=committee, from_year=from_year, to_year=to_year, chosen=ids)
            outcome.steps.append(RolloverStepOutcome(name=step.name, label=str(step.label), result=result))
        if dry_run:
            transaction.set_rollback(True)
    return outcome


# Creating a year from another ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCreation:
    """What creating a year did (or, in a dry run, would do): how many of each kind, in the order they were made
    (labels in the user's language), and the links that found no match in the new year."""

    year: int
    from_year: int
    dry_run: bool
    counts: list[tuple[str, int]]
    unmatched: list[str]

    @property
    def total(self) -> int:
        return sum(number for _label, number in self.counts)


def _shifted(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year that has none
        return day.replace(year=day.year + years, day=28)


def year_create_problems(*, year: int, from_year: int, force: bool = False) -> list[str]:
    """Why `year` cannot be created from `from_year`, each reason a sentence for the user (empty: it can)."""
    problems = []
    if not 1990 <= year <= 2100:
        problems.append(_("The year must be between 1990 and 2100."))
    if PlanningYear.objects.filter(year=year).exists():
        problems.append(_("The year {year} already exists.").format(year=year))
    if not PlanningYear.objects.filter(year=from_year).exists():
        problems.append(_("There is no year {year} to start from.").format(year=from_year))
    elif year != from_year + 1 and not force:
        problems.append(
            _("A year is created from the year before it: {year} is not {from_year} + 1.").format(
                year=year, from_year=from_year
            )
        )
    if not problems:
        for setup in year_setup_steps:
            if setup.present(year):
                problems.append(
                    _("The year {year} already has {part}; nothing is copied over it.").format(
                        year=year, part=str(setup.label).lower()
                    )
                )
    return problems


def year_create(
    *, actor: User | None, year: int, from_year: int, dry_run: bool = False, force: bool = False
) -> YearCreation:
    """Create the planning year `year` from `from_year`, all in one transaction: its report occasions (dates and
    deadlines moved to the new year), every app's set-up (`core.rollover.year_setup_steps`: goal levels and goals
    with the committees' texts, measures' goals and targets to be revised, report templates, the economy's set-up)
    and then each committee's plan carried forward (`rollover_steps`: activities, risks, controls).

    Setting up a year is the municipality's administrators' work (ADMINISTER on the top of the org tree). A year
    that exists, a missing `from_year`, or a year that is not the next one (unless `force`) is refused with the
    reason. A dry run does everything and rolls it back, to show what would be created.
    """
    _require_root_admin(actor)
    counts: dict[str, int] = {}
    unmatched: list[str] = []
    with transaction.atomic(), audit.acting_as(actor):
        # Two administrators creating the same year: the second waits here and is then refused as "exists".
        source = PlanningYear.objects.select_for_update().filter(year=from_year).first()
        problems = year_create_problems(year=year, from_year=from_year, force=force)
        if problems or source is None:
            raise ValidationError(problems)
        planning_year = PlanningYear(year=year, is_open=True, updated_by=actor)
        planning_year.full_clean()
        planning_year.save()
        shift = year - from_year
        for occasion in source.occasions.order_by("period_end", "pk"):
            period_end = _shifted(occasion.period_end, shift)
            assert period_end is not None
            copy = ReportOccasion(
                year=planning_year,
                kind=occasion.kind,
                name=occasion.name.replace(str(from_year), str(year)),
                period_end=period_end,
                deadline=_shifted(occasion.deadline, shift),
                updated_by=actor,
            )
            copy.full_clean()
            copy.save()
            counts[_("Report occasions")] = counts.get(_("Report occasions"), 0) + 1
        for setup in year_setup_steps:
            result = setup.run(actor=actor, from_year=from_year, to_year=year)
            for label, number in result.counts.items():
                counts[label] = counts.get(label, 0) + number
            unmatched += result.unmatched
        committees = OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE).order_by("path") if year > from_year else []
        for committee in committees:
            if not (committee.is_active_in(from_year) and committee.is_active_in(year)):
                continue
            carried = year_carry_forward(actor=actor, committee=committee, from_year=from_year, to_year=year)
            for step in carried.steps:
                if step.result.created:
                    counts[str(step.label)] = counts.get(str(step.label), 0) + len(step.result.created)
                unmatched += [f"{committee.code}: {line}" for line in step.result.unmatched]
        if dry_run:
            transaction.set_rollback(True)
    return YearCreation(
        year=year, from_year=from_year, dry_run=dry_run, counts=list(counts.items()), unmatched=unmatched
    )


# A year's report occasions -----------------------------------------------------------------------------------------


def _occasion_clean(occasion: ReportOccasion) -> None:
    year = occasion.year.year
    if occasion.period_end is not None and occasion.period_end.year != year:
        raise ValidationError({"period_end": _("The period ends within the year {year}.").format(year=year)})
    if occasion.deadline is not None and occasion.period_end is not None and occasion.deadline < occasion.period_end:
        raise ValidationError({"deadline": _("The deadline cannot be before the period ends.")})
    occasion.full_clean()


@transaction.atomic
def report_occasion_create(
    *,
    actor: User | None,
    year: PlanningYear,
    kind: str,
    name: str,
    period_end: date,
    deadline: date | None = None,
) -> ReportOccasion:
    """Add a report occasion to a year (the municipality's administrators)."""
    _require_root_admin(actor)
    occasion = ReportOccasion(
        year=year, kind=kind, name=name, period_end=period_end, deadline=deadline, updated_by=actor
    )
    _occasion_clean(occasion)
    with audit.acting_as(actor):
        occasion.save()
    return occasion


@transaction.atomic
def report_occasion_update(
    *,
    actor: User | None,
    occasion: ReportOccasion,
    expected_version: int | None,
    kind: str,
    name: str,
    period_end: date,
    deadline: date | None,
) -> ReportOccasion:
    """Change an occasion's name, kind, period end or deadline; a save based on an older version is refused."""
    _require_root_admin(actor)
    check_version(occasion, expected_version=expected_version, actor=actor)
    occasion.kind, occasion.name, occasion.period_end, occasion.deadline = kind, name, period_end, deadline
    _occasion_clean(occasion)
    with audit.acting_as(actor):
        occasion.save()
    return occasion


@transaction.atomic
def report_occasion_delete(*, actor: User | None, occasion: ReportOccasion, expected_version: int | None) -> None:
    """Remove an occasion nothing has been written for yet; one with reports, follow-ups, assessments or forecasts
    is refused with the reason, and nothing is removed."""
    _require_root_admin(actor)
    check_version(occasion, expected_version=expected_version, actor=actor)
    try:
        with transaction.atomic(), audit.acting_as(actor):
            occasion.delete()
    except ProtectedError as exc:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ValidationError(
            _("{name} cannot be removed: {kinds} have been written for it.").format(
                name=occasion.name, kinds=", ".join(kinds)
            )
        ) from exc
