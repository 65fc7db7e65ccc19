"""Demo economy: Socialnämnden 2019, Delår 1 (per 31 March), from the seed delårsrapport.

The seed's tables are reproduced through the real paths: the ledger for January–March 2019 (and January–March 2018
as the previous year's #PSALDO) is written as an SIE 4 file (PC8) and imported; the budget is a CSV file in the
documented template and imported; forecasts, measures, investments, grants and volumes are entered through the
services. The amounts are kronor chosen so that every figure of the seed's resultaträkning and driftredovisning,
rounded to mnkr with one decimal, is what the seed shows (see tests/economy/test_demo.py), for example:

    Socialpsykiatri och beroende   36,2  38,8  -2,6  0    -2,6   8,8   8,6   0,2
    Vård och behandling           340,2 343,7  -3,5  0    -3,5  82,6  86,8  -4,2
    Summa nämnd                   418,0 422,9  -4,9  3,9  -1,0 100,8 101,0  -0,2

The seed's resultaträkning shows Nettokostnad 100,9 and Budget, netto 100,7 where its driftredovisning shows the
same two figures as 101,0 and 100,8: its two tables rounded the same amounts differently. DigiPUFF keeps one exact
amount (100 952 000 kr actual, 100 800 000 kr budget for the period) and rounds it one way, so both its tables show
101,0 and 100,8 and every other figure as in the seed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.economy import services
from digipuff.economy.importers.budget import MONTHS, budget_import
from digipuff.economy.importers.sie import sie_import
from digipuff.economy.models import (
    BalanceMeasure,
    CostLine,
    Investment,
    LedgerImport,
    OperationArea,
    StateGrant,
    Volume,
)
from digipuff.organisation.models import OrgUnit, PlanningYear

YEAR = 2019
MONTH = 3
M = Decimal(1_000_000)


def mnkr(value: str) -> Decimal:
    return (Decimal(value) * M).quantize(Decimal(1))


@dataclass(frozen=True)
class DemoArea:
    code: str
    name: str
    org_unit: str | None
    objects: tuple[tuple[str, str], ...]
    first: str
    last: str
    separate: bool = False
    earmarked: bool = False


AREAS = (
    DemoArea(
        "SPB",
        "Socialpsykiatri och beroende",
        "SN-SPB",
        (("3300", "Beroendeenheten"), ("3310", "Socialpsykiatri")),
        "3300",
        "3399",
    ),
    DemoArea(
        "VB",
        "Vård och behandling",
        "SN-VB",
        (("3200", "Barn och ungdom"), ("3210", "Vuxenenheten"), ("3220", "Familjerätt och familjebehandling")),
        "3200",
        "3299",
    ),
    DemoArea(
        "NLA",
        "Nämnd, ledning och administration",
        "SN-NLA",
        (("3000", "Socialnämnden"), ("3010", "Förvaltningsledning"), ("3020", "Staber")),
        "3000",
        "3089",
    ),
    DemoArea("OFD", "Ofördelat", None, (("3090", "Ofördelat"),), "3090", "3099"),
    DemoArea(
        "FEB",
        "Flyktingmottagande ensamkommande barn",
        "SN-FEB",
        (("3400", "Ensamkommande barn"),),
        "3400",
        "3489",
        True,
    ),
    DemoArea(
        "EXTRA",
        "Extraordinär intäkt Migrationsverket",
        None,
        (("3490", "Extraordinär intäkt Migrationsverket"),),
        "3490",
        "3499",
        True,
        True,
    ),
)

#: The account each cost line is booked on in the demo ledger (inside the Kommun-Bas default ranges).
ACCOUNTS = {
    "TAXOR": ("3110", "Avgifter inom individ- och familjeomsorg"),
    "FORSALJNING": ("3610", "Försäljning av verksamhet till andra kommuner"),
    "BIDRAG_INT": ("3510", "Statsbidrag från Migrationsverket"),
    "OVR_INT": ("3790", "Övriga intäkter"),
    "PERSONAL": ("5010", "Löner månadsavlönade"),
    "LOKALER": ("6110", "Lokalhyror"),
    "BIDRAG_KOST": ("4510", "Lämnade bidrag till föreningar"),
    "KOP": ("4610", "Köp av huvudverksamhet, HVB och familjehem"),
    "KONSULTER": ("6910", "Inhyrd personal och konsulter"),
    "VAROR": ("6410", "Förbrukningsmaterial och tjänster"),
    "OVR_KOST": ("7090", "Övriga kostnader"),
    "KAPITAL": ("7810", "Avskrivningar och internränta"),
}
REVENUE = ("TAXOR", "FORSALJNING", "BIDRAG_INT", "OVR_INT")

#: January–March 2019 per cost line (mnkr; revenues positive), the resultaträkning's column "2019".
ACTUAL_2019 = {
    "TAXOR": "0.412", "FORSALJNING": "4.903", "BIDRAG_INT": "15.281", "OVR_INT": "0.301",
    "PERSONAL": "68.512", "LOKALER": "5.611", "BIDRAG_KOST": "0.803", "KOP": "39.617",
    "KONSULTER": "1.296", "VAROR": "5.422", "OVR_KOST": "0.012", "KAPITAL": "0.576",
}  # fmt: skip
#: January–March 2019 of every area but Vård och behandling, which takes what is left of each cost line.
ACTUAL_2019_AREAS = {
    "SPB": {"TAXOR": "0.05", "FORSALJNING": "0.2", "BIDRAG_INT": "0.3", "PERSONAL": "4.2", "LOKALER": "0.9",
            "KOP": "3.4", "KONSULTER": "0.1", "VAROR": "0.4", "KAPITAL": "0.148"},
    "NLA": {"OVR_INT": "0.05", "PERSONAL": "6.1", "LOKALER": "0.8", "BIDRAG_KOST": "0.3", "KONSULTER": "0.2",
            "VAROR": "1.1", "KAPITAL": "0.153"},
    "FEB": {"BIDRAG_INT": "6.552", "PERSONAL": "0.9", "LOKALER": "0.3", "KOP": "6.4", "VAROR": "0.249"},
    "EXTRA": {"BIDRAG_INT": "4.3"},
}  # fmt: skip
#: January–March 2018 per cost line (mnkr), the resultaträkning's column "2018".
ACTUAL_2018 = {
    "TAXOR": "0.56", "FORSALJNING": "4.86", "BIDRAG_INT": "15.76", "OVR_INT": "0.32",
    "PERSONAL": "66.81", "LOKALER": "6.08", "BIDRAG_KOST": "1.12", "KOP": "47.98",
    "KONSULTER": "4.01", "VAROR": "4.79", "OVR_KOST": "0", "KAPITAL": "0.71",
}  # fmt: skip
SHARE_2018 = {"SPB": Decimal("0.10"), "NLA": Decimal("0.08"), "FEB": Decimal("0.12")}  # VB takes the rest

#: The budget 2019 per area and cost line (mnkr; revenues positive) and the area's budget for January–March.
BUDGET = {
    "SPB": ({"TAXOR": "0.2", "FORSALJNING": "0.8", "BIDRAG_INT": "1.2", "PERSONAL": "17.0", "LOKALER": "3.6",
             "KOP": "15.6", "KONSULTER": "0.2", "VAROR": "1.4", "KAPITAL": "0.6"}, "8.8"),
    "VB": ({"TAXOR": "1.4", "FORSALJNING": "19.0", "BIDRAG_INT": "16.0", "OVR_INT": "1.0", "PERSONAL": "228.0",
            "LOKALER": "14.6", "BIDRAG_KOST": "2.0", "KOP": "116.0", "KONSULTER": "1.0", "VAROR": "14.8",
            "OVR_KOST": "0.1", "KAPITAL": "1.1"}, "82.6"),
    "NLA": ({"OVR_INT": "0.2", "PERSONAL": "26.0", "LOKALER": "3.4", "BIDRAG_KOST": "1.2", "KONSULTER": "0.5",
             "VAROR": "7.2", "KAPITAL": "0.6"}, "9.4"),
    "OFD": ({"OVR_KOST": "2.9"}, "0"),
    "FEB": ({"BIDRAG_INT": "26.0", "PERSONAL": "3.0", "LOKALER": "1.0", "KOP": "22.0"}, "0"),
}  # fmt: skip
#: The forecast per area: the budget changed on these cost lines (mnkr, revenues positive).
FORECAST_CHANGES = {
    "SPB": {"KOP": "2.6"},  # more LVM decisions and supported housing
    "VB": {"PERSONAL": "4.5", "KONSULTER": "-1.0"},  # fully staffed; consultants phased out
    "NLA": {"PERSONAL": "-0.8"},
    "FEB": {"KOP": "3.9"},  # day costs not covered by Migrationsverket's standard compensation
    "EXTRA": {"BIDRAG_INT": "4.3"},  # one-off compensation for the second quarter of 2017
}

MEASURES = [
    ("FEB", "Ansökan till kommunstyrelsen om budgetförstärkning för ensamkommande barn (kostnader som inte täcks av "
            "schablonbidraget från Migrationsverket)", "3.9"),
    ("VB", "Vakanshållning av tjänster", "0"),
    ("VB", "Undvika att konsulter anlitas", "0"),
    ("VB", "Minska köp av tjänster, till exempel extern öppenvård", "0"),
    ("VB", "Korta placeringstiden i skyddade boenden, externa boenden och HVB", "0"),
    ("SPB", "Ändrad delegationsordning för att korta placeringstiden i stödboenden", "0"),
    ("SPB", "Följa kostnaderna för avhopparverksamheten", "0"),
]  # fmt: skip
INVESTMENTS = [("Oförutsedda investeringar", "0.7", "0.2", "0.7"), ("Lokalplaner", "0.6", "0", "0.6")]
GRANTS = [
    ("Schablonersättning ensamkommande barn, Migrationsverket", "6.552", "7.849", True, True),
    ("Ersättning ensamkommande barn andra kvartalet 2017 (engångs)", "4.3", "0", False, True),
]
VOLUMES = [
    (
        "Månadsplaceringar, individ- och familjeomsorg samt socialpsykiatri och beroende",
        "placeringar",
        "231.4",
        "215.2",
    ),
    ("Placeringar på Statens institutionsstyrelse, barn och unga", "placeringar", "11", None),
    ("LVM-placeringar, beroendeenheten", "placeringar", "5", None),
]


def _split(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split kronor by weights, exactly: the last part takes the rounding."""
    parts = [(total * w / sum(weights)).quantize(Decimal(1)) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def actuals_2019() -> dict[tuple[str, str], Decimal]:
    """(area code, cost line code) -> kronor January–March 2019, revenues positive."""
    result: dict[tuple[str, str], Decimal] = {}
    for line, total in ACTUAL_2019.items():
        rest = mnkr(total)
        for area, lines in ACTUAL_2019_AREAS.items():
            if line in lines:
                result[(area, line)] = mnkr(lines[line])
                rest -= mnkr(lines[line])
        result[("VB", line)] = rest
    return result


def actuals_2018() -> dict[tuple[str, str], Decimal]:
    result: dict[tuple[str, str], Decimal] = {}
    for line, total in ACTUAL_2018.items():
        rest = mnkr(total)
        for area, share in SHARE_2018.items():
            part = (mnkr(total) * share).quantize(Decimal(1000))
            result[(area, line)] = part
            rest -= part
        result[("VB", line)] = rest
    return result


def _months(area: str, line: str, amount: Decimal) -> Iterator[tuple[int, Decimal]]:
    if area == "EXTRA":  # the compensation came in March
        yield 3, amount
        return
    yield from zip((1, 2, 3), _split(amount, [Decimal(32), Decimal(33), Decimal(35)]), strict=True)


def _objects(area: str, amount: Decimal) -> list[tuple[str, Decimal]]:
    spec = next(a for a in AREAS if a.code == area)
    ids = [obj for obj, _name in spec.objects]
    weights = [Decimal(len(ids) - i + 1) for i in range(len(ids))]
    return list(zip(ids, _split(amount, weights), strict=True))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sie_bytes() -> bytes:
    """The demo ledger as a SIE 4 file in PC8 (code page 437), as Agresso or Visma would export it."""
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Agresso (DigiPUFF demo)" 5.7',
        "#FORMAT PC8",
        "#GEN 20190405 controller",
        "#SIETYP 4",
        '#FNAMN "Huddinge kommun, Socialnämnden"',
        "#ORGNR 212000-0084",
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        f"#RAR -1 {YEAR - 1}0101 {YEAR - 1}1231",
        f"#OMFATTN {YEAR}0331",
        '#KPTYP "Kommun-Bas 13"',
        "#VALUTA SEK",
    ]
    for account, name in [*ACCOUNTS.values(), ("1510", "Kundfordringar"), ("2440", "Leverantörsskulder")]:
        lines.append(f"#KONTO {account} {_q(name)}")
        kind = "I" if account[0] == "3" else "K" if account[0] > "3" else "T" if account == "1510" else "S"
        lines.append(f"#KTYP {account} {kind}")
    lines.append('#DIM 1 "Ansvar"')
    for area in AREAS:
        for obj, name in area.objects:
            lines.append(f"#OBJEKT 1 {_q(obj)} {_q(name)}")
    vouchers: list[str] = []
    monthly: dict[tuple[int, str], Decimal] = {}
    number = 0
    for (area_code, line), amount in sorted(actuals_2019().items()):
        account = ACCOUNTS[line][0]
        signed = -amount if line in REVENUE else amount
        counter = "1510" if line in REVENUE else "2440"
        for month, part in _months(area_code, line, signed):
            for obj, value in _objects(area_code, part):
                if not value:
                    continue
                number += 1
                day = f"{YEAR}{month:02d}{25 if month != 2 else 22}"
                vouchers += [
                    f'#VER A {number} {day} "{ACCOUNTS[line][1]}, {obj}" {day}',
                    "{",
                    f'#TRANS {account} {{1 "{obj}"}} {value} {day} "{ACCOUNTS[line][1]}"',
                    f"#TRANS {counter} {{}} {-value} {day}",
                    "}",
                ]
                monthly[(month, account)] = monthly.get((month, account), Decimal(0)) + value
                monthly[(month, counter)] = monthly.get((month, counter), Decimal(0)) - value
    for (month, account), value in sorted(monthly.items()):
        lines.append(f"#PSALDO 0 {YEAR}{month:02d} {account} {{}} {value}")
    for (area_code, line), amount in sorted(actuals_2018().items()):
        signed = -amount if line in REVENUE else amount
        for month, part in _months(area_code, line, signed):
            for obj, value in _objects(area_code, part):
                if value:
                    lines.append(f'#PSALDO -1 {YEAR - 1}{month:02d} {ACCOUNTS[line][0]} {{1 "{obj}"}} {value}')
    lines += vouchers
    return ("\r\n".join(lines) + "\r\n").encode("cp437")


