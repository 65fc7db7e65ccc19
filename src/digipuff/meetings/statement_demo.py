"""Demo: the tjänsteutlåtande of SN-2019/149 "Reviderad verksamhetsplan 2019 för socialnämnden" from the seed (kallelse
to Socialnämnden, 9 April 2019), created from the demo's verksamhetsplan 2019: the budget frame and the balanced
result are the report's figures, linked to their sources; the rest is the seed's wording. Approved, ready for the
meeting papers."""

from __future__ import annotations

from datetime import date
from html import escape

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.meetings import services, statements
from digipuff.meetings.choices import StatementStatus
from digipuff.meetings.models import Case, Statement
from digipuff.organisation.models import OrgUnit
from digipuff.reports import services as reports
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report

SUMMARY_BEFORE = [
    "Socialförvaltningen har utarbetat förslag till verksamhetsplan inklusive budget för Socialnämnden för 2019. "
    "Förslaget bygger på gällande lagar och föreskrifter samt mål, delmål, särskilda prioriteringar samt budgetram "
    "beslutad av kommunfullmäktige.",
    "Nämndens basuppdrag inryms till största del under det övergripande målet God omsorg för individen, och "
    "förvaltningen har utifrån det formulerat två utvecklingsåtaganden av generell karaktär för 2019. Verksamheter "
    "och staber har i uppdrag att arbeta fram konkreta aktiviteter kring dessa utvecklingsåtaganden. Nämnden arbetar "
    "under 2019 med ytterligare två kommunövergripande åtaganden under målområdet Attraktiv arbetsgivare.",
]
BUDGET_AFTER = (
    "I budgeten finns kompensation med två procent för löne-, pris- och hyresökningar samt volymer. I ramen ingår "
    "även en teknisk justering där socialnämnden erhållit medel i och med att budgetansvaret för "
    "företagshälsovården tagits över av respektive nämnd. För att säkra en budget i balans är det nödvändigt att "
    "vidta ett antal åtgärder inom verksamheterna."
)
DESCRIPTION = [
    "Socialnämnden har att besluta om en verksamhetsplan inklusive budget för verksamhetsåret 2019. Nämnden "
    "reviderar sin verksamhetsplan mot bakgrund av ny nämndorganisation från den 1 januari 2019, och ny "
    "tjänstemannaorganisation från och med 1 april 2019. Nämndens beslut överlämnas till kommunstyrelsen.",
    "Verksamhetsplanen är ett styrdokument som beskriver hur nämnden utifrån lagar och föreskrifter samt "
    "kommunfullmäktiges beslut om mål och budget, planerar att bedriva verksamheten under det kommande året.",
    "I verksamhetsplanen ingår också nämndens planering för intern kontroll bestående av identifierade och "
    "prioriterade risker med riskreducerande åtgärder, redovisning av åtgärder utifrån rekommendation från extern "
    "granskning samt ett avsnitt om systematiska kontroller.",
]
BALANCED_AFTER = (
    "Fördelningen bygger på ekonomiska resultat som berörda verksamheter har haft under tidigare år. Enligt "
    "kommunens ekonomistyrningsprinciper ska underskott återställas inom tre år. Effekten av det balanserade "
    "underskottet ska därför vara med i planeringen för den kommande treårsperioden och åtgärder för att hantera "
    "det totala underskottet under perioden behöver vidtas."
)
VIEWS = (
    "I bilagd verksamhetsplan lämnar förvaltningen sitt förslag till planering inför verksamhetsåret 2019 vad gäller "
    "mål och tilldelad budget."
)
SIGNATORIES = [
    {"name": "Annmarie Sandberg", "title": "Social- och äldreomsorgsdirektör"},
    {"name": "Marianne Krook", "title": "Biträdande social- och äldreomsorgsdirektör"},
]


def _plan(committee: OrgUnit) -> Report | None:
    """The revised verksamhetsplan 2019 the case concerns (the seed's bilaga), made when the year has a plan
    occasion."""
    from digipuff.organisation.models import ReportOccasion

    plan = Report.objects.filter(committee=committee, report_type=ReportType.PLAN, occasion__year__year=2019).first()
    if plan is None and ReportOccasion.objects.filter(year__year=2019, kind="plan").exists():
        plan = reports.report_create(
            actor=None,
            committee=committee,
            report_type=ReportType.PLAN,
            year=2019,
            title="Verksamhetsplan 2019 för Socialnämnden",
        )
    return plan


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    from digipuff.meetings import demo as cases_demo

    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None:
        return []
    plan = _plan(committee)
    cases_demo.load()  # the cases (idempotent): SN-2019/149 concerns the plan
    case = Case.objects.select_related("committee").filter(diarienummer="SN-2019/149").first()
    if case is None or Statement.objects.filter(case=case).exists():
        return []
    if case.report_id is None and plan is not None:
        case = services.case_update(
            actor=None,
            case=case,
            expected_version=None,
            title=case.title,
            officer=case.officer,
            officer_name=case.officer_name,
            report=plan,
        )
    if case.report is None:
        return []
    statement = statements.statement_create(actor=None, case=case, dated=date(2019, 3, 21))
    figures = statements.report_figures(case.report)
    proposal = [
        _p(
            "Socialnämnden godkänner förvaltningens förslag till verksamhetsplan 2019 inklusive budget och "
            "överlämnar den till kommunstyrelsen."
        )
    ]
    summary = [_p(text) for text in SUMMARY_BEFORE]
    description = [_p(text) for text in DESCRIPTION]
    if "budget" in figures:
        frame = f"<p>Socialnämndens budgetram för 2019 är {figures['budget'].html()} miljoner kronor.</p>"
        summary.append(frame)
        description.append("<h2>Budget 2019</h2>" + frame)
    summary.append(_p(BUDGET_AFTER))
    if "opening_equity" in figures:
        amount = figures["opening_equity"].html()
        proposal.append(
            "<p>Socialnämnden beslutar att det ingående balanserade resultatet 2019 för socialnämnden ska vara "
            f"{amount} tkr under förutsättning att kommunfullmäktige fastställer fördelningen av det balanserade "
            "resultatet mellan socialnämnden, vård- och omsorgsnämnden och gymnasie- och arbetsmarknadsnämnden.</p>"
        )
        description.append(
            "<p>I samband med att nämndorganisationen har förändrats behöver det balanserade resultatet för "
            "verksamheter inom socialnämnden, vård- och omsorgsnämnden och gymnasie- och arbetsmarknadsnämnden "
            f"fördelas. Fördelningen innebär att socialnämnden har ett ackumulerat resultat om {amount} tkr med "
            "sig in i verksamhetsåret 2019, som ska återbetalas under kommande tre (3) år.</p>"
        )
        description.append(_p(BALANCED_AFTER))
    statement = statements.statement_save(
        actor=None,
        statement=statement,
        expected_version=None,
        administration="Socialförvaltningen",
        dated=date(2019, 3, 21),
        officer=None,
        officer_name="Linn Byström",
        officer_title="",
        officer_email="Linn.Bystrom@huddinge.se",
        proposal="".join(proposal),
        summary="".join(summary),
        description="".join(description),
        views=_p(VIEWS),
        signatories=SIGNATORIES,
        attachments=[],
        attach_report=True,
        recipients=["Kommunstyrelsen"],
    )
    for status in (StatementStatus.READY, StatementStatus.APPROVED):
        statement = statements.statement_set_status(
            actor=None, statement=statement, status=status, expected_version=None
        )
    return []
