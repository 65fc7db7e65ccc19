"""Write the demo's Kolada responses into ``src/digipuff/integrations/kolada/fixtures/``. Not run by the tests.

The demo (``digipuff demo``) and the sync tests replay these files through the real client and sync. They are made
by hand in the API's exact v3 format (see the package README): four KPIs for the 26 municipalities of Stockholms län,
2016-2018, genders T/K/M. Huddinge's figures are the ones in the seeds (VP 2020 VON); the other municipalities'
numbers are invented, but constructed so that Huddinge's rank and the county average come out exactly as the seeds
say (e.g. äldreboende 2018: 82, rank 3/26, county average 79). Run ``python tests/integrations/kolada/
make_demo_responses.py`` after changing a target below; the output is deterministic.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[3] / "src" / "digipuff" / "integrations" / "kolada" / "fixtures"
BASE_URL = "https://api.kolada.se/v3"
OWN = "0126"

STOCKHOLMS_LAN = {
    "0114": "Upplands Väsby", "0115": "Vallentuna", "0117": "Österåker", "0120": "Värmdö", "0123": "Järfälla",
    "0125": "Ekerö", "0126": "Huddinge", "0127": "Botkyrka", "0128": "Salem", "0136": "Haninge", "0138": "Tyresö",
    "0139": "Upplands-Bro", "0140": "Nykvarn", "0160": "Täby", "0162": "Danderyd", "0163": "Sollentuna",
    "0180": "Stockholm", "0181": "Södertälje", "0182": "Nacka", "0183": "Sundbyberg", "0184": "Solna",
    "0186": "Lidingö", "0187": "Vaxholm", "0188": "Norrtälje", "0191": "Sigtuna", "0192": "Nynäshamn",
}  # fmt: skip
OTHERS = {"0380": "Uppsala", "1280": "Malmö", "1480": "Göteborg", "2480": "Umeå"}
REGIONS = {"0000": "Riket", "0001": "Region Stockholm", "0003": "Region Uppsala"}


@dataclass(frozen=True)
class Target:
    """Huddinge's total for a year, its rank, how many municipalities have a value and the county average."""

    own: int
    rank: int
    with_values: int = 26
    average: int | None = None
    women: int | None = None
    men: int | None = None


@dataclass(frozen=True)
class DemoKpi:
    id: str
    title: str
    description: str
    operating_area: str
    has_ou_data: bool
    years: dict[int, Target]


KPIS = [
    DemoKpi(
        "U23471",
        "Brukarbedömning särskilt boende äldreomsorg - helhetssyn, andel (%)",
        "Andel brukare i särskilt boende som sammantaget är ganska eller mycket nöjda med sitt särskilda boende, av "
        "samtliga svarande brukare 65 år och äldre. Källa: Socialstyrelsens undersökning Vad tycker de äldre om "
        "äldreomsorgen?",
        "Äldreomsorg",
        True,
        {
            2018: Target(82, 3, 26, 79, 81, 85),
            2017: Target(84, 8, 26, None, 84, 82),
            2016: Target(81, 11, 26, None, 81, 83),
        },
    ),
    DemoKpi(
        "U21468",
        "Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)",
        "Andel brukare i hemtjänsten som sammantaget är ganska eller mycket nöjda med sin hemtjänst, av samtliga "
        "svarande brukare 65 år och äldre. Källa: Socialstyrelsens undersökning Vad tycker de äldre om "
        "äldreomsorgen?",
        "Äldreomsorg",
        True,
        {
            2018: Target(84, 19, 26, 84, 83, 85),
            2017: Target(85, 22, 26, None, 84, 87),
            2016: Target(86, 19, 26, None, 86, 85),
        },
    ),
    DemoKpi(
        "U28532",
        "Brukarbedömning daglig verksamhet LSS - Brukaren får bestämma om saker som är viktiga, andel (%)",
        "Andel brukare i daglig verksamhet enligt LSS som svarat Ja på frågan Får du bestämma om saker som är "
        "viktiga? Svarsalternativen är Ja, Ibland och Nej. Källa: SKR:s brukarundersökning inom "
        "funktionshinderområdet.",
        "Stöd till personer med funktionsnedsättning",
        True,
        {2018: Target(92, 2, 23, 80, 89, 94), 2017: Target(87, 2, 18, None, 88, 88), 2016: Target(85, 7, 21)},
    ),
    DemoKpi(
        "U35544",
        "Brukarbedömning missbruksvård IFO - förbättrad situation, andel (%)",
        "Andel brukare inom missbruks- och beroendevården som uppger att deras situation har blivit bättre efter "
        "kontakten med verksamheten. Källa: brukarundersökning inom individ- och familjeomsorgen (IFO).",
        "Individ- och familjeomsorg",
        False,
        {2018: Target(78, 6, 14), 2017: Target(74, 9, 13), 2016: Target(70, 10, 12)},
    ),
]

CATALOGUE_EXTRA = [
    ("N00945", "Invånare totalt, antal", "Antal invånare totalt den 31/12. Källa: SCB.", "Befolkning", False),
    (
        "N07403",
        "Anmälda våldsbrott, antal/100 000 inv",
        "Antal anmälda våldsbrott per 100 000 invånare. Källa: Brottsförebyggande rådet (Brå).",
        "Trygghet",
        False,
    ),
    (
        "U21401",
        "Väntetid i antal dagar från ansökningsdatum till erbjudet inflyttningsdatum till särskilt boende, medelvärde",
        "Genomsnittlig väntetid i antal dagar från ansökan till erbjudet inflyttningsdatum. Källa: egen "
        "undersökning i Kommunens Kvalitet i Korthet (KKiK).",
        "Äldreomsorg",
        False,
    ),
]