def budget_csv() -> bytes:
    """The budget 2019 in the documented template (semicolon CSV, months given), revenues positive."""
    rows = [";".join(["verksamhetsområde", "kostnadsslag", "helår", *MONTHS])]
    for area, (lines, first_quarter) in BUDGET.items():
        year_total = sum((mnkr(v) * (-1 if k in REVENUE else 1) for k, v in lines.items()), Decimal(0))
        q1_target = mnkr(first_quarter)
        items = list(lines.items())
        q1_parts: dict[str, Decimal] = {}
        for line, value in items:
            q1_parts[line] = (mnkr(value) * q1_target / year_total).quantize(Decimal(1)) if year_total else Decimal(0)
        # Make the area's January–March net exactly the seed's period budget (the largest cost line takes the öre).
        net_q1 = sum((v * (-1 if k in REVENUE else 1) for k, v in q1_parts.items()), Decimal(0))
        largest = max((k for k in q1_parts if k not in REVENUE), key=lambda k: mnkr(lines[k]))
        q1_parts[largest] += q1_target - net_q1
        for line, value in items:
            amount, q1 = mnkr(value), q1_parts[line]
            months = _split(q1, [Decimal(1)] * 3) + _split(amount - q1, [Decimal(1)] * 9)
            rows.append(";".join([area, line, str(amount), *(str(m) for m in months)]))
    return ("\n".join(rows) + "\n").encode("utf-8")


