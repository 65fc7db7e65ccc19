"""Demo: Socialnämndens Delårsrapport 1 2019, created from the default template and written from the seed.

The narrative texts are the seed's (Sammanfattning, the goal analyses it has, personal, the economy analyses),
assigned to the demo writers with realistic statuses: most approved, some ready for review, one sent back and one
still being written, so that the workflow and the progress page have something to show; the analyses of the goals
the seed does not comment are not applicable for this occasion, but for three still to decide. The report is left
undecided (not fastställd) for the same reason; `digipuff report render --unit SN --type delar1 --year 2019`
renders it, and deciding it on the report page freezes it. Runs last and is idempotent.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import models, transaction

from digipuff.core.demo import demo_loaders
from digipuff.core.richtext import from_plain
from digipuff.organisation.models import OrgUnit, PlanningYear
from digipuff.reports import selectors, services
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import Report, ReportTemplate, ReportText, TemplateSection

SUMMARY = """I delår per 31 mars sker endast uppföljning av de aktiviteter som är kopplade till något av de \
utvecklingsåtaganden som nämnden valt för året. Det löpande arbetet med att följa och utveckla basuppdraget enligt \
delmål, särskilda prioriteringar och etappmål löper på och följs upp i senare uppföljningsdokument.

Nämndens aktiviteter som är kopplade till utvecklingsåtagandet om långsiktigt och förebyggande arbete är:

• Medverkande i framtagandet av utvecklingsplan för tre av Huddinges kommundelar.
• IPS-metoden ska användas inom individ- och familjeomsorgen i arbetet med unga vuxna för att förebygga utanförskap.
• En festival, Mitt143, ska genomföras i Vårby inom ramen för Samkraft.
• Digitalisering av ledningsprocesser samt stödprocesser i nytt systemverktyg.
• Utrullning av digitalt systemstöd för planering, uppföljning och systematiskt kvalitetsarbete.
• Arbeta fram nya arbetssätt för att strukturerat arbeta med den korta sjukfrånvaron.
• Fortsatt arbete kring arbetssättet för den ekonomiska styrningen.
• Utveckla arbetet kring internkontroll inom ekonomiprocessen.

Av dessa löper samtliga enligt plan förutom att en del av utvecklingen av det preventiva arbetet fått stå tillbaka \
då finansiering via statsmedel uteblivit. Arbetet med utvecklingsåtagandet får dock anses vara gott vid uppföljning \
per delår 1.

Nämndens aktiviteter som är kopplade till utvecklingsåtagandet om utvecklad samverkan löper samtliga enligt plan, \
varför arbetet med utvecklingsåtagandet får anses vara gott vid uppföljning per delår 1."""

GOALS_INTRO = """Socialförvaltningen arbetar med de delmål i Mål och budget som är relevanta för verksamheten. \
Förvaltningen ansvarar för att svara upp mot styrsignaler och särskilda prioriteringar enligt aktuella målområden, \
samt i enlighet med gällande lagar och förordningar. Arbetet ska rymmas inom den budget som kommunfullmäktige har \
fastställt. Fokus ligger på att säkerställa resurser till kärnverksamheten och utvecklingsåtaganden som frigör \
resurser till denna prioriteras.

De delmål där nämnden i sitt basuppdrag arbetar vidare, men inte har några aktiviteter kopplade till \
utvecklingsåtaganden för året, rapporteras inte i delår per 31 mars."""

GOAL_TEXTS = {
    "Goda förutsättningar": """Socialnämndens arbete för att nå målet Goda förutsättningar löper enligt plan. \
Nämnden arbetar för att vara en bra arbetsplats med en god arbetsmiljö och lika villkor. Det har skett en viss \
ökning av sjukfrånvaron, men nämnden ligger fortsatt på en låg nivå.

Socialnämnden har totalt 438 anställda per den 28 februari 2019. Av dessa är 84,2 procent kvinnor och 15,8 procent \
män. Skillnaden följer fördelningen inom branschen i stort, då socialtjänsten generellt är en kvinnodominerad \
arbetsplats, och kan inte anses vara omotiverad.

Det kommunövergripande målet för 2019 är att sjukfrånvaron ska understiga 7 procent. Socialnämndens mål för 2019 är \
att bevara de låga sjuktalen enligt nivån i augusti 2018 då utfallet var 5,3 procent. Nämnden har inte lyckats nå \
etappmålet, då den totala sjukfrånvaron, r12, motsvarar 5,7 procent per den 28 februari 2019.""",
    "Fler upplever god vård och omsorg": """Nämnden har fyra aktiviteter som är kopplade till \
