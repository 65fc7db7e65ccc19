"""Internal control's part of carrying a year forward: risks (with their actions) and systematic controls.

Review actions, provider follow-ups and competition tests are not carried: they answer to a given year's audit
report, agreements and competition plan, and are planned anew.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.rollover import RolloverResult, RolloverStep, rollover_steps
from digipuff.internal_control import services
from digipuff.internal_control.models import Control, Risk


def carry_risks(
    *, actor: Any, committee: Any, from_year: int, to_year: int, chosen: Collection[int] | None
) -> RolloverResult:
    return services.carry_forward(
        actor=actor,
        committee=committee,
        from_year=from_year,
        to_year=to_year,
        risk_ids=None if chosen is None else list(chosen),
        control_ids=[],
    )


def carry_controls(
    *, actor: Any, committee: Any, from_year: int, to_year: int, chosen: Collection[int] | None
) -> RolloverResult:
    return services.carry_forward(
        actor=actor,
        committee=committee,
        from_year=from_year,
        to_year=to_year,
        risk_ids=[],
        control_ids=None if chosen is None else list(chosen),
    )


def risk_choices(*, committee: Any, year: int) -> list[tuple[int, str]]:
    risks = Risk.objects.filter(committee=committee, year=year).order_by("sort_order", "pk")
    return [(r.pk, _("Risk: {title}").format(title=r.title)) for r in risks]


def control_choices(*, committee: Any, year: int) -> list[tuple[int, str]]:
    controls = Control.objects.filter(committee=committee, year=year).order_by("sort_order", "pk")
    return [(c.pk, _("Control: {title}").format(title=c.title)) for c in controls]


rollover_steps.register(
    RolloverStep(
        name="risks",
        label=gettext_lazy("Risks with their actions"),
        order=20,
        run=carry_risks,
        choices=risk_choices,
    )
)
rollover_steps.register(
    RolloverStep(
        name="controls",
        label=gettext_lazy("Systematic controls"),
        order=30,
        run=carry_controls,
        choices=control_choices,
    )
)
