"""Demo measures from the seeds, with values entered through the services so everything is computed as usual.

Socialnämnden 2019: sickness absence r12 (total, short, long) from monthly sick and scheduled hours that give the
seed's figures (5,7 % per February 2019, women 5,7 %, men 5,2 %; 5,3 % a year earlier), staff counts, and the
IFO measures of the VP 2019. Vård- och omsorgsnämnden 2020: the KKiK user surveys (Kolada) and the employee
survey indices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.goals.models import CommitteeGoal
from digipuff.indicators import services
from digipuff.indicators.choices import (
    MEN,
    TOTAL,
    WOMEN,
    Breakdown,
    Comparator,
    Direction,
    Judgement,
    MeasureKind,
    Periodicity,
    Qualitative,
    Source,
    TargetKind,
    ValueUnit,
)
from digipuff.indicators.models import Measure
from digipuff.indicators.services import ValueInput
from digipuff.organisation.models import OrgUnit

D = Decimal
# Scheduled hours per month: 369 women and 69 men at about 140 hours each (seed: 438 employees, 84,2 % women).
HOURS = {WOMEN: D(369 * 140), MEN: D(69 * 140)}
# Monthly variation of sickness over a year (sums to 12): more in winter, less in summer.
SEASON = [
    D(x) for x in ("1.15", "1.12", "1.05", "0.98", "0.95", "0.85", "0.70", "0.80", "1.00", "1.08", "1.12", "1.20")
]


@dataclass(frozen=True)
class Sickness:
    name: str
    description: str
    # r12 per cent for the 12 months ending February 2018 and February 2019, women and men
    rates_2018: tuple[str, str]
    rates_2019: tuple[str, str]
    target_reference: str | None


SICKNESS = [
    Sickness(
        "Sjukfrånvaro (total)",
        "Sjukfrånvarotimmar i procent av ordinarie arbetstid, rullande 12 månader (r12).",
        ("5.24", "5.80"),
        ("5.74", "5.24"),
        "5.3",
    ),
    Sickness(
        "Korttidssjukfrånvaro (1–14 dagar)",
        "Sjukfrånvaro 1–14 dagar i procent av ordinarie arbetstid, r12.",
        ("2.58", "2.33"),
        ("2.38", "2.53"),
        None,
    ),
    Sickness(
        "Långtidssjukfrånvaro (över 180 dagar)",
        "Sjukfrånvaro över 180 dagar i procent av ordinarie arbetstid, r12.",
        ("1.34", "1.60"),
        ("1.74", "0.90"),
        None,
    ),
]


def _months(first: tuple[int, int], count: int) -> list[tuple[int, int]]:
    year, month = first
    out = []
    for _ in range(count):
        out.append((year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def _sickness_values(spec: Sickness) -> list[ValueInput]:
    """24 months (March 2017 – February 2019) whose r12 windows give exactly the rates of the spec."""
    values = []
    for rates, start in ((spec.rates_2018, (2017, 3)), (spec.rates_2019, (2018, 3))):
        for (year, month), season in zip(_months(start, 12), SEASON[2:] + SEASON[:2], strict=True):
            for group, rate in zip((WOMEN, MEN), rates, strict=True):
                hours = HOURS[group]
                sick = (hours * D(rate) / 100 * season).quantize(D("0.01"))
                values.append(ValueInput(year=year, month=month, group=group, numerator=sick, denominator=hours))
        # Rounding each month to hundredths of an hour moves the r12 by far less than the shown decimal.
    return values


def _committee_goal(code: str, year: int, title: str) -> CommitteeGoal:
    return CommitteeGoal.objects.get(committee__code=code, goal__year=year, goal__title=title)


def _measure(committee: OrgUnit, goals: list[CommitteeGoal], name: str, **fields: object) -> Measure:
    measure = Measure.objects.filter(owner=committee, name=name).first()
    if measure is None:
        measure = services.measure_create(actor=None, committee=committee, goals=goals, name=name, **fields)
    else:
        measure.goals.add(*goals)
    return measure


def _values(measure: Measure, values: list[ValueInput]) -> None:
    if not measure.values.exists():
        services.measure_values_set(actor=None, measure=measure, values=values)


def _target(measure: Measure, year: int, **fields: Any) -> None:
    if not measure.targets.filter(year=year).exists():
        services.target_set(actor=None, measure=measure, year=year, expected_version=None, **fields)


def _gendered(year: int, total: str | None, women: str, men: str, month: int = 0) -> list[ValueInput]:
    values = [
        ValueInput(year=year, month=month, group=WOMEN, value=D(women)),
        ValueInput(year=year, month=month, group=MEN, value=D(men)),
    ]
    if total is not None:
        values.append(ValueInput(year=year, month=month, group=TOTAL, value=D(total)))
    return values


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    _load_sn_2019()
    _load_von_2020()
    return []


def _load_sn_2019() -> None:
    sn = OrgUnit.objects.get(code="SN")
    goda = _committee_goal("SN", 2019, "Goda förutsättningar")
    for order, spec in enumerate(SICKNESS):
        measure = _measure(
            sn,
            [goda],
            spec.name,
            description=spec.description,
            kind=MeasureKind.MEASURE,
            unit=ValueUnit.PERCENT,
            decimals=1,
            direction=Direction.LOWER,
            source=Source.HR,
            source_note="Personalsystemet via LIS",
            periodicity=Periodicity.MONTH,
            is_ratio=True,
            rolling_12=True,
            breakdown=Breakdown.GENDER,
            sort_order=10 + order,
        )
        _values(measure, _sickness_values(spec))
        reference = D(spec.target_reference) if spec.target_reference else None
        _target(measure, 2019, kind=TargetKind.QUALITATIVE, qualitative=Qualitative.KEEP, reference=reference)
    staff = _measure(
        sn,
        [goda],
        "Antal anställda",
        description="Antal tillsvidare- och visstidsanställda per månad.",
        kind=MeasureKind.INDICATOR,
        unit=ValueUnit.COUNT,
        direction=Direction.NONE,
        source=Source.HR,
        periodicity=Periodicity.MONTH,
        breakdown=Breakdown.GENDER,
        is_count=True,  # people: a group below the threshold is suppressed (29 chefer: 28 kvinnor, 1 man)
        sort_order=1,
    )
    _values(staff, _gendered(2019, "438", "369", "69", month=2))
    managers = _measure(
        sn,
        [goda],
        "Antal chefer",
        description="Antal chefer med personalansvar per månad.",
        kind=MeasureKind.INDICATOR,
        unit=ValueUnit.COUNT,
        direction=Direction.NONE,
        source=Source.HR,
        periodicity=Periodicity.MONTH,
        breakdown=Breakdown.GENDER,
        is_count=True,  # people: a group below the threshold is suppressed (29 chefer: 28 kvinnor, 1 man)
        sort_order=2,
    )
    _values(managers, _gendered(2019, "29", "28", "1", month=2))
    vard = _committee_goal("SN", 2019, "Fler upplever god vård och omsorg")
    ifo = [
        ("Ej återaktualiseringar barn 0–12 år", ("78", "77", "79"), Direction.HIGHER, ValueUnit.PERCENT),
        ("Ej återaktualiseringar ungdomar 13–20 år", ("80", "85", "77"), Direction.HIGHER, ValueUnit.PERCENT),
        ("Ej återaktualiseringar vuxna missbrukare 21+ år", ("80", "80", "81"), Direction.HIGHER, ValueUnit.PERCENT),
        ("Utredningstid missbruk, antal dagar i genomsnitt", ("80", "104", "74"), Direction.LOWER, ValueUnit.DAYS),
        (
            "Utredningstid barn och unga, antal dagar i genomsnitt",
            ("119", "119", "119"),
            Direction.LOWER,
            ValueUnit.DAYS,
        ),
    ]
    for order, (name, (total, women, men), direction, unit) in enumerate(ifo):
        measure = _measure(
            sn,
            [vard],
            name,
            description="Samlas in under oktober och presenteras nationellt i Kolada i januari.",
            kind=MeasureKind.MEASURE,
            unit=unit,
            direction=direction,
            source=Source.SURVEY,
            periodicity=Periodicity.YEAR,
            breakdown=Breakdown.GENDER,
            sort_order=20 + order,
        )
        _values(measure, _gendered(2018, total, women, men))
        _target(measure, 2019, kind=TargetKind.QUALITATIVE, qualitative=Qualitative.KEEP)
        if name.startswith("Utredningstid missbruk") and not measure.equality_judgements.exists():
            services.equality_judgement_set(
                actor=None,
                measure=measure,
                year=2018,
                month=0,
                expected_version=None,
                judgement=Judgement.UNJUSTIFIED,
                text=(
                    "Utredningstiden för kvinnor är betydligt längre än för män. Skillnaden kan inte förklaras av "
                    "ärendenas art och ska analyseras vidare under året."
                ),
            )
    missbruk = _measure(
        sn,
        [vard],
        "Brukarbedömning missbruksvård IFO – förbättrad situation",
        description="Andel brukare inom missbruksvården som upplever att deras situation har förbättrats.",
        kind=MeasureKind.INDICATOR,
        unit=ValueUnit.PERCENT,
        direction=Direction.HIGHER,
        source=Source.KOLADA,
        source_id="U35544",
        periodicity=Periodicity.YEAR,
        breakdown=Breakdown.GENDER,
        sort_order=30,
    )
    _target(missbruk, 2019, kind=TargetKind.QUALITATIVE, qualitative=Qualitative.ABOVE_AVERAGE)


def _load_von_2020() -> None:
    von = OrgUnit.objects.get(code="VON")
    vard = _committee_goal("VON", 2020, "Fler upplever god vård och omsorg")
    kkik = [
        (
            "Andel brukare nöjda med äldreboendet",
            "U23471",
            "Alla äldreboenden där det bor en person med biståndsbeslut från Huddinge kommun.",
            {2016: ("81", "81", "83"), 2017: ("84", "84", "82"), 2018: ("82", "81", "85")},
        ),
        (
            "Andel brukare nöjda med hemtjänsten",
            "U21468",
            "Alla hemtjänstutförare godkända av Huddinge kommun.",
            {2016: ("86", "86", "85"), 2017: ("85", "84", "87"), 2018: ("84", "83", "85")},
        ),
        (
            "Brukarbedömning daglig verksamhet LSS – Brukaren får bestämma om saker som är viktiga",
            "U28532",
            "Andel brukare i daglig verksamhet enligt LSS som svarar att de får bestämma om saker som är viktiga.",
            {2017: ("87", "88", "88"), 2018: ("92", "89", "94")},
        ),
    ]
    for order, (name, kpi, description, by_year) in enumerate(kkik):
        measure = _measure(
            von,
            [vard],
            name,
            description=description,
            kind=MeasureKind.INDICATOR,
            unit=ValueUnit.PERCENT,
            direction=Direction.HIGHER,
            source=Source.KOLADA,
            source_id=kpi,
            source_note="Kommunens kvalitet i korthet (KKiK)",
            periodicity=Periodicity.YEAR,
            breakdown=Breakdown.GENDER,
            sort_order=order,
        )
        values = [v for year, (t, w, m) in sorted(by_year.items()) for v in _gendered(year, t, w, m)]
        _values(measure, values)
    medarbetarskap = _committee_goal("VON", 2020, "Aktivt medarbetarskap")
    profile = _measure(
        von,
        [medarbetarskap],
        "Medarbetarprofil (medarbetarskap, delaktighet, socialt klimat och lärande i arbetet)",
        description="Index ur medarbetarenkäten.",
        kind=MeasureKind.MEASURE,
        unit=ValueUnit.INDEX,
        decimals=1,
        direction=Direction.HIGHER,
        source=Source.SURVEY,
        periodicity=Periodicity.YEAR,
        breakdown=Breakdown.GENDER,
        sort_order=10,
    )
    _values(profile, _gendered(2019, "72.1", "72.2", "73.3"))
    _target(profile, 2020, kind=TargetKind.NUMERIC, comparator=Comparator.GTE, value=D("75"))
    hme = _measure(
        von,
        [medarbetarskap],
        "Hållbart medarbetarengagemang (HME) – Motivation",
        description="Index ur medarbetarenkäten (HME).",
        kind=MeasureKind.MEASURE,
        unit=ValueUnit.INDEX,
        direction=Direction.HIGHER,
        source=Source.SURVEY,
        periodicity=Periodicity.YEAR,
        breakdown=Breakdown.GENDER,
        sort_order=11,
    )
    _values(hme, _gendered(2019, "78", "78", "81"))
    _target(hme, 2020, kind=TargetKind.QUALITATIVE, qualitative=Qualitative.ABOVE_AVERAGE)
    valfrihet = _committee_goal("VON", 2020, "Ökad valfrihet")
    choice = _measure(
        von,
        [valfrihet],
        "Andel som väljer fristående aktör inom vård- och omsorgsnämndens verksamheter",
        description="Hemtjänst, daglig verksamhet, korttidsvistelse, boendestöd och ledsagar- och avlösarservice.",
        kind=MeasureKind.INDICATOR,
        unit=ValueUnit.PERCENT,
        direction=Direction.HIGHER,
        source=Source.LIS,
        periodicity=Periodicity.YEAR,
        sort_order=20,
    )
    _values(choice, [ValueInput(year=2017, value=D("33")), ValueInput(year=2018, value=D("31"))])