utvecklingsåtagandet om utvecklad samverkan. Av dessa löper samtliga enligt plan, varför arbetet med \
utvecklingsåtagandet får anses vara gott vid uppföljning per delår 1.""",
    "Fler upplever god hälsa": """Nämnden har åtta aktiviteter som är kopplade till utvecklingsåtagandet om \
långsiktigt och förebyggande arbete. Av dessa löper samtliga enligt plan förutom att en del av utvecklingen av det \
preventiva arbetet fått stå tillbaka då finansiering via statsmedel uteblivit.""",
}

EVENTS = """Socialnämnden har från och med den 1 januari 2019 en ny nämndorganisation och från den 1 april en ny \
tjänstemannaorganisation. Bildandet av Gymnasie- och arbetsmarknadsnämnden påverkar socialförvaltningens staber: \
socialnämndens budget minskas med totalt 2,6 miljoner kronor som ska finansiera en del av gymnasie- och \
arbetsmarknadsnämndens stab.

Vårljus, som nämnden samverkat med kring placeringar av barn och unga, avvecklas under första halvan av 2019.

I resultatet finns en intäkt från Migrationsverket om 4,3 miljoner kronor. Intäkten är av engångskaraktär och avser \
ersättning för kostnader för ensamkommande barn från andra kvartalet 2017."""

ECONOMY = """Socialnämndens prognos för 2019 är minus en (1) miljon kronor. Prognosen bygger på kända faktorer i \
mars månad och förutsätter att socialnämndens ansökan beviljas av kommunstyrelsen om en budgetförstärkning om 3,9 \
miljoner kronor för ensamkommande barn.

Nämnden har ett ackumulerat underskott om -22,3 miljoner kronor med sig från tidigare år. För att återställa \
underskottet kommer det att krävas ytterligare åtgärder."""

INCOME = """Socialnämndens nettokostnader per mars månad är 100,9 miljoner kronor. Det är 9 miljoner mindre än \
motsvarande period 2018. Riktpunkten för mars månad är 25 procent av 2019 års budget, vilket ligger i linje med \
socialnämndens nettokostnader. Prognosen pekar på att verksamhetens kostnader är en miljon högre än budget."""

BY_AREA = """Vård och behandling: kostnaden är 4,2 miljoner högre än budget efter tre månader. Prognosen för 2019 \
är minus 3,5 miljoner kronor. Under 2018 har samtliga vakanser av socialsekreterare till barn- och \
ungdomssektionen tillsatts; effekten av att verksamheten är fullt bemannad syns på personalkostnaderna 2019.

Socialpsykiatri och beroende: kostnaden är 0,2 miljoner kronor lägre än budget efter tre månader. Prognosen för \
2019 är minus 2,6 miljoner kronor.

Nämnd, ledning och administration: kostnaden för nämnd och staber är 0,8 miljoner kronor lägre än budget efter tre \
månader. Prognosen för helåret är ett överskott med 0,8 miljoner kronor."""

MEASURES = """Målsättningen är att verksamheten ska rymmas inom beslutad budgetram. Åtgärderna följs löpande. \
Uteblir den förväntade effekten kommer ytterligare åtgärder att bli nödvändiga."""

INVESTMENTS = """Den investering som gjorts hittills avser ombyggnation i en verksamhetslokal inom barn- och \
ungdomssektionens öppenvård."""

VOLUMES = """Statistiken visar att antalet månadsplacerade har ökat mellan 2018 och 2019 inom individ- och \
familjeomsorgens samt socialpsykiatri och beroendes ansvarsområde. I mars 2018 var antalet månadsplaceringar totalt \
215,2 och i mars 2019 totalt 231,4, en ökning med 16,2 månadsplaceringar."""

PERSONNEL = """Nämndens totala sjukfrånvaro har ökat något. Ökningen återfinns inom förvaltningens \
stabsfunktioner; individ- och familjeomsorgen har en fortsatt sjunkande sjukfrånvaro. Det bedrivs ett aktivt och \
systematiskt rehabiliteringsarbete med tidiga insatser, med stöd av företagshälsovården och HR-enheten.

Korttidssjukfrånvaron, r12, är 2,4 procent per den 28 februari 2019, vilket är en viss minskning jämfört med 2018. \
Den totala långtidssjukfrånvaron (över 180 dagar) motsvarar 1,6 procent, en ökning med 0,2 procentenheter jämfört \
med samma period 2018."""

INTERNAL_CONTROL = """Intern kontroll är en process som används för att säkerställa att verksamheten fungerar och \
att målen nås. Fokus är att minska risken för oönskade händelser genom strukturerad riskhantering.