def _totals(kpi: str, year: int, target: Target, codes: list[str]) -> dict[str, int | None]:
    """Values for every municipality such that the own one has exactly the target's rank and county average."""
    rng = random.Random(f"{kpi}-{year}")
    others = [c for c in codes if c != OWN]
    missing = set(rng.sample(others, 26 - target.with_values))
    present = [c for c in others if c not in missing]
    rng.shuffle(present)
    above, below = present[: target.rank - 1], present[target.rank - 1 :]
    own = target.own
    values = {c: rng.randint(own + 1, min(own + 10, 99)) for c in above}
    values.update({c: rng.randint(max(own - 20, 30), own - 1) for c in below})
    if target.average is not None:
        wanted = target.average * target.with_values - own
        bounds = dict.fromkeys(above, (own + 1, 99)) | dict.fromkeys(below, (30, own - 1))
        order = sorted(values)
        step = 0
        while (diff := wanted - sum(values.values())) != 0:
            code = order[step % len(order)]
            low, high = bounds[code]
            moved = values[code] + (1 if diff > 0 else -1)
            if low <= moved <= high:
                values[code] = moved
            step += 1
            if step > 100_000:
                raise SystemExit(f"cannot reach average {target.average} for {kpi} {year}")
    result: dict[str, int | None] = dict.fromkeys(missing)
    result.update(values)
    result[OWN] = own
    return result


def _item(kpi: str, code: str, year: int, total: int | None, women: int | None, men: int | None) -> dict:
    def gender(g: str, value: int | None) -> dict:
        return {
            "gender": g,
            "count": 1,
            "status": "" if value is not None else "Missing",
            "value": value,
            "isdeleted": False,
        }

    return {
        "kpi": kpi,
        "municipality": code,
        "period": year,
        "values": [gender("K", women), gender("M", men), gender("T", total)],
    }


def _page(values: list[dict]) -> dict:
    return {"count": len(values), "values": values, "next_url": None, "previous_url": None}


def _kpi_object(kpi_id: str, title: str, description: str, area: str, has_ou: bool) -> dict:
    return {
        "auspice": "X",
        "description": description,
        "has_ou_data": has_ou,
        "id": kpi_id,
        "is_divided_by_gender": 1,
        "municipality_type": "K",
        "operating_area": area,
        "ou_publication_date": "2019-11-19" if has_ou else None,
        "perspective": "Kvalitet",
        "prel_publication_date": None,
        "publ_period": "2018",
        "publication_date": "2019-11-19",
        "title": title,
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    routes: list[dict[str, str]] = []

    def write(name: str, request: str, body: dict) -> None:
        (OUT / name).write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        routes.append({"request": request, "file": name})

    areas = [{"id": c, "title": t, "type": "K"} for c, t in {**STOCKHOLMS_LAN, **OTHERS}.items()]
    areas += [{"id": c, "title": t, "type": "L"} for c, t in REGIONS.items()]
    write("municipality.json", "/municipality", _page(sorted(areas, key=lambda a: a["id"])))

    kpis = {k.id: _kpi_object(k.id, k.title, k.description, k.operating_area, k.has_ou_data) for k in KPIS}
    extra = {e[0]: _kpi_object(*e) for e in CATALOGUE_EXTRA}
    write("kpi.json", "/kpi", _page([v for _, v in sorted({**kpis, **extra}.items())]))
    for kpi_id in sorted(kpis):
        write(f"kpi_{kpi_id}.json", f"/kpi/{kpi_id}", _page([kpis[kpi_id]]))

    codes = sorted(STOCKHOLMS_LAN)
    for kpi in KPIS:
        rows: dict[str, list[dict]] = {c: [] for c in codes}
        for year, target in sorted(kpi.years.items()):
            totals = _totals(kpi.id, year, target, codes)
            rng = random.Random(f"{kpi.id}-{year}-gender")
            for code in codes:
                total = totals[code]
                if code == OWN and target.women is not None:
                    women, men = target.women, target.men
                elif total is None:
                    women = men = None
                else:
                    women, men = min(total + rng.randint(-4, 2), 100), min(total + rng.randint(-2, 4), 100)
                rows[code].append(_item(kpi.id, code, year, total, women, men))
        # The sync asks for all years of 26 municipalities, split by the client into 25 + 1.
        first, second = codes[:25], codes[25:]
        write(
            f"data_{kpi.id}_batch1.json",
            f"/data/kpi/{kpi.id}/municipality/{','.join(first)}",
            _page([item for c in first for item in rows[c]]),
        )
        write(
            f"data_{kpi.id}_batch2.json",
            f"/data/kpi/{kpi.id}/municipality/{','.join(second)}",
            _page([item for c in second for item in rows[c]]),
        )
    manifest = {
        "base_url": BASE_URL,
        "note": "Hand-made in Kolada's v3 format for the demo; regenerate with "
        "tests/integrations/kolada/make_demo_responses.py.",
        "routes": routes,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
