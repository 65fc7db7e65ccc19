"""Demo data from the seed documents: Socialnämnden's internal control plan 2019 (the four prioritised risks with
their levels and actions, the audit of placements in jourhem and familjehem, the systematic control of equality
activities, the follow-up of family counselling providers) with the follow-up of Delår 1 2019, and Vård- och
omsorgsnämnden's plan for uppföljning och insyn and its competition testing 2020.

The VP gives each risk's level (risknivå 12, 12, 12 and 9), not its two factors; the demo records 12 as
probability 3 × consequence 4 and 9 as 3 × 3.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.followup.demo_support import follow, goal, occasion, unit
from digipuff.internal_control import services
from digipuff.internal_control.choices import ProviderFollowUpKind
from digipuff.internal_control.models import CompetitionTest, Control, ProviderFollowUp, ReviewAction, Risk, RiskAction

GVO = "Fler upplever god vård och omsorg"
RISKS: list[dict[str, Any]] = [
    {
        "title": "Risk att individer inom socialförvaltningens målgrupper inte får ändamålsenliga insatser på grund av "
        "att verksamheten inte kan möta det behov av stöd och service som finns utifrån brist på lokaler.",
        "goal": GVO,
        "probability": 3,
        "consequence": 4,
        "owner": "SOF",
        "background": "Brist på lokalytor för verksamheter resulterar bland annat i försenade stödinsatser. Detta kan "
        "exempelvis handla om att barn och unga i behov av stödgrupper får avvakta med att komma igång, samt långa "
        "väntetider för kontakt på ungdomsmottagningen.\n\nRisken har även en direkt påverkan på arbetsmiljön, och kan "
        "även påverka budgethållningen negativt.",
        "actions": [
            (
                "Långsiktigt planeringsarbete rörande behov av lokaler ur ett flerårigt perspektiv.",
                "Lokalstrateger i samarbete med förvaltningens verksamhetschefer samt stabschefer",
                "SOF",
                "blir-klart",
                "Arbetet löper enligt plan. Tillgång till ny lokal som möjliggör bättre ytor för "
                "verksamhet riktad till "
                "barn och unga.",
            ),
        ],
    },
    {
        "title": "Risk att barn och unga med omfattande vårdbehov inte får den insats de har behov av.",
        "goal": GVO,
        "probability": 3,
        "consequence": 4,
        "owner": "SN-VB",
        "background": "Bristande samordning gör att relevanta aktörer ej deltar och "
        "tidiga/förebyggande insatser ej kan "
        "genomföras. Då det inte finns relevanta alternativ av utförare, medför detta placeringar som inte är "
        "skräddarsydda utifrån befintligt behov, många gånger till en utökad kostnad.\n\nRisken påverkar även "
        "målområdet Sund ekonomi.",
        "actions": [
            (
                "Samordning genom SIP (samordnad individuell plan)",
                "Individ och familjeomsorgen",
                "SN-VB",
                "blir-klart",
                "Arbetet löper enligt plan.",
            ),
            (
                "Hitta alternativa lösningar för att möta komplexa vårdbehov.",
                "Individ och familjeomsorgen",
                "SN-VB",
                "blir-klart",
                "Arbetet löper enligt plan.",
            ),
            (
                "Fortsatt dialog med Vårljus.",
                "Individ och familjeomsorgen",
                "SN-VB",
                "ej-klart",
                "Ej aktuellt då Vårljus avvecklats under första halvan av 2019.",
            ),
        ],
    },
    {
        "title": "Risk att förvaltningen halkar efter i automatiserings- och digitaliseringsutvecklingen.",
        "goal": "Systematiskt planera, följa upp och förbättra",
        "probability": 3,
        "consequence": 4,
        "owner": "SOF",
        "background": "Ett ökat krav på digitalisering, välfärdsteknologi och utveckling av våra befintliga system "
        "kräver förändrade arbetssätt för att anpassa oss såväl för den digitala arbetsplatsen, som digitala lösningar "
        "för den enskilde.\n\nRisken har även påverkan på målområdet Sund ekonomi.",
        "actions": [
            (
                "Gemensam strategi och handlingsplan med prioriteringar",
                "Förvaltningsledning",
                "SOF",
                "blir-klart",
                "Förvaltningsledningen har påbörjat arbetet med att ta fram prioriteringar för de större "
                "digitaliseringssatsningarna 2019-2020. Förvaltningens strategi för "
                "digitalisering kommer att beslutas av "
                "förvaltningsledningen under maj 2019. Förvaltningen har flera införanden av digitala lösningar och "
                "välfärdsteknik planerade under året.\n\nFör att kunna genomföra "
                "digitaliseringsinsatser i en snabbare takt "
                "och inom fler områden har förvaltningen genomfört en analys av vilka resurser det är som behöver "
                "förstärkas.",
            ),
        ],
    },
    {
        "title": "Risk för att socialtjänst uppdelat på flera nämnder kan få negativ "
        "påverkan på helhetsperspektivet av "
        "den enskildes behov av stöd",
        "goal": GVO,
        "probability": 3,
        "consequence": 3,
        "owner": "SOF",
        "background": "Socialtjänstens insatser till den enskilde ska tillhandahållas i ett helhetsperspektiv även när "
        "den enskilde har behov av stöd från flera nämnder. Eftersom det råder sekretess i individärenden mellan "
        "nämnder är det en förutsättning, förutom vid vissa undantag, att den enskilde också samtycker till att "
        "nämnderna samverkar kring stödinsatser.",
        "actions": [
            (
                "Samverkan med övriga nämnder som har socialtjänst.",
                "Förvaltningsledning",
                "SOF",
                "blir-klart",
                "Arbetet med att sätta nya gemensamma samarbetsformer mellan de två förvaltningarna pågår.",
            ),
        ],
    },
]

PROVIDERS_VON = [
    ("Särskilt boende LSS egenregi 23 enheter", ProviderFollowUpKind.OPERATION, "Hösten 2020", "Tre år"),
    (
        "Daglig verksamhet LSS egen regi 7 enheter",
        ProviderFollowUpKind.OPERATION,
        "November 2019–februari 2020",
        "Tre år",
    ),
    ("Daglig verksamhet LSS extern regi 6 utförare", ProviderFollowUpKind.AGREEMENT, "Mars 2020–juni 2020", "Tre år"),
    ("HSL-uppföljning äldreomsorg", ProviderFollowUpKind.OPERATION, "2020", "Årligen"),
    ("HSL-uppföljning funktionshinderområdet och socialpsykiatri", ProviderFollowUpKind.OPERATION, "2020", "Årligen"),
]


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    """Create the seed documents' internal control plans with their Delår 1 follow-up (idempotent)."""
    sn, von = unit("SN"), unit("VON")
    delar1 = occasion(2019, "Delår 1 2019")
    for order, spec in enumerate(RISKS):
        risk = Risk.objects.filter(committee=sn, year=2019, title=spec["title"]).first()
        if risk is None:
            risk = services.risk_create(
                actor=None,
                committee=sn,
                year=2019,
                title=spec["title"],
                background=spec["background"],
                goal=goal(sn, 2019, spec["goal"]),
                probability=spec["probability"],
                consequence=spec["consequence"],
                owner_unit=unit(spec["owner"]),
                sort_order=order,
            )
        for number, (title, responsible, owner, status, comment) in enumerate(spec["actions"]):
            action = RiskAction.objects.filter(risk=risk, title=title).first()
            if action is None:
                action = services.risk_action_create(
                    actor=None,
                    risk=risk,
                    title=title,
                    responsible=responsible,
                    owner_unit=unit(owner),
                    sort_order=number,
                )
            follow(action, delar1, status, comment)

    review = ReviewAction.objects.filter(committee=sn, year=2019, title="Se över rutiner för hemtagning").first()
    if review is None:
        review = services.review_action_create(
            actor=None,
            committee=sn,
            year=2019,
            review="Granskning av placering av barn och unga i jourhem och familjehem",
            reviewer="KPMG på uppdrag av kommunens revisorer",
            case_number="SN-2018/325.109",
            recommendation="Införa åtgärder i syfte att jourhemsplaceringar endast ska omfatta sex månader (tillfällig "
            "vård och fostran). Utreda orsaken till att Huddinge har förhållandevis höga kostnader för placeringar.",
            background="Syftet med granskningen har varit att bedöma om socialnämnden har en tillfredställande "
            "styrning, uppföljning och kontroll av den vård som genomförs för barn och ungdomar vid jourhem och "
            "familjehem. KPMG rekommenderar socialnämnden att systematiskt följa upp samt vidta åtgärder för att "
            "undvika långa placeringar samt utreda kostnader och utveckla användandet av nyckeltal för placeringar.",
            title="Se över rutiner för hemtagning",
            description="Verksamheten har påbörjat ett arbete med att se över sina rutiner för hemtagning i syfte att "
            "bedöma om samtliga delar av vårdplanen behöver vara uppfyllda innan placeringen avslutas. Verksamheten "
            "kommer utveckla nyckeltal för att mer systematiskt följa genomsnittlig placeringstid.",
            owner_unit=unit("SN-VB"),
            responsible="Sektionschef barn och ungdom",
        )
    follow(
        review,
        delar1,
        "blir-klart",
        "Arbetet pågår enligt plan. Verksamheten har bedrivit ett arbete för att hitta alternativ till placeringar "
        "utanför hemmet samt korta ned placeringstiden vid faktiska placeringar med följd att antalet snittdygn för "
        "placerade i jourhem har minskat.",
    )

    control = Control.objects.filter(committee=sn, year=2019, title="Jämlikhetsaktiviteter").first()
    if control is None:
        control = services.control_create(
            actor=None,
            committee=sn,
            year=2019,
            title="Jämlikhetsaktiviteter",
            goal=goal(sn, 2019, "Ökad jämlikhet"),
            what="Samtliga verksamheter och staber ska under året genomföra minst en jämlikhetsaktivitet. Den "
            "förvaltningsövergripande arbetsgruppen för jämlikhet och mångfald har regelbundna möten och följer även "
            "upp att jämlikhetsaktiviteterna genomförs.",
            why="Jämlikhetsarbetet har under tidigare år omfattat olika utvecklingsåtaganden och "
            "är nu en permanent del "
            "av basuppdraget.",
            method="Uppföljning i arbetsgruppen för jämlikhet och mångfald",
            frequency="Årligen, i verksamhetsberättelsen",
            owner_unit=unit("SOF-KVAL"),
            responsible="Kvalitetsenheten",
        )
    follow(
        control,
        delar1,
        "blir-klart",
        "Arbetet med de systematiska kontrollerna pågår enligt plan. Verksamheterna planerar och genomför "
        "jämlikhetsaktiviteter.",
    )

    if not ProviderFollowUp.objects.filter(committee=sn, year=2019, agreement__startswith="Familjerådgivning").exists():
        services.provider_follow_up_create(
            actor=None,
            committee=sn,
            year=2019,
            agreement="Familjerådgivning, fyra enheter i extern regi, en enhet i kommunal regi",
            area="Familjerådgivning",
            kind=ProviderFollowUpKind.AGREEMENT,
            timing="2019",
            interval="Var tredje år",
            recipient="Socialnämnden, förvaltningsledning, verksamhet, kunder och allmänhet",
            owner_unit=unit("SOF-KVAL"),
            responsible="Förvaltningens kvalitetsenhet",
        )
    for order, (agreement, kind, timing, interval) in enumerate(PROVIDERS_VON):
        if not ProviderFollowUp.objects.filter(committee=von, year=2020, agreement=agreement).exists():
            services.provider_follow_up_create(
                actor=None,
                committee=von,
                year=2020,
                agreement=agreement,
                kind=kind,
                timing=timing,
                interval=interval,
                recipient="Vård- och omsorgsnämnden",
                owner_unit=unit("VOF"),
                responsible="Kvalitetsenheten" + (", MAS" if agreement.startswith("HSL") else ""),
                sort_order=order,
            )
    if not CompetitionTest.objects.filter(committee=von, year=2020).exists():
        services.competition_test_create(
            actor=None,
            committee=von,
            year=2020,
            operation="Särskilt boende för äldre",
            description="I enlighet med de kundval som nämnden beslutat prövar förvaltningen all upphandlad "
            "verksamhet i konkurrens. För 2020 rör arbetet införandet av nytt kundval inom särskilt boende för äldre.",
            form="Kundval enligt LOV",
            timing="2020–2021",
            owner_unit=unit("VOF"),
            responsible="Förvaltningsledningen",
        )
    return []
