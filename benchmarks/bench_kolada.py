"""Kolada: the national data set (290 municipalities x 50 KPIs x 10 years x 3 genders) from a local stand-in server
in a process of its own (`benchmarks.kolada_server`), with each client's polite pause as configured by default.

DigiPUFF: the sync service (`sync.sync`, the client `make_client` gives: KOLADA_MIN_INTERVAL, 0,2 s by default) into
this module's empty database. Peer: `koladapy` (its default 5 requests/s) fetching the same values from the same
server, only into memory. Both the time and the number of requests the server answered are compared.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request

from benchmarks.harness import Row, child_env, number, python, seconds

RATIO_GOAL, FIRST_SYNC_GOAL = 0.5, 30.0


def _requests(base_url: str) -> int:
    root = base_url.rsplit("/v3", 1)[0]
    with urllib.request.urlopen(f"{root}/__requests", timeout=10) as response:
        return int(response.read())


def run() -> list[Row]:
    from django.db import connection
    from django.test import override_settings
    from tests.factories import make_unit
    from tests.integrations.kolada.generate import generate_dataset

    from digipuff.indicators.choices import Direction, Periodicity, Source
    from digipuff.indicators.models import ComparisonArea, ComparisonGroup, Measure
    from digipuff.integrations.kolada import sync
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
    ComparisonArea.objects.bulk_create([ComparisonArea(code=m, name=f"Kommun {m}") for m in dataset.municipalities])
    everyone = ComparisonGroup.objects.create(name="Alla kommuner", committee=committee)
    everyone.members.set(ComparisonArea.objects.all())

    server = subprocess.Popen(
        python("-m", "benchmarks.kolada_server"), env=child_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        before = _requests(base_url)
        with override_settings(KOLADA_BASE_URL=base_url):
            start = time.perf_counter()
            outcome = sync.sync(kpis=dataset.kpis, years=dataset.years)
            ours = time.perf_counter() - start
        assert outcome.ok, outcome.failed or outcome.error
        our_requests = _requests(base_url) - before
        values = outcome.stored + outcome.counts.missing
        print(f"  DigiPUFF: {outcome.summary()} in {ours:.1f} s, {our_requests} requests", flush=True)

        os.environ["TQDM_DISABLE"] = "1"
        from koladapy import KoladaAPI

        before = _requests(base_url)
        start = time.perf_counter()
        items = KoladaAPI(base_url=base_url + "/").get_values(
            kpi_id=list(dataset.kpis), municipality_id=list(dataset.municipalities), years=list(dataset.years)
        )
        peer = time.perf_counter() - start
        peer_requests = _requests(base_url) - before
        peer_values = sum(len(item.get("values", [])) for item in items)
        print(f"  koladapy: {peer_values} values in {peer:.1f} s, {peer_requests} requests", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    size = f"{number(values, 0)} values"
    return [
        Row(
            f"Kolada first sync, {size}, polite pause on: time vs koladapy (koladapy got {number(peer_values, 0)})",
            f"≤ {number(RATIO_GOAL, 1)}× koladapy",
            f"{seconds(ours)} (koladapy {seconds(peer)})",
            f"{number(ours / peer)}×",
            ours <= RATIO_GOAL * peer,
        ),
        Row(
            "Kolada first sync: requests to the server",
            "≤ koladapy's",
            f"{our_requests} (koladapy {peer_requests})",
            f"{number(our_requests / peer_requests)}×",
            our_requests <= peer_requests,
        ),
        Row(
            f"Kolada first sync into {connection.vendor}",
            f"≤ {FIRST_SYNC_GOAL:.0f} s (PostgreSQL)",
            seconds(ours),
            "",
            ours <= FIRST_SYNC_GOAL,
        ),
    ]
