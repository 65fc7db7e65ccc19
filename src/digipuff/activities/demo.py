"""Demo data from the seed documents: Socialnämnden's two development commitments for 2019 and the two
kommunövergripande ones, the activities under them with the status and comment of Delår 1 2019 (seed:
delårsrapport 1 2019; background and description from the VP 2019 in the kallelse of 9 April 2019), and
Vård- och omsorgsnämnden's four commitments for 2020 (seed: verksamhetsplan 2020).

The delårsrapport gives the commitments' statuses; an activity's status is read from its follow-up text
("löper enligt plan" -> Blir klart i år, "något försenat" / fewer places than planned -> Troligen klart i år).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from digipuff.activities import services
from digipuff.activities.models import Activity, Commitment
from digipuff.core.demo import demo_loaders
from digipuff.followup.demo_support import follow, goal, occasion, unit
from digipuff.organisation.models import OrgUnit

LFA = "Långsiktigt och förebyggande arbete"
US = "Utvecklad samverkan"
REHAB = "Aktiv och systematisk rehabilitering samt utökad uppföljning"
LON = "Förstärka lönebildningsprocessen och helt integrera med ekonomistyrningen"


@dataclass(frozen=True)
class DemoCommitment:
    title: str
    owner: str
    year: int
    goals: tuple[str, ...]
    background: str
    description: str
    status: str = ""
    comment: str = ""


COMMITMENTS = [
    DemoCommitment(
        LFA,
        "SN",
        2019,
        ("Fler upplever god hälsa",),
        "I enlighet med kommunfullmäktiges mål att arbeta med förebyggande och långsiktiga insatser, ser "
        "socialförvaltningen att detta arbete är en förutsättning för att komma till rätta med såväl sociala problem "
        "och social utestängning, som att bibehålla en effektiv verksamhet med god kvalitet.",
        "Verksamhet och staber ska se över sin verksamhet och identifiera och beskriva aktiviteter som behöver "
        "genomföras för att utveckla arbetet med kärnuppdraget samt för att utveckla det långsiktiga och "
        "förebyggande arbetet.",
        "troligen-klart",
        "Inom IFO löper arbetet med IPS riktat mot unga vuxna enligt plan.",
    ),
    DemoCommitment(
        US,
        "SN",
        2019,
        ("Fler upplever god vård och omsorg",),
        "Det finns idag, såväl i Sverige som helhet som Huddinge kommun specifikt, utmaningar och brister i samverkan "
        "mellan utförare av de kommunala insatserna. Ett väl fungerande samarbete mellan relevanta verksamheter "
        "skapar i slutändan mervärde för den enskilde kommuninvånaren.",
        "Verksamhet och staber ska se över sin verksamhet och identifiera och beskriva aktiviteter som behöver "
        "genomföras för att utveckla arbetet med kärnuppdraget och för att utveckla samverkan.",
        "blir-klart",
        "Aktiviteten rörande samutredningar pågår enligt plan inom IFO.",
    ),
    DemoCommitment(
        REHAB,
        "KF",
        2019,
        (),
        "Beslut om ett kommungemensamt åtagande har tagits gällande aktiv och systematisk rehabilitering mot "
        "bakgrund av att Huddinge kommun har haft en hög sjukfrånvaro under lång tid.",
        "Det kommunövergripande målet för 2019 är att sjukfrånvaron ska understiga 7 procent. Socialnämndens mål för "
        "2019 blir att bevara de låga sjuktalen på 5,3 procent.",
        "blir-klart",
        "Som ett led att minska sjukfrånvaron arbetar alla verksamheter aktivt med ett förebyggande "
        "rehabiliteringsarbete, kontinuerlig uppföljning av statistik och åtgärder samt analys av dessa. Arbetet sker "
        "med stöd från företagshälsovården och HR-enheten.\n\nHR-enheten har påbörjat ett strukturerat arbete med att "
        "följa upp statistiken kring sjukdomsintervallet 15-90 dagar, där vi noterat en ökning. Tanken är att sätta in "
        "tidiga rehabiliteringsåtgärder för att kunna vända denna trend.\n\nEtt arbete med riktade "
        "rehabiliteringsinsatser och strukturerad uppföljning av medarbetare sjukskrivna över 180 dagar fortsätter. "
        "Uppföljning av sjukfrånvarons utveckling har skett månadsvis.",
    ),
    DemoCommitment(
        LON,
        "KF",
        2019,
        (),
        "Lönerna är den största kostnaden i budgeten. Den lokala lönebildningen ska vara en integrerad process med "
        "budgetarbetet och innebär att förvaltningens ledningsgrupp tar ställning till den tillgängliga ekonomiska "
        "ramen för löneökning.",
        "Förvaltningen implementerar de lokala tillämpningsanvisningar för löneöversynsprocessen som antogs 2018. En "
        "gemensam utbildning för förvaltningsledningsgrupp, HR-enheten och ekonomienheten ska genomföras 2019 via "
        "avrop av SKL:s utbildningar i lokal lönebildning.",
        "blir-klart",
        "Arbetet med detta kommungemensamma åtagande leds av HR- och ekonomienheten centralt på kommunstyrelsens "
        "förvaltning. Förvaltningen har i årets löneöversyn arbetat utifrån de lokala tillämpningsanvisningarna för "
        "löneöversynsprocessen.",
    ),
    DemoCommitment(
        "Organisering av bostadsanpassning",
        "VON",
        2020,
        ("Ökad jämlikhet",),
        "Enligt lagen om bostadsanpassningsbidrag (2018:222) ges personer med funktionshinder möjlighet till bidrag "
        "för anpassning av bostäder. Idag är bostadsanpassningen organiserad under miljö- och bygglovsförvaltningen.",
        "Socialförvaltningen ska, tillsammans med miljö- och bygglovsförvaltningen utreda organiseringen av "
        "bostadsanpassningen utifrån var den förväntas ge största möjliga effektivitet och kundnytta.",
    ),
    DemoCommitment(
        "Utveckla lokalplaneringsprocessen",
        "VON",
        2020,
        ("Ökad valfrihet",),
        "Den politiska viljeinriktningen anger att hälften av alla nya verksamheter ska byggas och drivas av en "
        "fristående aktör.",
        "Utveckla lokalplaneringsprocessen för att öka möjligheten till konkurrensutsättning vid drift av nya lokaler.",
    ),
    DemoCommitment(
        "Förbereda utökat kundval",
        "VON",
        2020,
        ("Fler upplever god vård och omsorg",),
        "För att öka valfriheten i äldreomsorgen ska ett valfrihetssystem enligt LOV införas för särskilt boende när "
        "nuvarande ramavtal med fristående utförare löper ut år 2021.",
        "Införa ökad valfrihet för äldre i behov av särskilt boende genom att införa LOV.",
    ),
    DemoCommitment(
        "Egen regi med ekonomi i balans",
        "VON",
        2020,
        ("Budgethållning",),
        "En egenregi med budget i balans är politiskt särskilt prioriterat för året. Egenregin har ett prognosticerat "
        "resultat för 2019 om -54,7 miljoner kronor.",
        "Verksamhet som bedrivs inom egen regi och inte bär sig ekonomiskt behöver utredas. Finns inte förutsättningar "
        "att komma i balans i närtid, ska en avvecklingsplan tas fram.",
    ),
]


@dataclass(frozen=True)
class DemoActivity:
    title: str
    committee: str
    year: int
    commitment: str
    owner: str
    described_under: str
    goals: tuple[str, ...]
    background: str = ""
    description: str = ""
    responsible: str = ""
    status: str = ""
    comment: str = ""


ACTIVITIES = [
    DemoActivity(
        "Medverkande i framtagandet av utvecklingsplan för tre av Huddinges kommundelar",
        "SN",
        2019,
        LFA,
        "SOF-KVAL",
        "Utbyggd samhällsservice i takt med bostadsbyggandet",
        ("Utbyggd samhällsservice i takt med bostadsbyggandet",),
        "",
        "Förvaltningen kommer, genom Kvalitetsenheten, att vara med i en referensgrupp inför framtagandet av en "
        "utvecklingsplan för kommundelarna Sjödalen, Fullersta och centrala Huddinge. Aktiviteten syftar till att "
        "socialförvaltningen får en mer aktiv och tydlig roll i samhällsbyggnadsprocessen.",
        "Kvalitetsenheten",
        "blir-klart",
        "Arbetet med denna aktivitet löper enligt plan utifrån vad som är angivet i genomförandeplanen. Förvaltningen "
        "äger inte själv frågan då det övergripande arbetet leds av kommunstyrelseförvaltningen.",
    ),
    DemoActivity(
        "Utbildningsinsatser som ökar förutsättningarna till digital delaktighet",
        "SN",
        2019,
        US,
        "SOF",
        "Ökad delaktighet",
        ("Ökad delaktighet",),
        "Delaktighet och kommunikation med hjälp av digitala kanaler kommer även fortsatt att vara ett prioriterat "
        "utvecklingsområde. Hänsyn ska tas till de grupper som riskerar att hamna i ett digitalt utanförskap.",
        "För att bidra till att öka den digitala kompetensen bland de målgrupper som riskerar att hamna i digitalt "
        "utanförskap, kommer socialförvaltningen, under ledning av IT- och kommunikationsenheten, att inleda ett "
        "samarbete med kultur- och fritidsförvaltningen under 2019.",
        "IT- och kommunikationsenheten",
        "troligen-klart",
        "Arbetet har blivit något försenat då den aktivitetsplan som skulle ha tagits fram för året ännu inte är klar. "
        "Planeringen för hur arbetet på bästa sätt ska genomföras har påbörjats genom samtal mellan Kultur- och "
        "fritidsförvaltningen och Socialförvaltningen.",
    ),
    DemoActivity(
        "IPS-metoden ska användas inom individ- och familjeomsorgen i arbetet med unga vuxna för att förebygga "
        "utanförskap",
        "SN",
        2019,
        LFA,
        "SN-SPB",
        "Fler i egen försörjning",
        ("Fler i egen försörjning", "Fler upplever god hälsa"),
        "En utmaning för unga vuxna med beroendeproblematik i kombination med psykisk ohälsa och/eller kriminalitet "
        "är att komma ut i egen försörjning alternativt studier.",
        "På socialtjänstens beroendeenhet ska under 2019 arbetet med IPS (Individual Placement and Support) utvecklas "
        "för att erbjuda insatsen till fler. Målet är att fler kommer ut i arbete/studier samtidigt som verksamheten "
        "kan erbjuda insatsen på hemmaplan i kombination med övrig öppenvård.",
        "Beroendeenheten",
        "troligen-klart",
        "Arbetet med IPS för unga vuxna pågår och det är kö till insatsen. Till följd av att statsbidragen för att "
        "motverka segregation drogs in, har planeringen för genomförandet gjorts om i "
        "reviderad verksamhetsplan och man "
        "kommer inte att kunna utöka antal platser inom IPS i den omfattning som var tänkt från början.",
    ),
    DemoActivity(
        "En festival, Mitt143, ska genomföras i Vårby inom ramen för Samkraft",
        "SN",
        2019,
        LFA,
        "SOF",
        "Fler i egen försörjning",
        ("Fler i egen försörjning", "Fler upplever god hälsa"),
        "Vårby beskrivs i polisens rapport från 2017 som ett utsatt område. Festivalen ska vara en plattform för unga "
        "i området att engagera sig och erbjuda minst 25 feriearbeten för ungdomar från Vårby.",
        "Målet med aktiviteten är att ge 25 ungdomar arbetslivserfarenhet. Ytterligare mål är att öka "
        "föreningsdeltagandet i Vårby och få fler föreningar att etablera sig i området.",
        "",
        "blir-klart",
        "Arbetet med planeringen inför festivalen löper enligt plan.",
    ),
    DemoActivity(
        "Samutredningar mellan olika enheter inom individ- och familjeomsorgen ska användas för att kunna utreda hela "
        "familjesituationen och ge ett samlat stöd",
        "SN",
        2019,
        US,
        "SN-VB",
        "Fler upplever god vård och omsorg",
        ("Fler upplever god vård och omsorg",),
        "Verksamheten ser att det finns en utmaning i att arbeta med barn och unga som "
        "lever med föräldrar med beroende "
        "och/eller psykisk ohälsa.",
        "Samutredningar utförs samordnat mellan handläggare från beroendeenheten och barn- och ungdomsenheterna. Under "
        "2019 implementeras arbetssättet i ordinarie verksamhet. Under året följs antalet samutredningar upp.",
        "",
        "blir-klart",
        "Aktiviteten rörande samutredningar pågår enligt plan inom IFO.",
    ),
    DemoActivity(
        "Digitalisering av ledningsprocesser samt stödprocesser i nytt systemverktyg",
        "SN",
        2019,
        LFA,
        "SOF-KVAL",
        "Ökad processorientering",
        ("Ökad processorientering",),
        "I ett ledningssystem för kvalitet behöver verksamheterna kartlägga sina processer för att följa det "
        "överenskomna arbetssättet.",
        "Under 2019 och framåt kommer Kvalitetsenheten att leda ett förvaltningsövergripande arbete med att "
        "digitalisera ledningssystemet och processerna.",
        "Kvalitetsenheten",
        "blir-klart",
        "Arbetet löper enligt plan. En projektbeställning är under framtagande, och projektet med att digitalisera "
        "ledningssystemet och processerna beräknas starta i oktober.",
    ),
    DemoActivity(
        "Utrullning av digitalt systemstöd för planering, uppföljning och systematiskt kvalitetsarbete",
        "SN",
        2019,
        LFA,
        "SOF-KVAL",
        "God användning av digitaliseringens möjligheter",
        ("God användning av digitaliseringens möjligheter",),
        "Hösten 2017 slutförde kommunen en upphandling av ett digitalt verktyg för planering och uppföljning samt "
        "ledningssystem för systematiskt kvalitetsarbete, även kallad DigiPUFF.",
        "Med start i december 2018 påbörjade socialförvaltningen, genom Kvalitetsenheten, utbildningar och "
        "skrivarstugor för berörda chefer och skribenter.",
        "Kvalitetsenheten",
        "blir-klart",
        "Arbetet med att implementera det digitala systemstödet inom förvaltningen löper enligt plan. Till delår 1 har "
        "utrullning med grundutbildning och skrivarstugor skett för verksamhetschefer, sektionschefer, stabschefer "
        "samt utvecklingsledare.\n\nFör enhetschefer inom individ och familjeomsorgen planeras grundutbildning att ske "
        "i maj.",
    ),
    DemoActivity(
        "Arbeta fram nya arbetssätt för att strukturerat arbeta med den korta sjukfrånvaron",
        "SN",
        2019,
        LFA,
        "SOF-HR",
        "Goda förutsättningar",
        ("Goda förutsättningar",),
        "Förvaltningen ska fortsätta arbeta strukturerat med den långa sjukfrånvaron för att fortsätta minska denna.",
        "Förvaltningen ska under 2019 fokusera på att hitta arbetssätt för att strukturerat arbeta med och följa upp "
        "även den korta sjukfrånvaron för att öka frisknärvaron.",
        "HR-enheten",
        "blir-klart",
        "Arbetet med denna aktivitet inryms i arbetet med det kommunövergripande utvecklingsåtagandet om en aktiv och "
        "systematisk rehabilitering samt utökad uppföljning.",
    ),
    DemoActivity(
        "Ta fram struktur för arbetssätt med ny företagshälsovård",
        "SN",
        2019,
        US,
        "SOF-HR",
        "Goda förutsättningar",
        ("Goda förutsättningar",),
        "Ett nytt avtal kring företagshälsovård är upphandlat. Budget för företagshälsovården hamnar från och med 2019 "
        "hos förvaltningens HR-enhet.",
        "Under 2019 kommer förvaltningen, genom HR-enheten, att fokusera på att upparbeta arbetssätt för att "
        "företagshälsovården ska utgöra ett bra och effektivt stöd gentemot förvaltningens verksamheter.",
        "HR-enheten",
        "blir-klart",
        "Arbetet med denna aktivitet löper enligt plan. Uppföljning av kostnader och nyttjade tjänster har kommit "
        "närmare verksamheterna, då ansvaret flyttats från centralt håll till respektive förvaltning.",
    ),
    DemoActivity(
        "Arbeta fram en ny rutin kring processen obetalda kundfakturor",
        "SN",
        2019,
        US,
        "SOF-EKO",
        "Budgethållning",
        ("Budgethållning",),
        "Varje år görs avskrivningar av kundfordringar på grund av att personer inte betalar sina fakturor.",
        "För att minimera kostnaderna för avskrivningar kommer ekonomienheten att leda förvaltningens arbete med att "
        "ta fram en ny rutin kring hanteringen av obetalda kundfakturor.",
        "Ekonomienheten",
        "blir-klart",
        "Arbetet med aktiviteten kommer att påbörjas under hösten.",
    ),
    DemoActivity(
        "Fortsatt arbete kring arbetssättet för den ekonomiska styrningen",
        "SN",
        2019,
        LFA,
        "SOF-EKO",
        "Budgethållning",
        ("Budgethållning", "Långsiktig balans"),
        "Inom förvaltningen finns det idag verksamheter som redovisar underskott.",
        "Ekonomienheten behöver i den månatliga uppföljningen med enhetscheferna i större utsträckning koppla "
        "uppföljningen till åtgärder och effekter av dessa.",
        "Verksamhetschef i samarbete med controller på ekonomienheten",
        "blir-klart",
        "Arbetet med aktiviteten löper enligt plan och uppföljning av åtgärder och effekter av dessa följs löpande i "
        "den månatliga uppföljningen med verksamheten.",
    ),
    DemoActivity(
        "Utveckla arbetet kring internkontroll inom ekonomiprocessen",
        "SN",
        2019,
        LFA,
        "SOF-EKO",
        "Långsiktig balans",
        ("Långsiktig balans",),
        "I dagsläget finns det brister i hur utfallet av internkontroller inom ekonomiprocessen förmedlas ut i "
        "organisationen.",
        "För att förebygga brister behöver arbetet kring internkontroller inom "
        "ekonomiprocessen utvecklas, till exempel "
        "rutiner för internkontroll vid hantering av kontanta medel.",
        "Ekonomienheten",
        "blir-klart",
        "Arbetet med aktiviteten kommer att påbörjas under året.",
    ),
    *[
        DemoActivity(
            title,
            "VON",
            2020,
            "Egen regi med ekonomi i balans",
            owner,
            "Budgethållning",
            ("Budgethållning",),
            "",
            description,
            responsible,
        )
        for title, owner, responsible, description in [
            (
                "Gränsdragningar för basuppdraget",
                "VON-LS",
                "Utförare i egen regi",
                "Egenregi kommer att renodla sina arbetssätt och åtaganden så att enbart "
                "insatser inom basuppdraget utförs.",
            ),
            (
                "Ambitionsnivå",
                "VON-LS",
                "Utförare i egen regi",
                "Innehållet i basuppdraget ses över och anpassas till rådande ersättningar.",
            ),
            (
                "Bemanningsekonomi",
                "VON-LS",
                "Utförare i egen regi",
                "Ändrat arbetssätt med bemanning har införts och resultatet följs upp veckovis.",
            ),
            (
                "Centralisering",
                "VON-LS",
                "Utförare i egen regi",
                "En översyn av möjligheten till effektivisering och specialisering av funktioner genom centralisering.",
            ),
            (
                "Valfrihetssystem",
                "VON-LS",
                "Utförare i egen regi",
                "Utreda egenregins möjligheter att vara del av valfrihetssystem och samtidigt nå en budget i balans.",
            ),
            (
                "Utredningar och effektiviseringar",
                "VON-LS",
                "Utförare i egen regi",
                "Områden där effektiviseringar kan vara möjliga utreds och möjliga effektiviseringar genomförs.",
            ),
            (
                "Automatisering",
                "VOF",
                "Förvaltningens centrala stödfunktioner",
                "Ett projekt för att minska den manuella administrationen för hantering av "
                "ersättning inom hemtjänsten.",
            ),
            (
                "Minska konsultkostnader",
                "VON-MY",
                "Biståndskansliet",
                "Biståndskansliet arbetar med att minska kostnaderna för inhyrd personal.",
            ),
        ]
    ],
]


def _committee_of(code: str) -> OrgUnit:
    return unit(code)


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    """Create the seed documents' commitments and activities with their Delår 1 follow-up (idempotent)."""
    commitments: dict[tuple[str, int], Commitment] = {}
    for spec in COMMITMENTS:
        owner = unit(spec.owner)
        commitment = Commitment.objects.filter(owner=owner, year=spec.year, title=spec.title).first()
        if commitment is None:
            goal_committee = owner if spec.owner != "KF" else None
            commitment = services.commitment_create(
                actor=None,
                owner=owner,
                year=spec.year,
                title=spec.title,
                background=spec.background,
                description=spec.description,
                sort_order=COMMITMENTS.index(spec),
                goals=[goal(goal_committee, spec.year, t) for t in spec.goals] if goal_committee else [],
            )
        commitments[(spec.title, spec.year)] = commitment
    for order, activity_spec in enumerate(ACTIVITIES):
        committee = _committee_of(activity_spec.committee)
        activity = Activity.objects.filter(
            committee=committee, year=activity_spec.year, title=activity_spec.title
        ).first()
        if activity is None:
            activity = services.activity_create(
                actor=None,
                committee=committee,
                year=activity_spec.year,
                title=activity_spec.title,
                owner_unit=unit(activity_spec.owner),
                commitment=commitments[(activity_spec.commitment, activity_spec.year)],
                background=activity_spec.background,
                description=activity_spec.description,
                responsible_role=activity_spec.responsible,
                sort_order=order,
                goals=[goal(committee, activity_spec.year, t) for t in activity_spec.goals],
                described_under=goal(committee, activity_spec.year, activity_spec.described_under),
            )
        if activity_spec.status:
            follow(
                activity,
                occasion(activity_spec.year, f"Delår 1 {activity_spec.year}"),
                activity_spec.status,
                activity_spec.comment,
            )
    sn = unit("SN")
    delar1 = occasion(2019, "Delår 1 2019")
    for spec in COMMITMENTS:
        if spec.status:
            follow(commitments[(spec.title, spec.year)], delar1, spec.status, spec.comment, committee=sn)
    return []