def forecasts() -> dict[str, dict[str, Decimal]]:
    """Area -> cost line -> forecast kronor for 2019 at Delår 1 (ledger sign: revenues negative)."""
    result: dict[str, dict[str, Decimal]] = {}
    for area in [a.code for a in AREAS]:
        lines = {k: mnkr(v) for k, v in BUDGET.get(area, ({}, "0"))[0].items()}
        for line, change in FORECAST_CHANGES.get(area, {}).items():
            lines[line] = lines.get(line, Decimal(0)) + mnkr(change)
        result[area] = {k: (-v if k in REVENUE else v) for k, v in lines.items()}
    return result


@transaction.atomic
def set_up(committee: OrgUnit) -> None:
    """Areas, mapping and the year's settings of the demo committee (before anything is imported)."""
    services.cost_lines_ensure_default(committee=committee, year=YEAR)
    for order, spec in enumerate(AREAS):
        if OperationArea.objects.filter(committee=committee, year=YEAR, code=spec.code).exists():
            continue
        services.operation_area_save(
            actor=None,
            committee=committee,
            year=YEAR,
            code=spec.code,
            name=spec.name,
            org_unit=OrgUnit.objects.filter(code=spec.org_unit).first() if spec.org_unit else None,
            separate=spec.separate,
            earmarked=spec.earmarked,
            sort_order=order * 10,
            ranges=[(spec.first, spec.last)],
        )
    settings = services.economy_year_get(committee=committee, year=YEAR)
    if settings.pk is None:
        services.economy_year_set(
            actor=None,
            committee=committee,
            year=YEAR,
            expected_version=None,
            area_dimension=1,
            opening_equity=mnkr("-22.3"),
            equity_withdrawal=Decimal(0),
            profile=None,
            subtotal_label="Summa exklusive flyktingmottagande",
        )


