"""The organisation's part of a committee-year backup: the municipality, the committee's place in the org tree and
its units, the planning year with its report occasions, and the roles held in the committee (core.backup)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from digipuff.core.backup import BackupError, BackupPart, Importer, Scope, backup_parts
from digipuff.organisation.models import Municipality, OrgUnit, PlanningYear, ReportOccasion, RoleAssignment


def _units(scope: Scope) -> QuerySet[OrgUnit]:
    committee = scope.committee
    return OrgUnit.objects.filter(Q(path__startswith=committee.path) | Q(pk__in=committee.ancestor_ids()))


def _municipality(scope: Scope) -> QuerySet[Municipality]:
    current = Municipality.current()
    return Municipality.objects.filter(pk=current.pk) if current is not None else Municipality.objects.none()


def _same_municipality(fields: dict[str, Any], importer: Importer) -> None:
    # One installation serves one municipality: a committee-year of another one is refused, not mixed in.
    current = Municipality.current()
    if current is not None and current.kolada_id != fields.get("kolada_id"):
        raise BackupError(
            _("The backup is of {name} ({code}), but this installation serves {current} ({current_code}).").format(
                name=fields.get("name"),
                code=fields.get("kolada_id"),
                current=current.name,
                current_code=current.kolada_id,
            )
        )


def _unit_path(unit: OrgUnit, importer: Importer) -> None:
    # The path is made of this installation's ids, so it is computed again (the parent was created first).
    parent_path = unit.parent.path if unit.parent is not None else "/"
    unit.path = f"{parent_path}{unit.pk:08d}/"
    unit.depth = unit.path.count("/") - 2
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)


def _no_path(fields: dict[str, Any], importer: Importer) -> None:
    fields["path"], fields["depth"] = "", 0


for part in (
    BackupPart(
        model="organisation.municipality",
        collect=_municipality,
        natural_key=("kolada_id",),
        load=_same_municipality,
    ),
    BackupPart(
        model="organisation.orgunit",
        collect=_units,
        natural_key=("code",),
        exclude=("path", "depth"),
        load=_no_path,
        after_save=_unit_path,
    ),
    BackupPart(
        model="organisation.planningyear",
        collect=lambda scope: PlanningYear.objects.filter(year=scope.year),
        natural_key=("year",),
    ),
    BackupPart(
        model="organisation.reportoccasion",
        collect=lambda scope: ReportOccasion.objects.filter(year__year=scope.year),
        natural_key=("year", "name"),
    ),
    BackupPart(
        model="organisation.roleassignment",
        collect=lambda scope: RoleAssignment.objects.filter(unit__path__startswith=scope.committee.path),
        natural_key=("user", "unit", "role"),
    ),
):
    backup_parts.register(part)
