"""The default report templates, following the seeds' structure (VP 2019 SN, Delårsrapport 1 2019 SN, VP 2020 VON).

Installed by a data migration and by `templates_ensure`; administrators then reorder, rename, add and drop
sections per municipality and year. Headings are the municipality's own words, so they are Swedish data, not
interface strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from digipuff.reports.choices import ReportType


@dataclass(frozen=True)
class SectionSpec:
    title: str
    kind: str = "text"
    level: int = 1
    has_text: bool = True
    position: str = "after"
    guidance: str = ""
    page_break: bool = False


S = SectionSpec

_ECONOMY_FOLLOW_UP = [
    S(
        "Ekonomi",
        "economy:budget_keeping",
        1,
        True,
        "after",
        "Sammanfatta det ekonomiska läget: prognos, budgethållning, riktpunkt.",
        True,
    ),
    S("Resultaträkning", "economy:income_statement", 2, True, "after", "Kommentera periodens nettokostnad."),
    S(
        "Driftredovisning per verksamhet",
        "economy:by_area",
        2,
        True,
        "after",
        "Analysera avvikelserna per verksamhet och prognosen för helåret.",
    ),
    S("Avvikelse mot budget månad för månad", "economy:deviation_chart", 3, False),
    S("Driftredovisning per kostnadsslag", "economy:by_cost_line", 2, False),
    S("Åtgärder för att uppnå budget i balans", "economy:measures", 2, True),
    S("Investeringar", "economy:investments", 2, True),
    S("Riktade statsbidrag", "economy:state_grants", 2, False),
    S("Volymer", "economy:volumes", 2, True),
]

_INTERNAL_CONTROL = S(
    "Plan för intern kontroll",
    "internal_control",
    1,
    True,
    "before",
    "Sammanfatta nämndens internkontrollarbete under perioden.",
    True,
)

DEFAULTS: dict[str, tuple[str, list[SectionSpec]]] = {
    ReportType.INTERIM_1: (
        "Delårsrapport 1",
        [
            S(
                "Sammanfattning",
                "summary_assessments",
                1,
                True,
                "before",
                "Sammanfatta nämndens resultat per 31 mars: utvecklingsåtaganden, riskåtgärder och ekonomi.",
            ),
            S("Utvecklingsåtaganden", "activities", 2, False),
            S(
                "Nämndens mål och resultat",
                "goals_results",
                1,
                True,
                "before",
                "Nämndens tolkning av målen; analysen av varje mål skrivs vid målet.",
                True,
            ),
            S(
                "Händelser av väsentlig betydelse",
                "text",
                1,
                True,
                "after",
                "Händelser under perioden som påverkar verksamheten eller ekonomin väsentligt.",
            ),
            *_ECONOMY_FOLLOW_UP,
            S(
                "Väsentliga personalförhållanden",
                "personnel",
                1,
                True,
                "after",
                "Analysera antal anställda och sjukfrånvaron (r12).",
                True,
            ),
            _INTERNAL_CONTROL,
            S("Källförteckning", "sources", 1, False, "after", "", True),
        ],
    ),
    ReportType.INTERIM_2: (
        "Delårsrapport 2",
        [
            S(
                "Sammanfattning",
                "summary_assessments",
                1,
                True,
                "before",
                "Sammanfatta nämndens resultat per 31 augusti med preliminära bedömningar och helårsprognos.",
            ),
            S("Utvecklingsåtaganden", "activities", 2, False),
            S("Nämndens mål och resultat", "goals_results", 1, True, "before", "", True),
            S("Händelser av väsentlig betydelse", "text", 1, True),
            *_ECONOMY_FOLLOW_UP,
            S("Väsentliga personalförhållanden", "personnel", 1, True, "after", "", True),
            S("Effektivitetsanalys", "text", 1, True),
            _INTERNAL_CONTROL,
            S("Källförteckning", "sources", 1, False, "after", "", True),
        ],
    ),
    ReportType.ANNUAL: (
        "Verksamhetsberättelse",
        [
            S(
                "Sammanfattning",
                "summary_assessments",
                1,
                True,
                "before",
                "Sammanfatta året och den samlade bedömningen av måluppfyllelsen.",
            ),
            S("Utvecklingsåtaganden", "activities", 2, False),
            S("Nämndens mål och resultat", "goals_results", 1, True, "before", "", True),
            S("Händelser av väsentlig betydelse", "text", 1, True),
            *_ECONOMY_FOLLOW_UP,
            S("Väsentliga personalförhållanden", "personnel", 1, True, "after", "", True),
            S("Effektivitetsanalys", "text", 1, True),
            S(
                "Uppföljning av intern kontroll",
                "internal_control",
                1,
                True,
                "before",
                "Bedöm hur årets internkontrollarbete har gått och om den interna kontrollen fungerar.",
                True,
            ),
            S("Förbättringsområden", "text", 1, True),
            S("Källförteckning", "sources", 1, False, "after", "", True),
            S("Bilagor", "text", 1, True),
        ],
    ),
    ReportType.PLAN: (
        "Verksamhetsplan",
        [
            S("Nämndens ansvarsområde", "text", 1, True),
            S("Nämndens tolkning av målen", "text", 1, True),
            S("Nämndens mål och resultat", "goals_results", 1, True, "before", "", True),
            S("Utvecklingsåtaganden", "activities", 2, True),
            S("Ekonomi", "text", 1, True, "after", "", True),
            S("Driftbudget per verksamhet", "economy:by_area", 2, True),
            S("Investeringar", "economy:investments", 2, True),
            S("Plan för intern kontroll", "internal_control", 1, True, "before", "", True),
            S("Plan för uppföljning och insyn", "provider_followup", 1, True, "before"),
            S("Konkurrensprövningsplan", "competition_testing", 1, True, "before"),
            S("Källförteckning", "sources", 1, False, "after", "", True),
            S("Bilagor", "text", 1, True),
        ],
    ),
    ReportType.BUDGET_BASIS: (
        "Underlag inför mål och budget",
        [
            S("Sammanfattning", "text", 1, True),
            S("Omvärldsanalys och planeringsförutsättningar", "text", 1, True),
            S("Nämndens mål och resultat", "goals_results", 1, True, "before", "", True),
            S("Ekonomi", "text", 1, True, "after", "", True),
            S("Driftredovisning per verksamhet", "economy:by_area", 2, True),
            S("Investeringar", "economy:investments", 2, True),
            S("Effektivitetsanalys", "text", 1, True),
            S("Källförteckning", "sources", 1, False, "after", "", True),
        ],
    ),
}


def install(template_model: Any, section_model: Any) -> None:
    """Create the default templates that are missing (for every year). Works with historical models too."""
    for report_type, (name, sections) in DEFAULTS.items():
        if template_model.objects.filter(report_type=report_type, year__isnull=True).exists():
            continue
        template = template_model.objects.create(report_type=report_type, name=name, year=None)
        for order, spec in enumerate(sections, start=1):
            section_model.objects.create(
                template=template,
                order=order * 10,
                title=spec.title,
                level=spec.level,
                kind=spec.kind,
                has_text=spec.has_text,
                text_position=spec.position,
                guidance=spec.guidance,
                page_break=spec.page_break,
            )
