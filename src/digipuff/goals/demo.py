"""Demo goal trees from the seeds: Huddinge 2019 (Socialnämnden) and 2020 (Vård- och omsorgsnämnden) with
övergripande mål -> delmål, and 2021 with målområde -> kommunfullmäktigemål -> nämndmål."""

from __future__ import annotations

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.goals import services
from digipuff.goals.choices import Assessment, LevelOwner
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment, GoalLevel
from digipuff.organisation.choices import OccasionKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

# The eight goals of Mål och budget 2019/2020 with the delmål the committees work with (seeds: SN delår 1 2019,
# SN VP 2019, VON VP 2020).
TREE: list[tuple[str, list[str]]] = [
    (
        "Bra att leva och bo",
        [
            "Utbyggd samhällsservice i takt med bostadsbyggandet",
            "Ökad delaktighet",
            "Ökad trivsel och trygghet i Huddinges områden",
            "Ökad jämlikhet",
            "Ökad nöjdhet med bemötandet vid kontakt med kommunen",
            "Ökad valfrihet",
        ],
    ),
    ("Utbildning med hög kvalitet", ["Fler elever når målen i skolan"]),
    ("Fler i jobb", ["Fler i egen försörjning", "Fler och växande företag"]),
    ("God omsorg för individen", ["Fler upplever god hälsa", "Fler upplever god vård och omsorg"]),
    ("Ekosystem i balans", ["Minska klimatpåverkan och luftföroreningar", "Giftfri miljö"]),
    ("Attraktiv arbetsgivare", ["Goda förutsättningar", "Aktivt medarbetarskap", "Aktivt ledarskap"]),
    ("Sund ekonomi", ["Budgethållning", "Långsiktig balans"]),
    (
        "Systematisk kvalitetsutveckling",
        [
            "Ökad processorientering",
            "God användning av digitaliseringens möjligheter",
            "Systematiskt planera, följa upp och förbättra",
        ],
    ),
]

# The committee leaves out what is not its responsibility (VON: "Utbildning med hög kvalitet").
# Vård- och omsorgsnämnden's 2019 goals as far as the demo follows them (its plan in the seeds is 2020's): enough for
# the council's goals page to show two committees' assessments side by side.
VON_2019 = {"Fler upplever god hälsa", "Fler upplever god vård och omsorg", "Budgethållning", "Aktivt ledarskap"}

# The committees' assessments at Delår 2 2019 (Uppnås / Uppnås delvis / Uppnås ej), with a short analysis.
ASSESSMENTS_2019: dict[tuple[str, str], tuple[str, str]] = {
    ("SN", "Fler upplever god hälsa"): (
        Assessment.PARTLY,
        "De förebyggande insatserna har ökat, men andelen nöjda brukare inom socialpsykiatrin har minskat.",
    ),
    ("SN", "Fler upplever god vård och omsorg"): (
        Assessment.ACHIEVED,
        "Brukarundersökningarna visar fortsatt hög nöjdhet med stödet.",
    ),
    ("SN", "Fler i egen försörjning"): (
        Assessment.PARTLY,
        "Fler har gått till arbete eller studier, men långtidsberoendet av ekonomiskt bistånd består.",
    ),
    ("SN", "Goda förutsättningar"): (Assessment.ACHIEVED, "Sjukfrånvaron har minskat under perioden."),
    ("SN", "Aktivt ledarskap"): (Assessment.ACHIEVED, "Alla chefer har genomgått ledarutbildningen."),
    ("SN", "Budgethållning"): (
        Assessment.NOT_ACHIEVED,
        "Prognosen visar ett underskott, främst inom vård och behandling och placeringar av barn och unga.",
    ),
    ("SN", "Långsiktig balans"): (Assessment.PARTLY, "Åtgärderna för en budget i balans ger effekt först 2020."),
    ("VON", "Fler upplever god hälsa"): (Assessment.ACHIEVED, "Hälsofrämjande insatser når fler äldre."),
    ("VON", "Fler upplever god vård och omsorg"): (
        Assessment.PARTLY,
        "Nöjdheten inom hemtjänsten har ökat men kontinuiteten är fortsatt låg.",
    ),
    ("VON", "Budgethållning"): (Assessment.PARTLY, "Ett mindre underskott prognostiseras inom myndighet."),
    ("VON", "Aktivt ledarskap"): (Assessment.ACHIEVED, "Ledarforum har genomförts enligt plan."),
}

