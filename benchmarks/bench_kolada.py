"""Kolada: a national data set, 290 municipalities x 50 KPIs x 10 years x 3 genders (435 000 values), from a stand-in
server in its own process on 127.0.0.1, with the polite rate on (``KOLADA_MIN_INTERVAL``, ``KOLADA_MAX_WORKERS``).

* fetch: DigiPUFF's client against ``koladapy`` (the peer, from the ``bench`` extra; skipped when not installed) at
  the same rate, interleaved, each asking for the KPIs' metadata and all their values; time and requests;
* sync: the whole sync into the database (PostgreSQL when ``DATABASE_URL`` is set), first into an empty one, then
  again with nothing changed.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.harness import Result

ROOT = Path(__file__).resolve().parent.parent
SYNC_GOAL_SECONDS = 30.0
PEER_RATIO_GOAL = 0.5
ROUNDS = 2


@contextmanager
def stand_in_server() -> Iterator[str]:
    """The replay server with the synthetic data set, in a separate process; yields its API root."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.integrations.kolada.replay_server", "--port", "0", "--synthetic"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://\S+", line)
        if found is None:
            raise RuntimeError(f"the Kolada stand-in server did not start: {line!r}")
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch_ours(base_url: str, dataset) -> tuple[float, int, int]:
    from django.conf import settings

    from digipuff.integrations.kolada.client import KoladaClient

    start = time.perf_counter()
    with KoladaClient(
        base_url, min_interval=settings.KOLADA_MIN_INTERVAL, max_workers=settings.KOLADA_MAX_WORKERS
    ) as client:
        client.get_kpis(dataset.kpis)
        values = client.get_data(kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years)
    return time.perf_counter() - start, client.request_count, len(values)


def fetch_koladapy(base_url: str, dataset) -> tuple[float, int, int] | None:
    os.environ.setdefault("TQDM_DISABLE", "1")
    try:
        from koladapy.api import KoladaAPI
    except ImportError:
        return None
    from django.conf import settings

    start = time.perf_counter()
    api = KoladaAPI(base_url=base_url + "/", max_requests_per_second=1 / settings.KOLADA_MIN_INTERVAL)
    requests = [0]
    make_request = api._make_request

    def counted(*args, **kwargs):
        requests[0] += 1
        return make_request(*args, **kwargs)

    api._make_request = counted  # type: ignore[method-assign]
    api.get_kpis(list(dataset.kpis))
    items = api.get_values(
        kpi_id=list(dataset.kpis), municipality_id=list(dataset.municipalities), years=list(dataset.years)
    )
    values = sum(len(item["values"]) for item in items)
    return time.perf_counter() - start, requests[0], values


def run() -> list[Result]:
    from django.conf import settings
    from tests.factories import make_unit
    from tests.integrations.kolada.generate import generate_dataset

    from digipuff.indicators.choices import Direction, Periodicity, Source
    from digipuff.indicators.models import ComparisonArea, ComparisonGroup, Measure
    from digipuff.integrations.kolada import sync
    from digipuff.integrations.kolada.client import KoladaClient
    from digipuff.organisation import services

    dataset = generate_dataset()
    results: list[Result] = []
    size = f"{dataset.value_count:,} values".replace(",", " ")
    rate = f"{settings.KOLADA_MIN_INTERVAL:g} s/request, {settings.KOLADA_MAX_WORKERS} workers"
    print(f"  polite rate: {rate}", flush=True)
    with stand_in_server() as base_url:
        ours: list[tuple[float, int, int]] = []
        peer: list[tuple[float, int, int]] = []
        for _round in range(ROUNDS):
            ours.append(fetch_ours(base_url, dataset))
            print(f"  digipuff fetch: {ours[-1][0]:.1f} s, {ours[-1][1]} requests, {ours[-1][2]} values", flush=True)
            answer = fetch_koladapy(base_url, dataset)
            if answer is not None:
                peer.append(answer)
                print(f"  koladapy fetch: {answer[0]:.1f} s, {answer[1]} requests, {answer[2]} values", flush=True)
        assert all(values == dataset.value_count for _s, _r, values in ours + peer)
        our_seconds = statistics.median(s for s, _r, _v in ours)
        our_requests = ours[0][1]
        if peer:
            peer_seconds = statistics.median(s for s, _r, _v in peer)
            peer_requests = peer[0][1]
            ratio = our_seconds / peer_seconds
            results.append(Result(name="kolada fetch, koladapy 1.0.1", size=size, seconds=peer_seconds,
                                  rate=f"{peer_requests} requests"))  # fmt: skip
            results.append(
                Result(
                    name="kolada fetch, digipuff",
                    size=size,
                    seconds=our_seconds,
                    rate=f"{our_requests} requests, {ratio:.2f}x koladapy".replace(".", ","),
                    goal=f"<= {PEER_RATIO_GOAL:g}x koladapy, <= its requests".replace(".", ","),
                    ok=ratio <= PEER_RATIO_GOAL and our_requests <= peer_requests,
                )
            )
        else:
            print("  koladapy is not installed (pip install -e '.[bench]'): no peer ratio", flush=True)
            results.append(Result(name="kolada fetch, digipuff", size=size, seconds=our_seconds,
                                  rate=f"{our_requests} requests"))  # fmt: skip

        services.municipality_set(actor=None, name="Syntetisk kommun", kolada_id=dataset.municipalities[0])
        council = make_unit("Kommunfullmäktige", code="BKF", valid_from=2010)
        committee = make_unit("Nämnd", parent=council, code="BN")
        Measure.objects.bulk_create(
            Measure(owner=committee, name=f"Mått {kpi}", source=Source.KOLADA, source_id=kpi,
                    direction=Direction.HIGHER, periodicity=Periodicity.YEAR)
            for kpi in dataset.kpis
        )  # fmt: skip
        # The synthetic codes are in no real county; a comparison list with every municipality makes the sync fetch
        # all 290.
        ComparisonArea.objects.bulk_create([ComparisonArea(code=m, name=f"Kommun {m}") for m in dataset.municipalities])
        everyone = ComparisonGroup.objects.create(name="Alla kommuner", committee=committee)
        everyone.members.set(ComparisonArea.objects.all())
        for label in ("first sync", "sync, nothing changed"):
            with KoladaClient(
                base_url, min_interval=settings.KOLADA_MIN_INTERVAL, max_workers=settings.KOLADA_MAX_WORKERS
            ) as client:
                start = time.perf_counter()
                outcome = sync.sync(client=client, kpis=dataset.kpis, years=dataset.years)
                seconds = time.perf_counter() - start
            assert outcome.ok, outcome.failed or outcome.error
            values = outcome.stored + outcome.counts.missing
            assert values == dataset.value_count, outcome.summary()
            print(f"  {label}: {outcome.summary()} in {seconds:.1f} s, {client.request_count} requests", flush=True)
            results.append(
                Result(
                    name=f"kolada {label}",
                    size=size,
                    seconds=seconds,
                    rate=f"{client.request_count} requests, {values / seconds:,.0f} values/s".replace(",", " "),
                    goal=f"<= {SYNC_GOAL_SECONDS:.0f} s",
                    ok=seconds <= SYNC_GOAL_SECONDS,
                )
            )
    return results
