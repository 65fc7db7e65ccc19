"""The goal tree the goals demo creates (övergripande mål -> delmål, taken on by a committee), made here through
the goals services so that these tests do not depend on the goals demo."""

from __future__ import annotations

from digipuff.goals import services as goal_services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import CommitteeGoal
from digipuff.organisation.models import OrgUnit

TREE = {
    "Bra att leva och bo": [
        "Utbyggd samhällsservice i takt med bostadsbyggandet",
        "Ökad delaktighet",
        "Ökad trivsel och trygghet i Huddinges områden",
        "Ökad jämlikhet",
        "Ökad nöjdhet med bemötandet vid kontakt med kommunen",
        "Ökad valfrihet",
    ],
    "Fler i jobb": ["Fler i egen försörjning", "Fler och växande företag"],
    "God omsorg för individen": ["Fler upplever god hälsa", "Fler upplever god vård och omsorg"],
    "Ekosystem i balans": ["Minska klimatpåverkan och luftföroreningar", "Giftfri miljö"],
    "Attraktiv arbetsgivare": ["Goda förutsättningar", "Aktivt medarbetarskap", "Aktivt ledarskap"],
    "Sund ekonomi": ["Budgethållning", "Långsiktig balans"],
    "Systematisk kvalitetsutveckling": [
        "Ökad processorientering",
        "God användning av digitaliseringens möjligheter",
        "Systematiskt planera, följa upp och förbättra",
    ],
}


def make_goals(committee: OrgUnit, year: int, tree: dict[str, list[str]] | None = None) -> dict[str, CommitteeGoal]:
    """Council goals for `year` (reusing those that exist), each delmål taken on by `committee`; by title."""
    from digipuff.goals.models import Goal

    top = goal_services.goal_level_set(
        actor=None, year=year, depth=0, name="Övergripande mål", owner=LevelOwner.COUNCIL
    )
    sub = goal_services.goal_level_set(actor=None, year=year, depth=1, name="Delmål", owner=LevelOwner.COUNCIL)
    made: dict[str, CommitteeGoal] = {}
    for order, (area, subgoals) in enumerate((tree or TREE).items()):
        parent = Goal.objects.filter(year=year, title=area).first() or goal_services.goal_create(
            actor=None, level=top, title=area, sort_order=order
        )
        for number, title in enumerate(subgoals):
            child = Goal.objects.filter(year=year, title=title).first() or goal_services.goal_create(
                actor=None, level=sub, title=title, parent=parent, sort_order=number
            )
            made[title] = goal_services.committee_goal_adopt(actor=None, committee=committee, goal=child)
    return made