Nämnden har för året identifierat fyra (4) risker som man kopplat ett flertal åtgärder till. Uppföljningen av \
arbetet med intern kontroll sker i delårsrapporter och verksamhetsberättelse."""

# section title -> (text, writer, status); goal analyses by goal title
SECTION_TEXTS: dict[str, tuple[str, str, str]] = {
    "Sammanfattning": (SUMMARY, "skribent", Status.APPROVED),
    "Nämndens mål och resultat": (GOALS_INTRO, "skribent", Status.APPROVED),
    "Händelser av väsentlig betydelse": (EVENTS, "skribent", Status.READY),
    "Ekonomi": (ECONOMY, "controller", Status.APPROVED),
    "Resultaträkning": (INCOME, "controller", Status.APPROVED),
    "Driftredovisning per verksamhet": (BY_AREA, "controller", Status.APPROVED),
    "Åtgärder för att uppnå budget i balans": (MEASURES, "controller", Status.APPROVED),
    "Investeringar": (INVESTMENTS, "controller", Status.APPROVED),
    "Volymer": (VOLUMES, "controller", Status.READY),
    "Väsentliga personalförhållanden": (PERSONNEL, "skribent", Status.APPROVED),
    "Plan för intern kontroll": (INTERNAL_CONTROL, "skribent", Status.IN_PROGRESS),
}

FOOTNOTE = (
    '<sup class="fn" data-note="SCB: Yrkesregistret med yrkesstatistik 2017 – Yrkesstrukturen i Sverige. Kvinnor '
    'utgjorde 88,3 procent av socialsekreterare, kuratorer och biståndsbedömare."></sup>'
)


def _economy_table_options(report_type: str) -> None:
    """The interim template as a quality coordinator sets it up: the operating statement per cost line in tkr with
    its group rows carrying their sums and the total named "Summa nettokostnad", and after the operating statement
    per operation area the same period for the last two years (the demo has actuals for 2018 and 2019), in tkr.
    The seed's tables per operation area stay in mnkr, as the seed prints them."""
    template = selectors.template_for(report_type=report_type, year=2019)
    if template is None or template.sections.filter(kind="economy:area_years").exists():
        return
    by_line = template.sections.filter(kind="economy:by_cost_line").first()
    if by_line is not None:
        services.template_section_save(
            actor=None,
            template=template,
            section=by_line,
            title=by_line.title,
            kind=by_line.kind,
            level=by_line.level,
            has_text=by_line.has_text,
            text_position=by_line.text_position,
            guidance=by_line.guidance,
            page_break=by_line.page_break,
            money_unit="tkr",
            total_label="Summa nettokostnad",
            group_sums=True,
        )
    added = services.template_section_save(
        actor=None,
        template=template,
        title="Nettokostnad januari–mars 2018–2019",
        kind="economy:area_years",
        level=2,
        has_text=True,
        guidance="Kommentera hur nettokostnaden per verksamhet har förändrats mot förra året.",
        money_unit="tkr",
        years=2,
    )
    by_area = template.sections.filter(kind="economy:by_area").first()
    if by_area is not None:
        # Right after the operating statement per operation area: the sections after it move down one step.
        TemplateSection.objects.filter(template=template, order__gt=by_area.order).exclude(pk=added.pk).update(
            order=models.F("order") + 1
        )
        TemplateSection.objects.filter(pk=added.pk).update(order=by_area.order + 1)


def _user(name: str):
    return get_user_model().objects.filter(username=name).first()


