"""The goals' panels of the start page: goal fulfilment per committee and the measures off target (politicians and
readers), and the council's goals page with the committees' assessments rolled up."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels
from digipuff.core.formatting import format_percent
from digipuff.goals.choices import Assessment
from digipuff.goals.models import CommitteeGoal, GoalAssessment, GoalLevel
from digipuff.indicators.models import Measure
from digipuff.indicators.selectors import measure_summaries
from digipuff.organisation.models import OrgUnit
from digipuff.organisation.selectors import default_occasion, municipality_root, occasion_list


def _thread_url(committee: OrgUnit, year: int, occasion_pk: int | None) -> str:
    url = reverse("goals:thread", kwargs={"code": committee.code, "year": year})
    return f"{url}?occasion={occasion_pk}" if occasion_pk else url


def goal_fulfilment(viewer: Viewer) -> list[Item]:
    """Per committee: the share of its assessed goals that are achieved, partly and not achieved at the latest
    occasion it assessed goals (of the year). The figure links to the committee's goals page at that occasion."""
    committees = viewer.committees(Role.READER)
    occasions = {o.pk: o for o in occasion_list(viewer.year)}
    rows = (
        GoalAssessment.objects.filter(committee_goal__committee__in=committees, occasion_id__in=list(occasions))
        .exclude(assessment=Assessment.NOT_ASSESSED)
        .values_list("committee_goal__committee", "occasion", "assessment")
        .annotate(n=Count("pk"))
    )
    by_committee: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for committee_id, occasion_id, assessment, n in rows:
        by_committee[committee_id][occasion_id][assessment] = n
    items = []
    order = list(occasions)  # in date order
    for committee in committees:
        assessed = by_committee.get(committee.pk)
        if not assessed:
            continue
        occasion_id = max(assessed, key=order.index)
        counts = assessed[occasion_id]
        total = sum(counts.values())
        achieved = counts.get(Assessment.ACHIEVED, 0)
        partly = counts.get(Assessment.PARTLY, 0)
        not_achieved = counts.get(Assessment.NOT_ACHIEVED, 0)
        items.append(
            Item(
                label=committee.name,
                url=_thread_url(committee, viewer.year, occasion_id),
                figure=_("{share} achieved").format(share=format_percent(100 * achieved / total, 0)),
                detail=_(
                    "{occasion}: achieved {achieved}, partly {partly}, not achieved {not_achieved} of {total} "
                    "assessed goals ({p_a}, {p_p}, {p_n})"
                ).format(
                    occasion=occasions[occasion_id].name,
                    achieved=achieved,
                    partly=partly,
                    not_achieved=not_achieved,
                    total=total,
                    p_a=format_percent(100 * achieved / total, 0),
                    p_p=format_percent(100 * partly / total, 0),
                    p_n=format_percent(100 * not_achieved / total, 0),
                ),
            )
        )
    root = municipality_root()
    if root is not None and policy.allows(viewer.user, Action.VIEW, root):
        items.append(
            Item(
                label=_("The council's goals with every committee's assessment"),
                url=reverse("goals:thread", kwargs={"code": root.code, "year": viewer.year}),
            )
        )
    return items


def measures_off_target(viewer: Viewer) -> list[Item]:
    """Per committee: how many of the measures of its goals miss their target as of the current occasion."""
    committees = viewer.committees(Role.READER)
    occasion = default_occasion(occasion_list(viewer.year))
    if not committees or occasion is None:
        return []
    measures = list(
        policy.restrict(
            Measure.objects.filter(owner__in=committees, goals__goal__year=viewer.year).distinct(),
            viewer.user,
            Action.VIEW,
        ).select_related("owner", "comparison_group")
    )
    off: dict[int, int] = defaultdict(int)
    judged: dict[int, int] = defaultdict(int)
    for summary in measure_summaries(measures, year=viewer.year, as_of_month=occasion.month):
        if summary.target_met is None:
            continue
        judged[summary.measure.owner_id] += 1
        if not summary.target_met:
            off[summary.measure.owner_id] += 1
    return [
        Item(
            label=committee.name,
            url=_thread_url(committee, viewer.year, occasion.pk),
            count=off[committee.pk],
            detail=_("of {judged} measures with a target, {occasion}").format(
                judged=judged[committee.pk], occasion=occasion.name
            ),
        )
        for committee in committees
        if judged.get(committee.pk)
    ]


dashboard_panels.register(
    Panel(
        name="goals:fulfilment",
        title=gettext_lazy("Goal fulfilment per committee"),
        description=gettext_lazy("Share of the assessed goals achieved at the latest occasion assessed."),
        roles=frozenset({Role.READER}),
        items=goal_fulfilment,
        empty=gettext_lazy("No goal has been assessed this year."),
        order=10,
    )
)
dashboard_panels.register(
    Panel(
        name="goals:off_target",
        title=gettext_lazy("Measures off target"),
        roles=frozenset({Role.READER}),
        items=measures_off_target,
        empty=gettext_lazy("No measure with a target has a value yet."),
        order=20,
    )
)


def goal_setup(viewer: Viewer) -> list[Item]:
    """Per committee administered: how many goals it has taken on for the year, linking to its goal set-up."""
    committees = viewer.committees(Role.ADMIN)
    counts = dict(
        CommitteeGoal.objects.filter(committee__in=committees, goal__year=viewer.year, goal__retired=False)
        .values_list("committee")
        .annotate(n=Count("pk"))
        .values_list("committee", "n")
    )
    levels = GoalLevel.objects.filter(year=viewer.year).count()
    return [
        Item(
            label=committee.name,
            url=reverse("goals:setup", kwargs={"code": committee.code, "year": viewer.year}),
            count=counts.get(committee.pk, 0),
            detail=_("goals taken on · {levels} goal levels this year").format(levels=levels),
        )
        for committee in committees
    ]


dashboard_panels.register(
    Panel(
        name="goals:setup",
        title=gettext_lazy("Set-up: the committees' goals"),
        roles=frozenset({Role.ADMIN}),
        items=goal_setup,
        order=15,
    )
)
