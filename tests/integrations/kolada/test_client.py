"""Tests for the Kolada API v3 client against recorded responses; no network is used."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from urllib.parse import unquote

import httpx
import pytest

from digipuff.integrations.kolada import (
    MAX_IDS_PER_REQUEST,
    KoladaClient,
    KoladaError,
    KoladaValue,
    Kpi,
    Municipality,
)
from digipuff.integrations.kolada.offline import OFFLINE_BASE_URL, RecordedTransport, compose_batched

from . import record
from .generate import GENDERS, SyntheticDataset, generate_dataset
from .replay_server import RECORDED_BASE_URL, ResponseLibrary, start_replay_server
from .synthetic import SyntheticMetadata

LIBRARY = ResponseLibrary()

STOCKHOLMS_LAN = [
    "0114",
    "0115",
    "0117",
    "0120",
    "0123",
    "0125",
    "0126",
    "0127",
    "0128",
    "0136",
    "0138",
    "0139",
    "0140",
    "0160",
    "0162",
    "0163",
    "0180",
    "0181",
    "0182",
    "0183",
    "0184",
    "0186",
    "0187",
    "0188",
    "0191",
    "0192",
]

Handler = Callable[[httpx.Request], httpx.Response]


def replay(request: httpx.Request) -> httpx.Response:
    """Answer a request from the recorded responses, as api.kolada.se would."""
    path = request.url.path
    assert path.startswith("/v3/"), path
    body = LIBRARY.body(path[len("/v3") :], request.url.query.decode())
    if body is None:
        return httpx.Response(404, json={"error": f"not recorded: {request.url}"})
    return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


class Recorder:
    """A MockTransport handler that logs requests and can inject responses or errors before replaying."""

    def __init__(self, faults: list[httpx.Response | Exception] | None = None, handler: Handler = replay) -> None:
        self.requests: list[httpx.Request] = []
        self.faults = list(faults or [])
        self.handler = handler

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.faults:
            fault = self.faults.pop(0)
            if isinstance(fault, Exception):
                raise fault
            return fault
        return self.handler(request)

    @property
    def paths(self) -> list[str]:
        return [unquote(r.url.path) for r in self.requests]


def make_client(recorder: Recorder, sleeps: list[float] | None = None, **kwargs: object) -> KoladaClient:
    options: dict[str, object] = {"min_interval": 0, "backoff": 1.0, "max_retries": 3}
    options.update(kwargs)
    return KoladaClient(
        transport=httpx.MockTransport(recorder),
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


# Metadata


def test_kpi_metadata_is_parsed_into_typed_record(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        kpis = client.get_kpis(["U35544"])
    assert recorder.paths == ["/v3/kpi/U35544"]
    assert kpis == [
        Kpi(
            id="U35544",
            title="Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)",
            description=kpis[0].description,
            operating_area="Äldreomsorg",
            perspective="Kvalitet",
            auspice="X",
            municipality_type="K",
            is_divided_by_gender=True,
            has_ou_data=True,
            publication_date="2024-11-19",
            prel_publication_date=None,
            ou_publication_date="2024-11-19",
            publ_period="2024",
        )
    ]
    assert kpis[0].description is not None and kpis[0].description.startswith("Andel brukare i hemtjänsten")


def test_kpi_title_search_follows_next_page(recorder: Recorder) -> None:
    with make_client(recorder, per_page=2) as client:
        kpis = client.get_kpis(title="brukarbedömning")
    assert [k.id for k in kpis] == ["U35544", "U35545", "U23471"]
    assert len(recorder.requests) == 2
    assert recorder.requests[0].url.params["title"] == "brukarbedömning"
    assert recorder.requests[1].url.params["page"] == "2"
    special = kpis[2]
    # 0/1 integers and JSON booleans both occur for flags.
    assert special.is_divided_by_gender is False
    assert special.has_ou_data is False
    assert special.prel_publication_date == "2025-03-04"


def test_municipalities_by_region_type(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        regions = client.get_municipalities(region_type="L")
    assert recorder.requests[0].url.params["region_type"] == "L"
    assert len(regions) == 22
    assert {r.type for r in regions} == {"L"}
    assert Municipality(id="0000", title="Riket", type="L") in regions
    assert Municipality(id="0001", title="Region Stockholm", type="L") in regions


def test_municipality_list_is_paged_without_losing_entries(recorder: Recorder) -> None:
    with make_client(recorder, per_page=20) as client:
        areas = client.get_municipalities()
    assert len(recorder.requests) == 2
    ids = [a.id for a in areas]
    assert len(ids) == len(set(ids)) == 28
    assert set(STOCKHOLMS_LAN) <= set(ids)


def test_municipality_title_search(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        assert client.get_municipalities(title="Huddinge") == [Municipality(id="0126", title="Huddinge", type="K")]


def test_municipality_groups_have_members(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        groups = client.get_municipality_groups(title="Huddinge")
    assert [g.id for g in groups] == ["G33816", "G124026"]
    first = groups[0]
    assert first.title.startswith("Liknande kommuner äldreomsorg")
    assert [m.id for m in first.members][:3] == ["0127", "0136", "0163"]
    assert first.members[0].title == "Botkyrka"


def test_organisational_units_by_municipality(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        units = client.get_organisational_units(municipalities=["0126"])
    assert recorder.requests[0].url.params["municipality"] == "0126"
    assert len(units) == 4
    assert {u.municipality for u in units} == {"0126"}
    assert units[0].id == "V21E012600101"


# Data


def test_data_follows_every_page(recorder: Recorder) -> None:
    with make_client(recorder, per_page=2) as client:
        values = client.get_data(kpis=["U35544"], municipalities=["0126"], years=range(2019, 2024))
    assert recorder.paths == ["/v3/data/kpi/U35544/municipality/0126/year/2019,2020,2021,2022,2023"] * 3
    assert [r.url.params.get("page") for r in recorder.requests] == [None, "2", "3"]
    assert len(values) == 5 * 3
    assert Counter((v.period, v.gender) for v in values) == Counter(
        {(year, gender): 1 for year in range(2019, 2024) for gender in GENDERS}
    )
    hudd_2023_t = next(v for v in values if v.period == 2023 and v.gender == "T")
    assert hudd_2023_t == KoladaValue(
        kpi="U35544",
        period=2023,
        gender="T",
        value=Decimal(87),
        status="",
        count=1,
        isdeleted=False,
        municipality="0126",
    )
    assert hudd_2023_t.area == "0126"


def test_missing_values_keep_status_and_null(recorder: Recorder) -> None:
    with make_client(recorder, per_page=2) as client:
        values = client.get_data(kpis=["U35544"], municipalities=["0126"], years=range(2019, 2024))
    missing = [v for v in values if v.period == 2020]
    assert len(missing) == 3
    assert all(v.value is None and v.status == "Missing" for v in missing)


def test_more_than_25_municipalities_are_batched(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        values = client.get_data(kpis=["U35544"], municipalities=STOCKHOLMS_LAN, years=[2023])
    assert len(recorder.requests) == 2
    segments = [path.split("/municipality/")[1].split("/year/")[0].split(",") for path in recorder.paths]
    assert [len(s) for s in segments] == [25, 1]
    assert sorted(code for segment in segments for code in segment) == sorted(STOCKHOLMS_LAN)
    per_area = Counter(v.municipality for v in values)
    assert per_area == Counter(dict.fromkeys(STOCKHOLMS_LAN, 3))
    nykvarn = [v for v in values if v.municipality == "0140"]
    assert all(v.value is None and v.status == "Missing" for v in nykvarn)


def test_every_id_list_is_batched_and_merged() -> None:
    kpis = [f"N{i:05d}" for i in range(1, 31)]
    municipalities = [f"{i:04d}" for i in range(101, 127)]
    years = list(range(1990, 2020))

    def echo(request: httpx.Request) -> httpx.Response:
        parts = unquote(request.url.path).split("/")
        k_ids, m_ids, y_ids = parts[4].split(","), parts[6].split(","), parts[8].split(",")
        assert max(len(k_ids), len(m_ids), len(y_ids)) <= MAX_IDS_PER_REQUEST
        # With the years known a batch fits one page of the API's 5000 items instead of needing several.
        assert len(k_ids) * len(m_ids) * len(y_ids) <= 5000
        items = [
            {"kpi": k, "municipality": m, "period": int(y), "values": [{"gender": "T", "count": 1, "value": 1.5}]}
            for k in k_ids
            for m in m_ids
            for y in y_ids
        ]
        return httpx.Response(200, json={"count": len(items), "values": items, "next_url": None})

    recorder = Recorder(handler=echo)
    with make_client(recorder) as client:
        values = client.get_data(kpis=kpis + kpis[:3], municipalities=municipalities, years=years)
    # KPIs 25 + 5, years 25 + 5, municipalities 8 + 8 + 8 + 2 (25 x 8 x 25 = 5000 items, one full page each).
    assert len(recorder.requests) == 2 * 4 * 2
    keys = Counter((v.kpi, v.municipality, v.period) for v in values)
    assert len(keys) == 30 * 26 * 30
    assert set(keys.values()) == {1}


def test_deleted_values_are_flagged(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        values = client.get_data(kpis=["U35544"], municipalities=["0126"], years=[2022], from_date="2024-03-01")
    assert recorder.requests[0].url.params["from_date"] == "2024-03-01"
    deleted = [v for v in values if v.isdeleted]
    assert [(v.gender, v.value) for v in deleted] == [("M", None)]
    assert {v.gender for v in values if not v.isdeleted} == {"K", "T"}


def test_ou_data_values_are_exact_decimals(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        values = client.get_ou_data(kpis=["U35544"], ous=["V21E012600101", "V21E012600301"], years=[2023])
    assert recorder.paths == ["/v3/oudata/kpi/U35544/ou/V21E012600101,V21E012600301/year/2023"]
    by_key = {(v.ou, v.gender): v for v in values}
    assert by_key["V21E012600101", "K"].value == Decimal("91.3")
    assert by_key["V21E012600301", "T"].value == Decimal("79.5")
    assert by_key["V21E012600301", "K"].value is None
    assert all(v.municipality is None for v in values)


def test_data_needs_two_dimensions_and_valid_ids(recorder: Recorder) -> None:
    with make_client(recorder) as client:
        with pytest.raises(ValueError, match="at least two"):
            client.get_data(kpis=["U35544"])
        with pytest.raises(ValueError, match="invalid Kolada"):
            client.get_data(kpis=["U35544,N00945"], years=[2023])
        with pytest.raises(ValueError, match="invalid year"):
            client.get_data(kpis=["U35544"], years=["23"])
        assert client.get_data(kpis=["U35544"], municipalities=[]) == []
    assert recorder.requests == []


# Failures, retries and politeness


def test_retries_after_429_and_503_with_backoff() -> None:
    sleeps: list[float] = []
    recorder = Recorder(
        faults=[httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(503), httpx.ReadTimeout("slow")]
    )
    with make_client(recorder, sleeps) as client:
        kpis = client.get_kpis(["U35544"])
    assert [k.id for k in kpis] == ["U35544"]
    assert len(recorder.requests) == 4
    assert client.request_count == 4
    # Retry-After wins over the 1 s first backoff; then 2 s and 4 s exponential backoff.
    assert sleeps == [3.0, 2.0, 4.0]


def test_connection_errors_are_retried() -> None:
    recorder = Recorder(faults=[httpx.ConnectError("refused"), httpx.ConnectTimeout("timed out")])
    with make_client(recorder) as client:
        assert len(client.get_municipalities(title="Huddinge")) == 1
    assert len(recorder.requests) == 3


def test_gives_up_after_max_retries() -> None:
    sleeps: list[float] = []
    recorder = Recorder(faults=[httpx.Response(503)] * 10)
    with make_client(recorder, sleeps, max_retries=2) as client, pytest.raises(KoladaError) as caught:
        client.get_kpis(["U35544"])
    assert len(recorder.requests) == 3
    assert caught.value.status == 503
    assert caught.value.url == f"{RECORDED_BASE_URL}/kpi/U35544"
    assert "HTTP 503 after 3 attempt(s)" in str(caught.value)
    assert f"{RECORDED_BASE_URL}/kpi/U35544" in str(caught.value)
    assert sleeps == [1.0, 2.0]


def test_gives_up_on_persistent_network_errors() -> None:
    recorder = Recorder(faults=[httpx.ConnectError("refused")] * 5)
    with make_client(recorder, max_retries=1) as client, pytest.raises(KoladaError, match="ConnectError"):
        client.get_kpis(["U35544"])
    assert len(recorder.requests) == 2


def test_retry_after_beyond_max_backoff_fails_instead_of_hammering() -> None:
    recorder = Recorder(faults=[httpx.Response(429, headers={"Retry-After": "3600"})])
    with (
        make_client(recorder, max_backoff=60) as client,
        pytest.raises(KoladaError, match="Retry-After 3600") as caught,
    ):
        client.get_kpis(["U35544"])
    assert caught.value.status == 429
    assert len(recorder.requests) == 1


def test_retry_after_as_http_date_is_honoured() -> None:
    sleeps: list[float] = []
    headers = {"Retry-After": "Wed, 06 Nov 2024 08:49:37 GMT", "Date": "Wed, 06 Nov 2024 08:49:27 GMT"}
    recorder = Recorder(faults=[httpx.Response(503, headers=headers)])
    with make_client(recorder, sleeps) as client:
        client.get_kpis(["U35544"])
    assert sleeps == [10.0]


def test_client_errors_are_not_retried() -> None:
    recorder = Recorder(faults=[httpx.Response(422, json={"detail": "too many ids"})])
    with make_client(recorder) as client, pytest.raises(KoladaError, match="HTTP 422") as caught:
        client.get_kpis(["U35544"])
    assert caught.value.status == 422
    assert len(recorder.requests) == 1


def test_a_failed_later_page_raises_instead_of_returning_a_partial_answer() -> None:
    def page_two_broken(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == "2":
            return httpx.Response(500)
        return replay(request)

    recorder = Recorder(handler=page_two_broken)
    with make_client(recorder, per_page=2, max_retries=1) as client, pytest.raises(KoladaError) as caught:
        client.get_data(kpis=["U35544"], municipalities=["0126"], years=range(2019, 2024))
    assert caught.value.status == 500
    assert "page=2" in str(caught.value)


def test_a_failed_batch_raises() -> None:
    def second_batch_missing(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/municipality/0192/year/2023"):
            return httpx.Response(404, json={"error": "not found"})
        return replay(request)

    recorder = Recorder(handler=second_batch_missing)
    with make_client(recorder) as client, pytest.raises(KoladaError, match="0192"):
        client.get_data(kpis=["U35544"], municipalities=STOCKHOLMS_LAN, years=[2023])


def test_invalid_json_raises(recorder: Recorder) -> None:
    with make_client(recorder) as client, pytest.raises(KoladaError, match="invalid JSON") as caught:
        client.get_kpis(["U99998"])
    assert caught.value.url == f"{RECORDED_BASE_URL}/kpi/U99998"
    assert len(recorder.requests) == 1


def test_unexpected_shape_raises(recorder: Recorder) -> None:
    with make_client(recorder) as client, pytest.raises(KoladaError, match="'values' must be a list"):
        client.get_data(kpis=["U35544"], municipalities=["0180"], years=[2023])


@pytest.mark.parametrize(
    "body",
    [
        {"error": "This endpoint is deprecated. Please use /v3 instead."},
        {"values": [{"kpi": "U35544", "municipality": "0126", "period": 2023}]},
        {"values": [{"kpi": "U35544", "municipality": 126, "period": 2023, "values": []}]},
        {"values": [{"kpi": "U35544", "municipality": "0126", "period": "23", "values": []}]},
        {
            "values": [
                {"kpi": "U35544", "municipality": "0126", "period": 2023, "values": [{"gender": "T", "value": "8"}]}
            ]
        },
        {"values": [{"kpi": "U35544", "municipality": "0126", "period": 2023, "values": [{"value": 8}]}]},
        [1, 2, 3],
        # Items shaped like the usual ones except for one field (the fast path must not accept them).
        *(
            {"values": [{"kpi": "U35544", "municipality": "0126", "period": 2023, "values": [{**ok, **bad}]}]}
            for ok in [{"gender": "T", "count": 1, "status": "", "value": 8.5, "isdeleted": False}]
            for bad in [
                {"gender": ""},
                {"gender": 1},
                {"value": "8.5"},
                {"value": True},
                {"status": 3},
                {"count": 1.0},
                {"count": True},
                {"isdeleted": "no"},
                {"isdeleted": 2},
            ]
        ),
    ],
)
def test_malformed_data_responses_raise(body: object) -> None:
    recorder = Recorder(handler=lambda _request: httpx.Response(200, json=body))
    with make_client(recorder) as client, pytest.raises(KoladaError, match="Unexpected Kolada response shape"):
        client.get_data(kpis=["U35544"], municipalities=["0126"], years=[2023])


def test_paging_loop_is_an_error() -> None:
    loop = {"count": 0, "values": [], "next_url": f"{RECORDED_BASE_URL}/kpi?page=1"}
    recorder = Recorder(handler=lambda _request: httpx.Response(200, json=loop))
    with make_client(recorder) as client, pytest.raises(KoladaError, match="loops"):
        client.get_kpis()
    assert len(recorder.requests) == 2


def test_v2_style_next_page_link_is_also_followed() -> None:
    def v2_paging(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == "2":
            return httpx.Response(200, json={"count": 1, "values": [{"id": "0126", "title": "Huddinge", "type": "K"}]})
        first = {"id": "0180", "title": "Stockholm", "type": "K"}
        return httpx.Response(200, json={"count": 1, "values": [first], "next_page": "/v3/municipality?page=2"})

    recorder = Recorder(handler=v2_paging)
    with make_client(recorder) as client:
        assert [m.id for m in client.get_municipalities()] == ["0180", "0126"]


def test_requests_are_spaced_by_min_interval() -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    recorder = Recorder()
    client = KoladaClient(
        transport=httpx.MockTransport(recorder), min_interval=0.5, per_page=2, sleep=sleep, clock=lambda: now[0]
    )
    with client:
        client.get_data(kpis=["U35544"], municipalities=["0126"], years=range(2019, 2024))
    assert len(recorder.requests) == 3
    assert sleeps == [0.5, 0.5]


# Over real HTTP


@pytest.fixture
def server() -> Iterator[str]:
    with start_replay_server() as running:
        yield running.base_url


def test_client_against_replay_server_over_http(server: str) -> None:
    with KoladaClient(server, min_interval=0, per_page=2, max_retries=0) as paged:
        values = paged.get_data(kpis=["U35544"], municipalities=["0126"], years=range(2019, 2024))
        kpis = paged.get_kpis(title="brukarbedömning")
    assert len(values) == 15
    assert [k.id for k in kpis] == ["U35544", "U35545", "U23471"]
    assert paged.request_count == 3 + 2
    with KoladaClient(server, min_interval=0, max_retries=0) as client:
        lan = client.get_data(kpis=["U35544"], municipalities=STOCKHOLMS_LAN, years=[2023])
        with pytest.raises(KoladaError, match="HTTP 404"):
            client.get_kpis(["N00945"])
    assert Counter(v.municipality for v in lan) == Counter(dict.fromkeys(STOCKHOLMS_LAN, 3))
    assert client.request_count == 2 + 1


def test_synthetic_dataset_served_with_paging() -> None:
    dataset = generate_dataset(n_municipalities=30, n_kpis=3, n_years=2, per_page=50)
    with (
        start_replay_server(providers=[dataset]) as running,
        KoladaClient(running.base_url, min_interval=0, max_retries=0) as client,
    ):
        values = client.get_data(kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years)
    assert len(values) == dataset.value_count == 30 * 3 * 2 * 3
    assert len({(v.kpi, v.municipality, v.period, v.gender) for v in values}) == len(values)
    # Two municipality batches (25 + 5): 3 * 25 * 2 = 150 items -> 3 pages, 3 * 5 * 2 = 30 items -> 1 page.
    assert client.request_count == 4
    sample = values[0]
    expected = dataset.value(sample.kpi, sample.municipality or "", sample.period, sample.gender)
    assert sample.value == (None if expected is None else Decimal(expected))
    assert any(v.value is None and v.status == "Missing" for v in values)


def test_full_size_synthetic_dataset_pages_quickly() -> None:
    dataset = generate_dataset()
    assert (len(dataset.municipalities), len(dataset.kpis), len(dataset.years)) == (290, 50, 10)
    assert dataset.value_count == 290 * 50 * 10 * 3
    path = f"/data/kpi/{','.join(dataset.kpis[:25])}/municipality/{','.join(dataset.municipalities[:25])}/year/" + (
        ",".join(str(y) for y in dataset.years)
    )
    first = json.loads(dataset.respond(path, "", "http://x/v3") or b"")
    assert first["count"] == 5000
    assert first["next_url"] == f"http://x/v3{path}?page=2&per_page=5000"
    last = json.loads(dataset.respond(path, "page=2&per_page=5000", "http://x/v3") or b"")
    assert last["count"] == 25 * 25 * 10 - 5000
    assert last["next_url"] is None
    assert dataset.respond("/data/kpi/U35544/year/2023", "", "http://x/v3") is None


def test_record_plan_covers_every_recorded_route() -> None:
    planned = {recording.name for recording in record.RECORDINGS}
    recorded = {file.stem.split("_page")[0] for file in LIBRARY.routes.values() if not file.stem.startswith("broken")}
    assert recorded == planned


# Batching and concurrency


def synthetic_handler(dataset: SyntheticDataset, log: list[str] | None = None) -> Handler:
    """Serve the synthetic data set (and its KPI metadata) as api.kolada.se/v3 would, logging each path."""
    metadata = SyntheticMetadata(dataset)

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path[len("/v3") :]
        if log is not None:
            log.append(unquote(path))
        query = request.url.query.decode()
        body = dataset.respond(path, query, RECORDED_BASE_URL) or metadata.respond(path, query, RECORDED_BASE_URL)
        if body is None:
            return httpx.Response(404, json={"error": f"not served: {path}"})
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return handle


def test_national_data_set_takes_no_more_requests_than_koladapy() -> None:
    # 50 KPIs x 290 municipalities x 10 years = 145 000 items at 5000 a page: at least 29 requests. koladapy sends
    # 25 ids a list: 2 x 12 batches of up to 6250 items, two pages each but the last -> 46 requests. Batches sized to
    # one page (25 KPIs x 20 municipalities x 10 years) make it 2 x 15 = 30.
    dataset = generate_dataset()
    paths: list[str] = []
    client = KoladaClient(
        transport=httpx.MockTransport(synthetic_handler(dataset, paths)), min_interval=0, max_workers=4
    )
    with client:
        kpis = client.get_kpis(dataset.kpis)
        values = client.get_data(kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years)
    assert len(kpis) == 50
    assert client.request_count == len(paths) == 2 + 30 <= 46
    assert len(values) == dataset.value_count
    assert len({(v.kpi, v.municipality, v.period, v.gender) for v in values}) == len(values)
    data_paths = [p for p in paths if p.startswith("/data/")]
    assert all("page=" not in p for p in data_paths)  # every batch answered in one page
    sizes = Counter(len(p.split("/")[5].split(",")) for p in data_paths)
    assert sizes == Counter({20: 28, 10: 2})


def test_batches_of_a_single_kpi_keep_25_municipalities() -> None:
    # One KPI x 25 municipalities x 10 years is far below a page: the recorded one-KPI URLs stay the same.
    dataset = generate_dataset(n_kpis=1, n_municipalities=26, n_years=10)
    paths: list[str] = []
    with KoladaClient(transport=httpx.MockTransport(synthetic_handler(dataset, paths)), min_interval=0) as client:
        client.get_data(kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years)
    assert [len(p.split("/")[5].split(",")) for p in paths] == [25, 1]


def test_workers_share_one_polite_rate() -> None:
    dataset = generate_dataset(n_kpis=2, n_municipalities=200, n_years=2)
    handler = synthetic_handler(dataset)
    lock = threading.Lock()
    started: list[float] = []
    in_flight = [0, 0]  # now, most at once

    def slow(request: httpx.Request) -> httpx.Response:
        with lock:
            started.append(time.monotonic())
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        time.sleep(0.06)  # a slow server: workers overlap their waiting
        try:
            return handler(request)
        finally:
            with lock:
                in_flight[0] -= 1

    interval = 0.02
    client = KoladaClient(transport=httpx.MockTransport(slow), min_interval=interval, max_workers=4)
    with client:
        values = client.get_data(kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years)
    assert len(values) == dataset.value_count
    assert client.request_count == len(started) == 8
    assert in_flight[1] > 1
    # The n-th request starts no earlier than n intervals after the first, whichever worker sent it.
    started.sort()
    assert all(at - started[0] >= n * interval - 0.002 for n, at in enumerate(started))


def test_a_failed_batch_among_workers_raises_the_error() -> None:
    dataset = generate_dataset(n_kpis=2, n_municipalities=100, n_years=2)
    handler = synthetic_handler(dataset)

    def one_broken(request: httpx.Request) -> httpx.Response:
        if "9051" in unquote(request.url.path):
            return httpx.Response(200, json={"count": 1, "values": "oops", "next_url": None})
        return handler(request)

    client = KoladaClient(transport=httpx.MockTransport(one_broken), min_interval=0, max_workers=3)
    with client, pytest.raises(KoladaError, match="9051"):
        client.get_data(kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years)


def test_max_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_workers"):
        KoladaClient(max_workers=0)


def test_batched_kpi_requests_are_composed_from_one_kpi_recordings() -> None:
    transport = RecordedTransport()
    areas = ",".join(STOCKHOLMS_LAN[:25])
    singles = [
        json.loads(
            transport.handle_request(
                httpx.Request("GET", f"{OFFLINE_BASE_URL}/data/kpi/{kpi}/municipality/{areas}")
            ).content
        )
        for kpi in ("U21468", "U23471")
    ]
    url = f"{OFFLINE_BASE_URL}/data/kpi/U21468,U23471/municipality/{areas}"
    batched = json.loads(transport.handle_request(httpx.Request("GET", url)).content)
    assert batched["values"] == singles[0]["values"] + singles[1]["values"]
    assert batched["count"] == len(batched["values"])
    assert batched["next_url"] is None
    with KoladaClient(OFFLINE_BASE_URL, transport=transport, min_interval=0) as client:
        kpis = client.get_kpis(["U21468", "U23471", "U28532"])
    assert [k.id for k in kpis] == ["U21468", "U23471", "U28532"]
    assert client.request_count == 1
    # A paged recording cannot be merged faithfully, and an unrecorded KPI is not invented.
    assert (
        compose_batched(
            "/data/kpi/U35544,U35544/municipality/0126/year/2019,2020,2021,2022,2023", "per_page=2", LIBRARY.body
        )
        is None
    )
    assert compose_batched(f"/data/kpi/U21468,N00000/municipality/{areas}", "", transport_body(transport)) is None


def transport_body(transport: RecordedTransport) -> Callable[[str, str], bytes | None]:
    return lambda path, query: transport.body(path, query, OFFLINE_BASE_URL)