def _von_plan_2020() -> None:
    """Vård- och omsorgsnämndens verksamhetsplan 2020 with its measures in year columns (Utfall 2016, 2017, 2018 |
    Etappmål 2020), as the seed prints them: from a copy of the plan template whose goals section uses that layout."""
    committee = OrgUnit.objects.filter(code="VON").first()
    if committee is None or not PlanningYear.objects.filter(year=2020).exists():
        return
    if Report.objects.filter(committee=committee, report_type=ReportType.PLAN, occasion__year__year=2020).exists():
        return
    services.templates_ensure()
    name = "Verksamhetsplan, mått i årskolumner"
    template = ReportTemplate.objects.filter(report_type=ReportType.PLAN, name=name).first()
    if template is None:
        default = selectors.template_for(report_type=ReportType.PLAN, year=2020)
        if default is None:
            return
        # No year: a copy for every year would replace the default for the year's other plans.
        template = services.template_copy(actor=None, template=default, year=None, name=name)
        for section in template.sections.filter(kind="goals_results"):
            services.template_section_save(
                actor=None,
                template=template,
                section=section,
                title=section.title,
                kind="goals_results_years",
                level=section.level,
                has_text=section.has_text,
                text_position=section.text_position,
                guidance=section.guidance,
                page_break=section.page_break,
            )
    services.report_create(actor=None, committee=committee, report_type=ReportType.PLAN, year=2020, template=template)


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    _von_plan_2020()
    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None or not PlanningYear.objects.filter(year=2019).exists():
        return []
    services.templates_ensure()
    _load_board()
    _economy_table_options(ReportType.INTERIM_1)
    report = Report.objects.filter(
        committee=committee, report_type=ReportType.INTERIM_1, occasion__year__year=2019
    ).first()
    if report is not None:
        return []
    report = services.report_create(
        actor=None, committee=committee, report_type=ReportType.INTERIM_1, year=2019, deadline=date(2019, 4, 1)
    )
    approver = _user("godkannare")
    for text in ReportText.objects.filter(report=report).select_related("section"):
        if text.key == "section":
            spec = SECTION_TEXTS.get(text.section.title)
        else:
            body = GOAL_TEXTS.get(text.title)
            spec = (body, "skribent", Status.APPROVED) if body else None
        if spec is None:
            continue
        body, writer_name, status = spec
        html = from_plain(body)
        if text.title == "Goda förutsättningar":
            html = html.replace(
                "kan inte anses vara omotiverad.</p>", f"kan inte anses vara omotiverad.{FOOTNOTE}</p>", 1
            )
        writer = _user(writer_name)
        text = services.text_assign(actor=None, text=text, writer=writer, deadline=date(2019, 4, 1))
        text = services.text_save(actor=writer, text=text, body=html, expected_version=text.version)
        if status in (Status.READY, Status.APPROVED):
            text = services.text_set_status(actor=writer, text=text, status=Status.READY, expected_version=text.version)
        if status == Status.APPROVED:
            services.text_set_status(actor=approver, text=text, status=Status.APPROVED, expected_version=text.version)
    # The seed's delårsrapport comments only some goals: the analyses of the others are not applicable for this
    # occasion, except the last three, left for the administrator to decide on the report page.
    uncommented = list(
        ReportText.objects.filter(report=report, key__startswith="goal:", body="").order_by("section__order", "order")
    )
    for text in uncommented[:-3]:
        services.text_set_applicable(actor=None, text=text, applicable=False)
    # The multi-year table the demo adds to the seed's report is a table without a text of its own.
    for text in ReportText.objects.filter(report=report, section__kind="economy:area_years", body=""):
        services.text_set_applicable(actor=None, text=text, applicable=False)
    # One text sent back with a comment, to show the approver's side of the workflow.
    events = ReportText.objects.get(report=report, section__title="Händelser av väsentlig betydelse", key="section")
    services.text_set_status(
        actor=approver,
        text=events,
        status=Status.IN_PROGRESS,
        comment="Lägg till hur flytten av barn- och ungdomssektionen från Flemingsbergs centrum påverkar året.",
        expected_version=events.version,
    )
    return []


BOARD_TEMPLATE = "Kommunstyrelsens delårsrapport"
BOARD_SUMMARY = (
    "Kommunstyrelsen sammanställer här nämndernas delårsrapporter per den 31 augusti: hur nämnderna bedömer "
    "måluppfyllelsen av sina mål och hur ekonomin utvecklas mot budget. Nämnder som ännu inte har fastställt sin "
    "rapport redovisas med dagens uppgifter, markerade som preliminära."
)


def _load_board() -> None:
    """Kommunstyrelsen's delårsrapport 2 2019 from a template of its own, whose main section compiles the
    committees' goal assessments and economy from their decided reports (today's figures, labelled preliminary,
    for a committee that has not decided yet)."""
    board = OrgUnit.objects.filter(code="KS").first()
    if board is None or Report.objects.filter(committee=board, occasion__year__year=2019).exists():
        return
    template = ReportTemplate.objects.filter(name=BOARD_TEMPLATE, report_type=ReportType.INTERIM_2).first()
    if template is None:
        # For every year (year empty) and created after the default templates, so that a committee's own
        # delårsrapport 2 keeps the default template (`selectors.template_for` takes the oldest of a type).
        template = ReportTemplate.objects.create(report_type=ReportType.INTERIM_2, name=BOARD_TEMPLATE)
        services.template_section_save(actor=None, template=template, title="Sammanfattning", kind="text")
        services.template_section_save(
            actor=None,
            template=template,
            title="Nämndernas måluppfyllelse och ekonomi",
            kind="committees_compiled",
            has_text=False,
        )
    report = services.report_create(
        actor=None,
        committee=board,
        report_type=ReportType.INTERIM_2,
        year=2019,
        template=template,
        title="Kommunstyrelsens delårsrapport 2 2019",
    )
    summary = ReportText.objects.get(report=report, key="section", section__title="Sammanfattning")
    services.text_save(actor=None, text=summary, body=from_plain(BOARD_SUMMARY), expected_version=summary.version)
