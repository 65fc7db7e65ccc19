"""Indicators' part of creating a year from another: measures follow their goals into the new year, and the
targets (etappmål) are copied, marked to be revised.

A measure is one definition over the years (its values are kept per year, so trends and r12 run across the turn of
the year); what belongs to a year is which of that year's goals it shows and its target for the year.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.rollover import YearSetupResult, YearSetupStep, year_setup_steps
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators.models import Measure, Target


def copy_measures(*, actor: Any, from_year: int, to_year: int) -> YearSetupResult:
    """Link every measure of `from_year`'s goals to the same goals of `to_year` (found through the goals'
    `carried_from`), and copy `from_year`'s targets to `to_year` marked to be revised. A target the new year already
    has is kept as it is."""
    result = YearSetupResult()
    new_goals = {
        (cg.committee_id, cg.goal.carried_from_id): cg
        for cg in CommitteeGoal.objects.filter(goal__year=to_year, goal__carried_from__isnull=False).select_related(
            "goal"
        )
    }
    links = Measure.goals.through.objects.filter(committeegoal__goal__year=from_year).select_related(
        "measure", "committeegoal__goal"
    )
    linked: set[int] = set()
    for link in links.order_by("measure__sort_order", "measure__name", "pk"):
        old = link.committeegoal
        new = new_goals.get((old.committee_id, old.goal_id))
        if new is None:
            result.unmatched.append(
                _("Measure: {name} (its goal {goal} was not copied)").format(name=link.measure.name, goal=old.goal)
            )
            continue
        link.measure.goals.add(new)
        linked.add(link.measure_id)
    if linked:
        result.add(_("Measures linked to the year's goals"), len(linked))
    existing = set(Target.objects.filter(year=to_year).values_list("measure_id", flat=True))
    for target in Target.objects.filter(year=from_year).order_by("measure_id"):
        if target.measure_id in existing:
            continue
        copy = Target(
            measure_id=target.measure_id,
            year=to_year,
            kind=target.kind,
            comparator=target.comparator,
            value=target.value,
            qualitative=target.qualitative,
            reference=target.reference,
            note=target.note,
            to_revise=True,
            updated_by=actor,
        )
        copy.full_clean()
        copy.save()
        result.add(_("Targets (to be revised)"))
    return result


def _never(year: int) -> bool:
    return False  # targets set for the new year before it was created are kept, not refused


year_setup_steps.register(
    YearSetupStep(
        name="measures",
        label=gettext_lazy("Measures and their targets"),
        order=20,
        run=copy_measures,
        present=_never,
    )
)