NOT_TAKEN = {
    ("SN", 2019): {"Fler elever når målen i skolan"},
    ("VON", 2020): {"Fler elever når målen i skolan", "Fler och växande företag", "Ökad delaktighet"},
}

INTERPRETATION = {
    ("SN", 2019, "God omsorg för individen"): (
        "Socialförvaltningen arbetar med de delmål i Mål och budget som är relevanta för verksamheten. "
        "Förvaltningen ansvarar för att svara upp mot styrsignaler och särskilda prioriteringar enligt aktuella "
        "målområden, samt i enlighet med gällande lagar och förordningar. Arbetet ska rymmas inom den budget som "
        "kommunfullmäktige har fastställt. Fokus ligger på att säkerställa resurser till kärnverksamheten och "
        "utvecklingsåtaganden som frigör resurser till denna prioriteras."
    ),
    ("SN", 2019, "Fler upplever god hälsa"): (
        "Delmålet Fler upplever god hälsa syftar till nämndens förebyggande och hälsofrämjande insatser."
    ),
    ("SN", 2019, "Fler upplever god vård och omsorg"): (
        "Delmålet Fler upplever god vård och omsorg riktas till samtliga utförare av nämndens stöd, vård och omsorg."
    ),
    ("VON", 2020, "Fler upplever god vård och omsorg"): (
        "Arbetet med detta delmål fokuserar på stöd och omsorg i biståndsbedömda insatser."
    ),
}

SPECIAL_PRIORITY = {
    ("SN", 2019, "Minska klimatpåverkan och luftföroreningar"): (
        "Användningen av papper och trycksaker ska minskas genom att i större utsträckning nyttja digitala verktyg."
    ),
    ("SN", 2019, "God användning av digitaliseringens möjligheter"): (
        "Digitalisering som bidrar till kostnadseffektivitet och som underlättar för medarbetarna att fokusera på "
        "kärnuppdraget ska prioriteras."
    ),
    ("VON", 2020, "God omsorg för individen"): (
        "För att långsiktigt minska behovet av akuta och mycket kostsamma sociala insatser behöver kommunen "
        "prioritera tidiga, främjande och förebyggande insatser som leder till bättre folkhälsa, integration och att "
        "fler kommer i arbete, gärna i samarbete med civilsamhället och andra samhällsaktörer."
    ),
}

