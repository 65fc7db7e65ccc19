"""The Kolada sync of a national data set: 290 municipalities x 50 KPIs x 10 years x 3 genders (435 000 values)
from a replay server on 127.0.0.1, into an empty database, then again with nothing changed."""

from __future__ import annotations

import time

from benchmarks.harness import Result

GOAL_SECONDS = 60.0


def run() -> list[Result]:
    from tests.factories import make_unit
    from tests.integrations.kolada.generate import generate_dataset
    from tests.integrations.kolada.replay_server import start_replay_server
    from tests.integrations.kolada.synthetic import SyntheticMetadata

    from digipuff.indicators.choices import Direction, Periodicity, Source
    from digipuff.indicators.models import ComparisonArea, ComparisonGroup, Measure
    from digipuff.integrations.kolada import sync
    from digipuff.integrations.kolada.client import KoladaClient
    from digipuff.organisation import services

    dataset = generate_dataset()
    services.municipality_set(actor=None, name="Syntetisk kommun", kolada_id=dataset.municipalities[0])
    council = make_unit("Kommunfullmäktige", code="BKF", valid_from=2010)
    committee = make_unit("Nämnd", parent=council, code="BN")
    for kpi in dataset.kpis:
        Measure.objects.create(
            owner=committee, name=f"Mått {kpi}", source=Source.KOLADA, source_id=kpi,
            direction=Direction.HIGHER, periodicity=Periodicity.YEAR,
        )  # fmt: skip
    # The synthetic codes span three "counties" (90, 91, 92); a comparison list with every municipality makes the
    # sync fetch all 290.
    ComparisonArea.objects.bulk_create([ComparisonArea(code=m, name=f"Kommun {m}") for m in dataset.municipalities])
    everyone = ComparisonGroup.objects.create(name="Alla kommuner", committee=committee)
    everyone.members.set(ComparisonArea.objects.all())
    results: list[Result] = []
    with start_replay_server(host="127.0.0.1", providers=[dataset, SyntheticMetadata(dataset)]) as server:
        for label in ("first sync", "sync, nothing changed"):
            with KoladaClient(server.base_url, min_interval=0) as client:
                start = time.perf_counter()
                outcome = sync.sync(client=client, kpis=dataset.kpis, years=dataset.years)
                seconds = time.perf_counter() - start
            assert outcome.ok, outcome.failed or outcome.error
            values = outcome.stored + outcome.counts.missing
            print(f"  {label}: {outcome.summary()} in {seconds:.1f} s, {values / seconds:,.0f} values/s", flush=True)
            results.append(
                Result(
                    name=f"kolada {label}",
                    size=f"{values:,} values".replace(",", " "),
                    seconds=seconds,
                    rate=f"{values / seconds:,.0f} values/s".replace(",", " "),
                    goal=f"< {GOAL_SECONDS:.0f} s",
                    ok=seconds < GOAL_SECONDS,
                )
            )
    return results