def enter_occasion(committee: OrgUnit) -> None:
    """What the controller enters at Delår 1: forecasts, measures, investments, grants and volumes."""
    areas = {a.code: a for a in OperationArea.objects.filter(committee=committee, year=YEAR)}
    lines = {line.code: line.pk for line in CostLine.objects.filter(committee=committee, year=YEAR)}
    for area, amounts in forecasts().items():
        services.forecast_set(
            actor=None,
            committee=committee,
            year=YEAR,
            month=MONTH,
            area=areas[area],
            amounts={lines[k]: v for k, v in amounts.items()},
        )
    common = {"committee": committee, "year": YEAR, "month": MONTH}
    if not BalanceMeasure.objects.filter(**common).exists():
        for order, (area, text, effect) in enumerate(MEASURES):
            services.measure_save(
                actor=None,
                measure=BalanceMeasure(**common),
                area=areas[area],
                description=text,
                effect=mnkr(effect),
                sort_order=order,
            )
    if not Investment.objects.filter(**common).exists():
        for order, (name, budget, actual, forecast) in enumerate(INVESTMENTS):
            services.investment_save(
                actor=None,
                investment=Investment(**common),
                name=name,
                budget=mnkr(budget),
                actual=mnkr(actual),
                forecast=mnkr(forecast),
                sort_order=order,
            )
    if not StateGrant.objects.filter(**common).exists():
        for order, (name, amount, cost, in_budget, in_forecast) in enumerate(GRANTS):
            services.state_grant_save(
                actor=None,
                grant=StateGrant(**common),
                name=name,
                amount=mnkr(amount),
                cost=mnkr(cost),
                in_budget=in_budget,
                in_forecast=in_forecast,
                sort_order=order,
            )
    if not Volume.objects.filter(**common).exists():
        for order, (name, unit, actual, previous) in enumerate(VOLUMES):
            services.volume_save(
                actor=None,
                volume=Volume(**common),
                name=name,
                unit=unit,
                actual=Decimal(actual),
                previous_year=Decimal(previous) if previous else None,
                sort_order=order,
            )


def load_committee(committee: OrgUnit) -> None:
    """The whole demo economy for a committee; running it again changes nothing."""
    set_up(committee)
    for filename, data, importer in (
        ("SN-2019-03-agresso.se", sie_bytes(), "sie"),
        ("SN-budget-2019.csv", budget_csv(), "budget"),
    ):
        from digipuff.economy.importers.common import sha256

        if LedgerImport.objects.filter(committee=committee, sha256=sha256(data)).exists():
            continue
        if importer == "sie":
            sie_import(actor=None, committee=committee, data=data, filename=filename)
        else:
            budget_import(actor=None, committee=committee, data=data, filename=filename, year=YEAR)
    enter_occasion(committee)


@demo_loaders.register
def load() -> list[str]:
    committee = OrgUnit.objects.filter(code="SN").first()
    if committee is None or not PlanningYear.objects.filter(year=YEAR).exists():
        return []
    load_committee(committee)
    return []