# 2021: målområde -> kommunfullmäktigemål -> nämndmål.
TREE_2021: list[tuple[str, list[tuple[str, list[str]]]]] = [
    (
        "God omsorg för individen",
        [
            (
                "Fler ska uppleva god vård och omsorg",
                ["Brukarna ska uppleva att de får insatser av god kvalitet", "Fler unga vuxna ska nå egen försörjning"],
            )
        ],
    ),
    ("Attraktiv arbetsgivare", [("Huddinge ska ha engagerade medarbetare", ["Sjukfrånvaron ska minska"])]),
]


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    for year in (2019, 2020):
        services.goal_level_set(
            actor=None,
            year=year,
            depth=0,
            name="Övergripande mål",
            name_plural="Övergripande mål",
            owner=LevelOwner.COUNCIL,
        )
        services.goal_level_set(
            actor=None, year=year, depth=1, name="Delmål", name_plural="Delmål", owner=LevelOwner.COUNCIL
        )
        levels = {level.depth: level for level in GoalLevel.objects.filter(year=year)}
        for order, (title, subgoals) in enumerate(TREE):
            top = _goal(levels[0], title, None, order)
            for sub_order, sub_title in enumerate(subgoals):
                _goal(levels[1], sub_title, top, sub_order)
    for code, year in (("SN", 2019), ("VON", 2020), ("SN", 2020)):
        committee = OrgUnit.objects.get(code=code)
        skipped = NOT_TAKEN.get((code, year), set())
        for goal in Goal.objects.filter(year=year, level__depth=1).select_related("parent"):
            if goal.title not in skipped:
                services.committee_goal_adopt(actor=None, committee=committee, goal=goal)
        for committee_goal in CommitteeGoal.objects.filter(committee=committee, goal__year=year).select_related("goal"):
            key = (code, year, committee_goal.goal.title)
            interpretation, priority = INTERPRETATION.get(key, ""), SPECIAL_PRIORITY.get(key, "")
            if (interpretation or priority) and not (committee_goal.interpretation or committee_goal.special_priority):
                services.committee_goal_texts_set(
                    actor=None,
                    committee_goal=committee_goal,
                    expected_version=None,
                    interpretation=interpretation,
                    special_priority=priority,
                )
    von = OrgUnit.objects.get(code="VON")
    for goal in Goal.objects.filter(year=2019, level__depth=1, title__in=VON_2019):
        if not CommitteeGoal.objects.filter(committee=von, goal=goal).exists():
            services.committee_goal_adopt(actor=None, committee=von, goal=goal)
    _load_assessments_2019()
    _load_2021()
    return []


def _load_assessments_2019() -> None:
    occasion = ReportOccasion.objects.filter(year__year=2019, kind=OccasionKind.INTERIM_2).first()
    if occasion is None:
        return
    goals = CommitteeGoal.objects.filter(goal__year=2019).select_related("committee", "goal")
    for committee_goal in goals:
        spec = ASSESSMENTS_2019.get((committee_goal.committee.code, committee_goal.goal.title))
        if spec is None or GoalAssessment.objects.filter(committee_goal=committee_goal, occasion=occasion).exists():
            continue
        assessment, analysis = spec
        services.goal_assessment_set(
            actor=None,
            committee_goal=committee_goal,
            occasion=occasion,
            expected_version=None,
            assessment=assessment,
            analysis=analysis,
            reason="Bedömningen bygger på verksamhetens uppföljning under perioden.",
        )


def _load_2021() -> None:
    services.goal_level_set(
        actor=None, year=2021, depth=0, name="Målområde", name_plural="Målområden", owner=LevelOwner.COUNCIL
    )
    services.goal_level_set(
        actor=None,
        year=2021,
        depth=1,
        name="Kommunfullmäktigemål",
        name_plural="Kommunfullmäktigemål",
        owner=LevelOwner.COUNCIL,
    )
    services.goal_level_set(
        actor=None, year=2021, depth=2, name="Nämndmål", name_plural="Nämndmål", owner=LevelOwner.COMMITTEE
    )
    levels = {level.depth: level for level in GoalLevel.objects.filter(year=2021)}
    committee = OrgUnit.objects.get(code="SN")
    for order, (area, council_goals) in enumerate(TREE_2021):
        top = _goal(levels[0], area, None, order)
        for council_order, (council_goal, committee_goals) in enumerate(council_goals):
            middle = _goal(levels[1], council_goal, top, council_order)
            for own_order, title in enumerate(committee_goals):
                _goal(levels[2], title, middle, own_order, committee=committee)


def _goal(level: GoalLevel, title: str, parent: Goal | None, order: int, committee: OrgUnit | None = None) -> Goal:
    existing = Goal.objects.filter(year=level.year, level=level, title=title).first()
    if existing is not None:
        return existing
    return services.goal_create(
        actor=None, level=level, title=title, parent=parent, committee=committee, sort_order=order
    )
