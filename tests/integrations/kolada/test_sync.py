"""The Kolada sync, comparisons and pages against recorded responses (no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from digipuff.indicators.choices import Direction, Periodicity, Source
from digipuff.indicators.models import ComparisonArea, ComparisonGroup, ComparisonValue, Measure, MeasureValue
from digipuff.integrations.kolada import selectors, sync
from digipuff.integrations.kolada.client import KoladaClient
from digipuff.integrations.kolada.models import KpiMetadata, OuValue, SyncLog, ValueRevision
from digipuff.integrations.kolada.offline import FIXTURES_DIR, OFFLINE_BASE_URL, RecordedTransport

from .generate import generate_dataset
from .replay_server import RESPONSES_DIR, start_replay_server
from .synthetic import SyntheticMetadata

DEMO_KPIS = ["U21468", "U23471", "U28532", "U35544"]
STOCKHOLMS_LAN = sorted(
    ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136", "0138", "0139", "0140", "0160",
     "0162", "0163", "0180", "0181", "0182", "0183", "0184", "0186", "0187", "0188", "0191", "0192"]
)  # fmt: skip
Handler = Callable[[httpx.Request], httpx.Response | None]


class Transport(httpx.BaseTransport):
    """Recorded responses, with optional hooks that may answer (or break) a request first; logs every path."""

    def __init__(self, *hooks: Handler, directories: tuple[Path, ...] = (FIXTURES_DIR,)) -> None:
        self.recorded = RecordedTransport(directories)
        self.hooks = list(hooks)
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(unquote(request.url.path))
        for hook in self.hooks:
            response = hook(request)
            if response is not None:
                return response
        return self.recorded.handle_request(request)


def client_for(transport: httpx.BaseTransport, sleeps: list[float] | None = None) -> KoladaClient:
    return KoladaClient(
        OFFLINE_BASE_URL,
        transport=transport,
        min_interval=0,
        max_retries=3,
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
    )


def edit_body(request: httpx.Request, change: Callable[[dict], None]) -> httpx.Response:
    """The recorded response for the request, changed by `change` (a revision or deletion at Kolada)."""
    response = RecordedTransport().handle_request(request)
    body = json.loads(response.content)
    change(body)
    return httpx.Response(200, json=body)


def value_of(body: dict, municipality: str, year: int, gender: str) -> dict:
    item = next(i for i in body["values"] if i["municipality"] == municipality and i["period"] == year)
    return next(v for v in item["values"] if v["gender"] == gender)


def make_measure(owner, kpi: str, name: str = "Mått", direction: str = Direction.HIGHER) -> Measure:
    return Measure.objects.create(
        owner=owner, name=name, source=Source.KOLADA, source_id=kpi, direction=direction,
        periodicity=Periodicity.YEAR,
    )  # fmt: skip


@pytest.fixture
def measures(org) -> dict[str, Measure]:
    return {
        "U23471": make_measure(org.von, "U23471", "Andel brukare nöjda med äldreboendet"),
        "U21468": make_measure(org.von, "U21468", "Andel brukare nöjda med hemtjänsten"),
        "U28532": make_measure(org.von, "U28532", "Brukarbedömning daglig verksamhet LSS"),
        "U35544": make_measure(org.sn, "U35544", "Brukarbedömning missbruksvård IFO - förbättrad situation"),
    }


def run(transport: httpx.BaseTransport, **kwargs) -> sync.SyncResult:
    with client_for(transport) as client:
        return sync.sync(client=client, **kwargs)


# The seeds' figures come out of the recorded responses.


@pytest.mark.django_db
def test_sync_fills_measures_with_seed_ranks_and_averages(measures) -> None:
    result = run(Transport())
    assert result.ok
    assert result.counts.new + result.counts.missing == 4 * 26 * 3 * 3
    assert result.summary() == (
        f"Kolada: {result.stored} values stored ({result.counts.new} new, 0 changed, 0 unchanged), "
        f"{result.counts.missing} missing"
    )
    assert ComparisonGroup.objects.get(is_county=True).members.count() == 26

    old_age = selectors.measure_comparison(measure=measures["U23471"])
    assert [y.year for y in old_age.years] == [2018, 2017, 2016]
    y2018 = old_age.for_year(2018)
    assert (y2018.value, y2018.women, y2018.men) == (82, 81, 85)
    assert str(y2018.county.rank) == "3/26"
    assert y2018.county.average == 79
    assert str(old_age.for_year(2017).county.rank) == "8/26"
    assert str(old_age.for_year(2016).county.rank) == "11/26"
    assert old_age.title.startswith("Brukarbedömning särskilt boende")

    home = selectors.comparison_for_year(measure=measures["U21468"], year=2018)
    assert (home.value, home.women, home.men, str(home.county.rank), home.county.average) == (84, 83, 85, "19/26", 84)
    daily = selectors.comparison_for_year(measure=measures["U28532"], year=2018)
    assert (daily.value, daily.women, daily.men) == (92, 89, 94)
    assert (str(daily.county.rank), daily.county.average, daily.county.size) == ("2/23", 80, 26)

    stored = {(v.year, v.group): v.value for v in MeasureValue.objects.filter(measure=measures["U23471"], month=0)}
    assert stored[(2018, "T")] == 82 and stored[(2018, "K")] == 81 and stored[(2017, "T")] == 84
    assert MeasureValue.objects.filter(measure=measures["U23471"]).exclude(fetched_at=None).count() == 9

    again = run(Transport())
    assert (again.counts.new, again.counts.changed, again.counts.unchanged) == (0, 0, result.stored)


@pytest.mark.django_db
def test_committee_comparison_municipalities_are_shown(org, measures) -> None:
    run(Transport())
    group = ComparisonGroup.objects.create(name="Jämförelsekommuner", committee=org.von)
    group.members.set(ComparisonArea.objects.filter(code__in=["0136", "0123", "0182", "0180", "0117", "0163"]))
    year = selectors.comparison_for_year(measure=measures["U23471"], year=2018)
    (own_list,) = year.groups
    assert [m.name for m in own_list.members] == [
        "Haninge",
        "Järfälla",
        "Nacka",
        "Sollentuna",
        "Stockholm",
        "Österåker",
    ]
    assert own_list.rank.with_values == 7
    # SN's measure does not see VON's list.
    assert selectors.comparison_for_year(measure=measures["U35544"], year=2018).groups == ()


# Client behaviour through the sync: paging, batching, retries.


@pytest.mark.django_db
def test_paging_and_batching_over_many_ids(org) -> None:
    org_municipality = sync.Municipality.current()
    org_municipality.kolada_id = "9001"
    org_municipality.save()
    dataset = generate_dataset(n_municipalities=30, n_kpis=27, n_years=2, first_year=2020, per_page=7)
    with start_replay_server(providers=[dataset, SyntheticMetadata(dataset)]) as server:
        client = KoladaClient(server.base_url, min_interval=0)
        make_measure(org.sn, "Z00001")
        result = sync.sync(client=client, kpis=dataset.kpis, years=[2020, 2021])
        requests = client.request_count
    assert result.ok
    assert result.counts.new + result.counts.missing == 27 * 30 * 2 * 3
    assert ComparisonValue.objects.count() == 27 * 30 * 2 * 3
    # /municipality, then per batch of KPIs (25 + 2) its metadata and its values for 30 municipalities in batches of
    # 25 + 5, paged 7 items a page: 25 KPIs x 25 x 2 years = 1250 items -> 179 pages, 25 x 5 x 2 -> 36, 2 x 25 x 2
    # -> 15, 2 x 5 x 2 -> 3 (one KPI a request took 1 + 27 * (1 + 8 + 2) = 298).
    assert requests == 1 + (1 + 179 + 36) + (1 + 15 + 3)
    assert MeasureValue.objects.filter(measure__source_id="Z00001").count() == 2 * 3 - sum(
        dataset.value("Z00001", "9001", y, g) is None for y in (2020, 2021) for g in "TKM"
    )


@pytest.mark.django_db
def test_retries_after_429_and_503(measures) -> None:
    faults = [httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(503)]

    def flaky(request: httpx.Request) -> httpx.Response | None:
        if "/data/kpi/U23471" in request.url.path and faults:
            return faults.pop(0)
        return None

    sleeps: list[float] = []
    with client_for(Transport(flaky), sleeps) as client:
        result = sync.sync(client=client, kpis=["U23471"])
    assert result.ok and not faults
    assert sleeps == [2, 2]
    assert ComparisonValue.objects.filter(kpi="U23471").count() == 26 * 3 * 3


# Missing, deleted and revised values.


@pytest.mark.django_db
def test_missing_values_are_stored_without_number_and_counted(measures) -> None:
    result = run(Transport(), kpis=["U28532"])
    missing = ComparisonValue.objects.filter(kpi="U28532", value=None)
    assert missing.count() == result.counts.missing == (3 + 8 + 5) * 3
    assert set(missing.values_list("status", flat=True)) == {"Missing"}


@pytest.mark.django_db
def test_revised_value_is_updated_and_old_one_kept(measures) -> None:
    run(Transport(), kpis=["U23471"])

    def revise(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("0191"):

            def change(body: dict) -> None:
                value_of(body, "0126", 2018, "T")["value"] = 83.5

            return edit_body(request, change)
        return None

    result = run(Transport(revise), kpis=["U23471"])
    assert (result.counts.new, result.counts.changed) == (0, 1)
    assert result.summary().endswith("(0 new, 1 changed, 233 unchanged), 0 missing")
    revision = ValueRevision.objects.get()
    assert (revision.area, revision.year, revision.gender) == ("0126", 2018, "T")
    assert (revision.old_value, revision.new_value, revision.withdrawn) == (82, Decimal("83.5"), False)
    assert revision.sync == result.log
    assert MeasureValue.objects.get(measure=measures["U23471"], year=2018, group="T").value == Decimal("83.5")
    assert ComparisonValue.objects.get(kpi="U23471", area__code="0126", year=2018, group="T").value == Decimal("83.5")


@pytest.mark.django_db
def test_deleted_values_are_removed_with_history(measures) -> None:
    run(Transport(), kpis=["U23471"])

    def delete(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("0191"):

            def change(body: dict) -> None:
                value_of(body, "0126", 2016, "K")["isdeleted"] = True  # flagged by Kolada
                item = next(i for i in body["values"] if i["municipality"] == "0180" and i["period"] == 2017)
                body["values"].remove(item)  # or simply no longer there

            return edit_body(request, change)
        return None

    result = run(Transport(delete), kpis=["U23471"])
    assert result.counts.missing == 1 + 3
    assert not ComparisonValue.objects.filter(kpi="U23471", area__code="0126", year=2016, group="K").exists()
    assert not ComparisonValue.objects.filter(kpi="U23471", area__code="0180", year=2017).exists()
    assert not MeasureValue.objects.filter(measure=measures["U23471"], year=2016, group="K").exists()
    withdrawn = ValueRevision.objects.filter(withdrawn=True)
    assert withdrawn.count() == 4
    assert withdrawn.get(area="0126").old_value is not None


# Atomic per KPI.


@pytest.mark.django_db
def test_failure_in_the_middle_leaves_stored_values_intact(measures) -> None:
    assert run(Transport(), kpis=["U23471", "U21468"]).ok
    before = sorted(ComparisonValue.objects.values_list("kpi", "area__code", "year", "group", "value"))

    def revise_then_fail(request: httpx.Request) -> httpx.Response | None:
        path = unquote(request.url.path)
        # The KPIs are first asked for together (then U23471's second batch fails), then one by one.
        if path.startswith("/v3/data/kpi/") and "U23471" in path.split("/")[4].split(",") and path.endswith("0191"):
            return edit_body(request, lambda body: value_of(body, "0126", 2018, "T").update(value=10))
        if path.startswith("/v3/data/kpi/") and "U23471" in path.split("/")[4].split(",") and path.endswith("0192"):
            return httpx.Response(503)  # every retry: the second batch never arrives
        return None

    result = run(Transport(revise_then_fail), kpis=["U23471", "U21468"])
    assert list(result.failed) == ["U23471"], (result.error, result.counts)
    assert result.log.status == SyncLog.Status.PARTIAL
    assert result.counts.unchanged == 26 * 3 * 3  # U21468 went through
    after = sorted(ComparisonValue.objects.values_list("kpi", "area__code", "year", "group", "value"))
    assert after == before
    assert MeasureValue.objects.get(measure=measures["U23471"], year=2018, group="T").value == 82
    assert not ValueRevision.objects.exists()


@pytest.mark.django_db
def test_kpis_are_fetched_together_and_a_broken_one_fails_alone(measures) -> None:
    transport = Transport()
    assert run(transport, kpis=DEMO_KPIS).ok
    # One metadata request and one request per municipality batch for all four KPIs (one KPI a request took 12).
    assert transport.paths == [
        "/v3/municipality",
        "/v3/kpi/U21468,U23471,U28532,U35544",
        "/v3/data/kpi/U21468,U23471,U28532,U35544/municipality/" + ",".join(STOCKHOLMS_LAN[:25]),
        "/v3/data/kpi/U21468,U23471,U28532,U35544/municipality/0192",
    ]

    def broken(request: httpx.Request) -> httpx.Response | None:
        path = unquote(request.url.path)
        if path.startswith("/v3/data/kpi/") and "U28532" in path.split("/")[4].split(","):
            return httpx.Response(200, json={"count": 1, "values": "not a list", "next_url": None})
        if path.startswith("/v3/data/kpi/") and "U21468" in path.split("/")[4].split(","):
            # The first KPI tried alone is broken too, in a single item: the others are still tried.
            item = {"kpi": "U21468", "municipality": "0126", "period": 2018, "values": [{"gender": "T", "value": "8"}]}
            return httpx.Response(200, json={"count": 1, "values": [item], "next_url": None})
        return None

    broken_transport = Transport(broken)
    result = run(broken_transport, kpis=DEMO_KPIS)
    assert list(result.failed) == ["U21468", "U28532"]
    assert "values" in result.failed["U28532"]
    assert "'value' must be a number" in result.failed["U21468"]
    assert result.log.status == SyncLog.Status.PARTIAL
    assert result.counts.unchanged > 0
    # The batch failed, then each KPI was asked for alone; U28532's stored values are kept.
    assert "/v3/kpi/U23471" in broken_transport.paths
    assert ComparisonValue.objects.filter(kpi="U28532").exists()


@pytest.mark.django_db
def test_when_kolada_stops_answering_the_rest_of_the_batch_is_not_tried(measures) -> None:
    def down_after_metadata(request: httpx.Request) -> httpx.Response | None:
        return httpx.Response(503) if "/data/" in request.url.path else None

    transport = Transport(down_after_metadata)
    with client_for(transport) as client:
        client.max_retries = 0
        result = sync.sync(client=client, kpis=DEMO_KPIS)
    assert list(result.failed) == DEMO_KPIS
    assert all("HTTP 503" in message for message in result.failed.values())
    # The batch, then the first KPI alone; the other three are reported failed without asking again.
    assert sum(path.startswith("/v3/data/") for path in transport.paths) == 2
    assert not ComparisonValue.objects.exists()


@pytest.mark.django_db
def test_database_error_rolls_back_the_kpi(measures, monkeypatch) -> None:
    original = sync._store_measure_values

    def broken(**kwargs):
        original(**kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(sync, "_store_measure_values", broken)
    with pytest.raises(RuntimeError):
        run(Transport(), kpis=["U23471"])
    assert not ComparisonValue.objects.exists()
    assert not MeasureValue.objects.exists()
    assert SyncLog.objects.get().status == SyncLog.Status.FAILED


@pytest.mark.django_db
def test_disappeared_kpi_is_reported_and_values_kept(measures) -> None:
    run(Transport(), kpis=["U23471"])

    def gone(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/kpi/U23471"):
            return httpx.Response(200, json={"count": 0, "values": [], "next_url": None})
        return None

    result = run(Transport(gone), kpis=["U23471"])
    assert result.disappeared == ["U23471"]
    assert KpiMetadata.objects.get(pk="U23471").disappeared_at is not None
    assert ComparisonValue.objects.filter(kpi="U23471").count() == 234
    assert result.log.disappeared == ["U23471"]


@pytest.mark.django_db
def test_unit_values_are_linked_by_kolada_unit_id(org) -> None:
    org.sn_operation.kolada_ou_id = "V21E012600101"
    org.sn_operation.save()
    org.sof.kolada_ou_id = "V21E012600301"
    org.sof.save()
    transport = Transport(directories=(RESPONSES_DIR, FIXTURES_DIR))
    result = run(transport, kpis=["U35544"], years=[2023])
    assert result.ok
    assert "/v3/oudata/kpi/U35544/ou/V21E012600101,V21E012600301/year/2023" in transport.paths
    assert OuValue.objects.filter(org_unit=org.sn_operation, year=2023).exists()


# Ranking with ties and gaps, and the source list.


@pytest.mark.django_db
def test_rank_with_ties_and_gaps(org) -> None:
    measure = make_measure(org.sn, "X00001", direction=Direction.LOWER)
    county = ComparisonGroup.objects.create(name="Stockholms län", is_county=True)
    values = {"0126": 5, "0127": 3, "0128": 5, "0136": None, "0138": 7, "0139": 3}
    for code, value in values.items():
        area = ComparisonArea.objects.create(code=code, name=f"K{code}")
        county.members.add(area)
        ComparisonValue.objects.create(kpi="X00001", area=area, year=2020, value=value)
    year = selectors.comparison_for_year(measure=measure, year=2020)
    # Lower is better: 3, 3 share 1st; 0126 and 0128 tie at 3rd; 0136 has no value.
    assert (year.county.rank.position, year.county.rank.with_values, year.county.size) == (3, 5, 6)
    assert year.county.average == Decimal("4.6")


@pytest.mark.django_db
def test_source_list_names_kpis_once(measures) -> None:
    run(Transport(), kpis=["U23471"])
    entries = selectors.source_list(measures=[measures["U23471"], measures["U23471"], measures["U21468"]])
    assert [e.kpi for e in entries] == ["U21468", "U23471"]
    assert entries[1].title.startswith("Brukarbedömning särskilt boende") and entries[1].fetched_at is not None
    assert str(entries[1]).startswith("Kolada, U23471 ")


# Command.


@pytest.fixture
def replay(settings):
    with start_replay_server(responses_dir=FIXTURES_DIR) as server:
        settings.KOLADA_BASE_URL = server.base_url
        settings.KOLADA_MIN_INTERVAL = 0
        yield server


@pytest.mark.django_db
def test_command_prints_summary_line(measures, users, replay, capsys) -> None:
    call_command("kolada", "sync", "--all-linked")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "Kolada: 771 values stored (771 new, 0 changed, 0 unchanged), 165 missing"
    call_command("kolada", "sync", "--kpi", "U23471", "--as", "council_admin")
    assert capsys.readouterr().out.strip() == "Kolada: 234 values stored (0 new, 0 changed, 234 unchanged), 0 missing"


@pytest.mark.django_db
def test_command_catalogue_fetch_and_search(org, replay, capsys) -> None:
    call_command("kolada", "catalogue")
    assert "Koladakatalogen: 7 nyckeltal sparade." in capsys.readouterr().out
    call_command("kolada", "catalogue", "--search", "ÄLDREOMSORG helhetssyn")
    out = capsys.readouterr().out
    assert "U23471" in out and "U21468" in out and "U28532" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "2018-2016"], "'2018-2016' är inte ett år eller ett intervall av år som 2015-2024."),
        (["--years", "abc"], "'abc' är inte ett år"),
        (["--kpi", "U1/2"], "'U1/2' är inget nyckeltals-id i Kolada"),
        (["--kpi", "U23471", "--as", "ghost"], "Det finns ingen aktiv användare som heter 'ghost'."),
        (["--kpi", "U23471", "--as", "sn_reader"], "Inte tillåtet: "),
    ],
)
@pytest.mark.django_db
def test_command_bad_input_is_one_sentence(measures, users, replay, args, message) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("kolada", "sync", *args)
    assert not ComparisonValue.objects.exists()


@pytest.mark.django_db
def test_command_fails_when_kolada_is_down(measures, settings, capsys) -> None:
    settings.KOLADA_BASE_URL = "http://127.0.0.1:9/v3"
    settings.KOLADA_MIN_INTERVAL = 0
    from digipuff.integrations.kolada import sync as sync_module

    original = sync_module.make_client
    sync_module.make_client = lambda **o: original(max_retries=0, timeout=1, **o)
    try:
        with pytest.raises(CommandError, match="Hämtningen från Kolada misslyckades"):
            call_command("kolada", "sync")
    finally:
        sync_module.make_client = original
    assert capsys.readouterr().out.strip() == "Kolada: 0 values stored (0 new, 0 changed, 0 unchanged), 0 missing"


# Pages and the button.


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(sync, "make_client", lambda **_o: client_for(Transport()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"),
    [("writer", 302), ("approver", 302), ("admin", 302), ("council_admin", 302), ("reader", 403),
     ("controller", 403), ("council_reader", 403), ("nobody", 404)],
)  # fmt: skip  # nobody may not view the measure: not disclosed (404)
def test_sync_button_permissions(client, users, measures, offline, username, status) -> None:
    client.force_login(users[username])
    response = client.post(f"/kolada/measure/{measures['U35544'].pk}/sync/")
    assert response.status_code == status
    assert ComparisonValue.objects.exists() == (status == 302)


@pytest.mark.django_db
def test_sync_button_other_committee_and_anonymous(client, users, measures, offline) -> None:
    client.force_login(users["writer"])
    assert client.post(f"/kolada/measure/{measures['U23471'].pk}/sync/").status_code == 404  # VON's measure
    assert client.get(f"/kolada/measure/{measures['U35544'].pk}/sync/").status_code == 405
    client.logout()
    response = client.post(f"/kolada/measure/{measures['U35544'].pk}/sync/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ComparisonValue.objects.exists()


@pytest.mark.django_db
def test_a_refused_sync_says_why_and_queues_nothing(client, users, measures, offline) -> None:
    from digipuff.core.models import TaskRun

    measure = measures["U35544"]
    Measure.objects.filter(pk=measure.pk).update(source=Source.MANUAL)
    client.force_login(users["writer"])
    url = f"/kolada/measure/{measure.pk}/sync/"
    response = client.post(url, follow=True)
    assert "Måttet är inte kopplat till ett nyckeltal i Kolada." in response.content.decode()
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 422  # swapped in place by htmx
    assert not TaskRun.objects.exists()


@pytest.mark.django_db
def test_sync_button_queues_a_task_and_shows_its_status_page(client, users, measures, offline) -> None:
    from digipuff.core.models import TaskRun

    client.force_login(users["writer"])
    response = client.post(f"/kolada/measure/{measures['U35544'].pk}/sync/", headers={"HX-Request": "true"})
    run = TaskRun.objects.get()
    assert response.status_code == 200 and response["HX-Redirect"] == f"/tasks/{run.pk}/"
    assert run.kind == "kolada.sync" and run.started_by == users["writer"] and run.unit == measures["U35544"].owner
    page = client.get(response["HX-Redirect"]).content.decode()
    # The test settings run tasks at once: the work is done, and the page says what it did, in Swedish.
    assert "Klar" in page and "värden sparade" in page and "every 2s" not in page
    assert run.progress_done == run.progress_total == 1
    assert f'href="{run.result_url}"' in page
    panel = client.get(run.result_url).content.decode()
    assert "6/14" in panel  # rank in the county 2018
    # Without htmx: an ordinary redirect to the status page.
    response = client.post(f"/kolada/measure/{measures['U35544'].pk}/sync/")
    assert response.status_code == 302 and response["Location"].startswith("/tasks/")


@pytest.mark.django_db
def test_a_failed_sync_shows_failed_with_a_swedish_message(client, users, measures, monkeypatch) -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="down")

    monkeypatch.setattr(sync, "make_client", lambda **_o: client_for(Transport(unreachable)))
    client.force_login(users["writer"])
    response = client.post(f"/kolada/measure/{measures['U35544'].pk}/sync/", follow=True)
    html = response.content.decode()
    assert "Misslyckades" in html and "Kolada gick inte att nå" in html
    assert not ComparisonValue.objects.exists()


@pytest.mark.django_db
def test_sync_status_page_is_for_the_starter_and_the_units_readers(client, users, measures, offline) -> None:
    client.force_login(users["writer"])
    url = client.post(f"/kolada/measure/{measures['U35544'].pk}/sync/")["Location"]
    for who, status in [("writer", 200), ("reader", 200), ("council_reader", 200), ("nobody", 404)]:
        client.force_login(users[who])
        assert client.get(url).status_code == status, who
    client.logout()
    assert "/login/" in client.get(url)["Location"]


@pytest.mark.django_db
def test_measure_panel_shows_rank_average_and_source(rf, users, measures, org) -> None:
    from django.template.loader import render_to_string

    run(Transport())
    group = ComparisonGroup.objects.create(name="Jämförelsekommuner", committee=org.von)
    group.members.set(ComparisonArea.objects.filter(code__in=["0136", "0180"]))
    request = rf.get("/")
    request.user = users["council_reader"]
    html = render_to_string("kolada/partials/measure_panel.html", {"measure": measures["U23471"]}, request=request)
    assert "3/26" in html and "8/26" in html and ">79<" in html
    assert "Haninge" in html and "Stockholm" in html and "Kolada" in html
    assert "kolada/measure/" not in html  # a reader gets no sync button


@pytest.mark.django_db
def test_kpi_search_page(client, users, measures) -> None:
    run(Transport())
    assert client.get("/kolada/kpi/").status_code == 302
    client.force_login(users["nobody"])
    response = client.get("/kolada/kpi/", {"q": "SÄRSKILT boende"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "U23471" in html and "U21468" not in html
    detail = client.get("/kolada/kpi/U23471/")
    assert detail.status_code == 200 and "Socialstyrelsens" in detail.content.decode()
    assert client.get("/kolada/kpi/NOPE1/").status_code == 404
    partial = client.get("/kolada/kpi/", {"q": "hemtjänst"}, headers={"HX-Request": "true"})
    assert "<h1" not in partial.content.decode() and "U21468" in partial.content.decode()


@pytest.mark.django_db
def test_kpi_api(client, users, measures) -> None:
    run(Transport())
    assert client.get("/api/v1/kolada-kpis/").status_code in (401, 403)
    client.force_login(users["nobody"])
    data = client.get("/api/v1/kolada-kpis/", {"q": "lss"}).json()
    assert [k["id"] for k in data["results"]] == ["U28532"]
    assert client.get("/api/v1/kolada-kpis/U23471/").json()["has_ou_data"] is True


@pytest.mark.django_db
def test_demo_load_is_idempotent(org) -> None:
    from digipuff.integrations.kolada import demo

    demo.load()
    demo.load()
    assert ComparisonValue.objects.count() == 936
    assert ComparisonGroup.objects.filter(committee=org.sn).get().members.count() == 6
    assert KpiMetadata.objects.count() == 7
