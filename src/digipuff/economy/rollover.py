"""The economy's part of carrying a year forward: the set-up of the year (cost lines with their account ranges,
operation areas with their objects, and the year's settings) is copied into the new year.

Each year owns its copy, so changing the new year's mapping never changes the old year's figures. Budget, actuals,
forecasts and the records per occasion are not carried: they are imported or entered for the new year.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.rollover import RolloverResult, RolloverStep, rollover_steps
from digipuff.economy import services
from digipuff.economy.models import CostLine, OperationArea


def carry_set_up(
    *, actor: Any, committee: Any, from_year: int, to_year: int, chosen: Collection[int] | None
) -> RolloverResult:
    """Copy `from_year`'s set-up into `to_year`; a year that has a set-up already keeps it (reported as skipped)."""
    result = RolloverResult()
    if chosen is not None and not chosen:
        return result
    has_lines = CostLine.objects.filter(committee=committee, year=to_year).exists()
    has_areas = OperationArea.objects.filter(committee=committee, year=to_year).exists()
    if has_lines or has_areas:
        result.skipped.append(_("The economy set-up of {year} (it has its own already)").format(year=to_year))
        return result
    if not CostLine.objects.filter(committee=committee, year=from_year).exists():
        return result
    lines, areas = services.set_up_copy(actor=actor, committee=committee, from_year=from_year, to_year=to_year)
    result.created.append(
        _("Economy set-up {year}: {lines} cost lines with their account ranges, {areas} operation areas").format(
            year=to_year, lines=lines, areas=areas
        )
    )
    return result


def set_up_choices(*, committee: Any, year: int) -> list[tuple[int, str]]:
    """One choice, the whole set-up: its parts belong together (an area without the cost lines maps nothing)."""
    lines = CostLine.objects.filter(committee=committee, year=year).count()
    if not lines:
        return []
    areas = OperationArea.objects.filter(committee=committee, year=year).count()
    return [
        (
            year,
            _("Economy set-up {year}: {lines} cost lines, {areas} operation areas").format(
                year=year, lines=lines, areas=areas
            ),
        )
    ]


rollover_steps.register(
    RolloverStep(
        name="economy",
        label=gettext_lazy("Economy set-up (cost lines, account ranges, operation areas)"),
        order=5,
        run=carry_set_up,
        choices=set_up_choices,
    )
)
