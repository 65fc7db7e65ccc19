"""Activities' part of carrying a year forward: activities (with their commitments), linked to next year's goals."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.activities import selectors, services
from digipuff.core.rollover import RolloverResult, RolloverStep, rollover_steps


def carry(
    *, actor: Any, committee: Any, from_year: int, to_year: int, chosen: Collection[int] | None
) -> RolloverResult:
    return services.carry_forward(
        actor=actor,
        committee=committee,
        from_year=from_year,
        to_year=to_year,
        activity_ids=None if chosen is None else list(chosen),
    )


def choices(*, committee: Any, year: int) -> list[tuple[int, str]]:
    return [(a.pk, _("Activity: {title}").format(title=a.title)) for a in selectors.activities_for(committee, year)]


rollover_steps.register(
    RolloverStep(
        name="activities",
        label=gettext_lazy("Activities with their commitments"),
        order=10,
        run=carry,
        choices=choices,
    )
)
