"""The Kolada sync: fetch KPI values for the own municipality, the county and the comparison groups and store them.

KPIs are fetched together, up to 25 a request (their metadata, their municipality values and their unit values), and
stored one KPI at a time, each in its own transaction, so a failure (a page that does not arrive, a database error)
leaves what was stored before intact. When a batch of KPIs cannot be fetched, its KPIs are tried one by one, so one
broken KPI fails alone as before; once Kolada is unreachable the rest of that batch is reported failed untried.
Writes are done in bulk: one read of what is stored, then one insert of what is new, one update of what Kolada revised
(the old value kept in :class:`~digipuff.integrations.kolada.models.ValueRevision`) and one statement refreshing the
fetch date of the rest.

What is stored, per KPI:

* ``indicators.ComparisonValue`` for every municipality of the own county, of the committees' comparison lists and of
  the Kolada groups in use (the own municipality included), all years or the years asked for, genders T/K/M;
* ``indicators.MeasureValue`` (month 0, the whole year) for every measure with ``source="kolada"`` and this KPI as
  ``source_id``: the own municipality's total, women and men;
* :class:`~digipuff.integrations.kolada.models.OuValue` for org units with a Kolada unit id, when the KPI has unit data.

A value Kolada reports without a number (status such as ``"Missing"``) is stored with its status and counted as
missing; a value Kolada withdrew (``isdeleted``, or no longer returned) is removed and counted as missing, its old
number kept as a revision. A KPI that Kolada no longer lists is reported, marked in the catalogue and left as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.formatting import format_number
from digipuff.indicators.choices import Source
from digipuff.indicators.models import ComparisonArea, ComparisonGroup, ComparisonValue, Measure, MeasureValue
from digipuff.integrations.kolada.client import MAX_IDS_PER_REQUEST, KoladaClient
from digipuff.integrations.kolada.models import KpiMetadata, OuValue, SyncLog, ValueRevision
from digipuff.integrations.kolada.schemas import GENDERS, KoladaError, KoladaValue, Kpi
from digipuff.organisation.models import Municipality, OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Stored values have four decimals (the indicators models); comparing at that precision keeps a value Kolada sends
# with more decimals from counting as "changed" on every sync.
QUANTUM = Decimal("0.0001")
BATCH = 2000
COMPARISON_COLUMNS = ("kpi", "area_id", "year", "group", "value", "status", "fetched_at")
OU_COLUMNS = ("kpi", "ou", "org_unit_id", "year", "gender", "value", "status", "fetched_at")

# The 21 counties (län) by the first two digits of their municipalities' codes.
COUNTY_NAMES: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0

    def add(self, other: Counts) -> None:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.missing += other.missing


@dataclass
class SyncResult:
    """What one sync did; ``summary()`` is the line the command ends with."""

    counts: Counts = field(default_factory=Counts)
    disappeared: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    error: str = ""
    log: SyncLog | None = None

    @property
    def stored(self) -> int:
        return self.counts.new + self.counts.changed + self.counts.unchanged

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error

    def summary(self) -> str:
        c = self.counts
        # Kept in English and in this exact shape: operators grep for it in cron mail and logs.
        return (
            f"Kolada: {format_number(self.stored)} values stored ({format_number(c.new)} new, "
            f"{format_number(c.changed)} changed, {format_number(c.unchanged)} unchanged), "
            f"{format_number(c.missing)} missing"
        )


class _Stored(NamedTuple):
    pk: int
    value: Decimal | None
    status: str
    fetched_at: datetime | None


class _Fetched(NamedTuple):
    """One KPI's answer: its metadata (None when Kolada no longer lists it), municipality and unit values."""

    metadata: Kpi | None
    values: list[KoladaValue]
    ou_values: list[KoladaValue]


def make_client(**options: Any) -> KoladaClient:
    """A client for ``settings.KOLADA_BASE_URL``; ``KOLADA_MIN_INTERVAL`` (seconds between requests, shared by all
    workers) and ``KOLADA_MAX_WORKERS`` (requests in flight at once) if set."""
    options.setdefault("min_interval", getattr(settings, "KOLADA_MIN_INTERVAL", 0.2))
    options.setdefault("max_workers", getattr(settings, "KOLADA_MAX_WORKERS", 4))
    return KoladaClient(settings.KOLADA_BASE_URL, **options)


def parse_years(text: str) -> list[int]:
    """ "2015-2024" -> 2015..2024, "2016,2018" -> [2016, 2018]; ValidationError with one sentence otherwise."""
    years: list[int] = []
    try:
        for part in text.split(","):
            first, _sep, last = part.strip().partition("-")
            start, stop = int(first), int(last or first)
            if not (1990 <= start <= stop <= 2100):
                raise ValueError
            years.extend(range(start, stop + 1))
    except ValueError:
        raise ValidationError(
            _("'{text}' is not a year or a range of years such as 2015-2024.").format(text=text)
        ) from None
    return sorted(set(years))


def linked_kpis() -> list[str]:
    """The KPI ids that some measure is linked to."""
    ids = Measure.objects.filter(source=Source.KOLADA).exclude(source_id="").values_list("source_id", flat=True)
    return sorted({kpi.strip() for kpi in ids})


def own_municipality_code() -> str:
    municipality = Municipality.current()
    if municipality is None or not municipality.kolada_id:
        raise ValidationError(_("The municipality and its Kolada id must be set up before syncing with Kolada."))
    return municipality.kolada_id


def county_group(own_code: str) -> ComparisonGroup | None:
    """The county group (länet) of the own municipality."""
    name = COUNTY_NAMES.get(own_code[:2], own_code[:2])
    return ComparisonGroup.objects.filter(is_county=True, committee=None, name=name).first()


def refresh_areas(*, client: KoladaClient, own_code: str) -> ComparisonGroup:
    """Bring the municipalities, the county group and the members of Kolada groups up to date from Kolada."""
    municipalities = [m for m in client.get_municipalities() if m.type == "K" and len(m.id) == 4 and m.id.isdecimal()]
    kolada_groups = list(ComparisonGroup.objects.exclude(kolada_id=""))
    fetched_groups = client.get_municipality_groups([g.kolada_id for g in kolada_groups]) if kolada_groups else []
    names = {m.id: m.title for m in municipalities}
    for fetched in fetched_groups:
        for member in fetched.members:
            names.setdefault(member.id, member.title or member.id)
    with transaction.atomic():
        ComparisonArea.objects.bulk_create(
            [ComparisonArea(code=code, name=name, kind="K") for code, name in names.items()],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "kind"],
        )
        prefix = own_code[:2]
        county = county_group(own_code) or ComparisonGroup.objects.create(
            name=COUNTY_NAMES.get(prefix, prefix), is_county=True
        )
        county.members.set(ComparisonArea.objects.filter(kind="K", code__startswith=prefix))
        by_id = {g.id: g for g in fetched_groups}
        for group in kolada_groups:
            if group.kolada_id in by_id:
                group.members.set(
                    ComparisonArea.objects.filter(code__in=[m.id for m in by_id[group.kolada_id].members])
                )
    return county


def area_codes(own_code: str) -> list[str]:
    """Every municipality the sync fetches: the own one, its county and the members of all comparison groups."""
    codes = {own_code}
    group = county_group(own_code)
    if group is not None:
        codes.update(group.members.values_list("code", flat=True))
    codes.update(
        ComparisonArea.objects.filter(groups__in=ComparisonGroup.objects.filter(is_county=False)).values_list(
            "code", flat=True
        )
    )
    return sorted(codes)


def store_kpis(kpis: Iterable[Kpi], *, now: datetime) -> None:
    """Cache KPI metadata in the catalogue (upsert); a KPI seen again is no longer marked as gone."""
    rows = [
        KpiMetadata(
            id=k.id,
            title=k.title[:500],
            description=k.description or "",
            operating_area=(k.operating_area or "")[:300],
            perspective=(k.perspective or "")[:100],
            municipality_type=(k.municipality_type or "")[:1],
            publication_period=(k.publ_period or "")[:20],
            publication_date=(k.publication_date or "")[:20],
            has_ou_data=k.has_ou_data,
            is_divided_by_gender=k.is_divided_by_gender,
            fetched_at=now,
            disappeared_at=None,
            search_text=KpiMetadata.fold(k.id, k.title, k.description or "", k.operating_area or ""),
        )
        for k in kpis
    ]
    fields = [f.name for f in KpiMetadata._meta.concrete_fields if f.name != "id"]
    KpiMetadata.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["id"], update_fields=fields
    )


def catalogue_refresh(*, client: KoladaClient | None = None) -> tuple[int, list[str]]:
    """Fetch Kolada's whole KPI catalogue; returns how many KPIs it has and which cached ones have gone."""
    own = client is None
    client = client or make_client()
    try:
        kpis = client.get_kpis()
    finally:
        if own:
            client.close()
    now = timezone.now()
    with transaction.atomic():
        store_kpis(kpis, now=now)
        listed = {k.id for k in kpis}
        gone = list(KpiMetadata.objects.filter(disappeared_at=None).exclude(id__in=listed).values_list("id", flat=True))
        KpiMetadata.objects.filter(id__in=gone).update(disappeared_at=now)
    return len(kpis), sorted(gone)


def sync_measure(
    *,
    actor: User,
    measure: Measure,
    client: KoladaClient | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SyncResult:
    """The measure page's button: fetch this measure's KPI now. The writer needs to be allowed to edit the measure.

    Every measure linked to the same KPI gets the new values too: they are the same national figures.
    """
    policy.require(actor, Action.EDIT, measure)
    if measure.source != Source.KOLADA or not measure.source_id:
        raise ValidationError(_("This measure is not linked to a Kolada KPI."))
    return sync(actor=actor, kpis=[measure.source_id], client=client, check_access=False, progress=progress)


def sync(
    *,
    actor: User | None = None,
    kpis: Iterable[str] | None = None,
    years: Sequence[int] | None = None,
    client: KoladaClient | None = None,
    refresh: bool = True,
    check_access: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SyncResult:
    """Fetch and store the given KPIs (default: every KPI a measure is linked to) for all years or ``years``.

    ``actor`` None is the system itself (the scheduled job); a person must be allowed to edit every measure the
    KPIs are linked to. ``progress(done, total)`` is called before each KPI and at the end (the task's progress
    bar).
    """
    own_code = own_municipality_code()
    kpi_ids = sorted({k.strip() for k in kpis}) if kpis is not None else linked_kpis()
    if actor is not None and check_access:
        for measure in Measure.objects.filter(source=Source.KOLADA, source_id__in=kpi_ids).select_related("owner"):
            policy.require(actor, Action.EDIT, measure)
    year_list = sorted(set(years)) if years else None
    started = timezone.now()
    log = SyncLog.objects.create(
        started_at=started,
        actor=actor,
        kpis=kpi_ids,
        years=f"{year_list[0]}-{year_list[-1]}" if year_list else "",
    )
    result = SyncResult(log=log)
    own_client = client is None
    client = client or make_client()
    try:
        if refresh:
            refresh_areas(client=client, own_code=own_code)
        areas = area_codes(own_code)
        area_ids = dict(ComparisonArea.objects.filter(code__in=areas).values_list("code", "id"))
        units = dict(OrgUnit.objects.exclude(kolada_ou_id="").values_list("kolada_ou_id", "id"))
        done = 0
        groups = [kpi_ids[start : start + MAX_IDS_PER_REQUEST] for start in range(0, len(kpi_ids), MAX_IDS_PER_REQUEST)]
        # The next batch of KPIs is fetched (one background thread, no database work) while this one is stored.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kolada-fetch") as prefetch:

            def fetch(group: list[str]) -> Future[tuple[dict[str, _Fetched], dict[str, str]]]:
                return prefetch.submit(_fetch_group, client, group, areas=areas, units=sorted(units), years=year_list)

            pending = fetch(groups[0]) if groups else None
            for index, group in enumerate(groups):
                assert pending is not None
                fetched, failed = pending.result()
                pending = fetch(groups[index + 1]) if index + 1 < len(groups) else None
                done = _store_group(
                    group, fetched, failed, result=result, done=done, total=len(kpi_ids), progress=progress,
                    area_ids=area_ids, own_code=own_code, units=units, years=year_list, log=log, actor=actor,
                )  # fmt: skip
        if progress is not None:
            progress(len(kpi_ids), len(kpi_ids))
    except KoladaError as exc:
        result.error = str(exc)
    except Exception as exc:
        _finish(log, result, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        if own_client:
            client.close()
    _finish(log, result, error=result.error)
    return result


def _store_group(
    group: list[str],
    fetched: dict[str, _Fetched],
    failed: dict[str, str],
    *,
    result: SyncResult,
    done: int,
    total: int,
    progress: Callable[[int, int], None] | None,
    area_ids: dict[str, int],
    own_code: str,
    units: dict[str, int],
    years: list[int] | None,
    log: SyncLog,
    actor: User | None,
) -> int:
    """Store a fetched batch of KPIs, each in its own transaction; returns how many KPIs are done."""
    for kpi in group:
        if progress is not None:
            progress(done, total)
        done += 1
        if kpi in failed:
            result.failed[kpi] = failed[kpi]
            continue
        answer = fetched[kpi]
        now = timezone.now()
        if answer.metadata is None:
            result.disappeared.append(kpi)
            KpiMetadata.objects.filter(id=kpi, disappeared_at=None).update(disappeared_at=now)
            continue
        store_kpis([answer.metadata], now=now)
        with transaction.atomic(), audit.acting_as(actor):
            counts = _store_values(
                kpi=kpi,
                values=answer.values,
                area_ids=area_ids,
                own_code=own_code,
                years=years,
                now=now,
                log=log,
                actor=actor,
            )
            counts.add(_store_ou_values(kpi=kpi, values=answer.ou_values, units=units, years=years, now=now, log=log))
        result.counts.add(counts)
    return done


def _fetch(
    client: KoladaClient, kpis: Sequence[str], *, areas: list[str], units: list[str], years: list[int] | None
) -> dict[str, _Fetched]:
    """Every value of these KPIs in as few requests as the API allows; all or nothing (KoladaError)."""
    metadata = {k.id: k for k in client.get_kpis(kpis)}
    listed = [kpi for kpi in kpis if kpi in metadata]
    values: dict[str, list[KoladaValue]] = {kpi: [] for kpi in kpis}
    ou_values: dict[str, list[KoladaValue]] = {kpi: [] for kpi in kpis}
    if listed:
        for value in client.get_data(kpis=listed, municipalities=areas, years=years):
            values.setdefault(value.kpi, []).append(value)
        with_units = [kpi for kpi in listed if metadata[kpi].has_ou_data]
        if with_units and units:
            for value in client.get_ou_data(kpis=with_units, ous=units, years=years):
                ou_values.setdefault(value.kpi, []).append(value)
    return {kpi: _Fetched(metadata.get(kpi), values[kpi], ou_values[kpi]) for kpi in kpis}


def _unreachable(exc: KoladaError) -> bool:
    """Kolada did not answer at all (network, 429, 5xx after the retries): asking for the next KPI would not help."""
    return exc.status is None or exc.status == 429 or exc.status >= 500


def _fetch_group(
    client: KoladaClient, kpis: Sequence[str], *, areas: list[str], units: list[str], years: list[int] | None
) -> tuple[dict[str, _Fetched], dict[str, str]]:
    """Fetch a batch of KPIs together; if that fails, one by one, so only the KPIs that cannot be fetched fail."""
    try:
        return _fetch(client, kpis, areas=areas, units=units, years=years), {}
    except KoladaError as exc:
        if len(kpis) == 1:
            return {}, {kpis[0]: str(exc)}
    fetched: dict[str, _Fetched] = {}
    failed: dict[str, str] = {}
    for index, kpi in enumerate(kpis):
        try:
            fetched.update(_fetch(client, [kpi], areas=areas, units=units, years=years))
        except KoladaError as exc:
            failed[kpi] = str(exc)
            if _unreachable(exc):
                failed.update(dict.fromkeys(kpis[index + 1 :], str(exc)))
                break
    return fetched, failed


def _finish(log: SyncLog, result: SyncResult, *, error: str) -> None:
    c = result.counts
    if error:
        status = SyncLog.Status.FAILED
    elif result.failed:
        status = SyncLog.Status.PARTIAL
    else:
        status = SyncLog.Status.OK
    SyncLog.objects.filter(pk=log.pk).update(
        finished_at=timezone.now(),
        status=status,
        new=c.new,
        changed=c.changed,
        unchanged=c.unchanged,
        missing=c.missing,
        disappeared=result.disappeared,
        failed=result.failed,
        error=error,
    )
    log.refresh_from_db()


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    """Insert new rows (values in the order of ``columns``, model attribute names) in bulk.

    On PostgreSQL through ``COPY ... FROM STDIN`` (psycopg's copy: no model instances, no statement per 2000 rows; the
    first sync of a national data set writes 435 000 rows), elsewhere with ``bulk_create``. Like ``bulk_create`` it
    sends no signals; the database's constraints apply to both.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    by_attname = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    names = ", ".join(quote(by_attname[column]) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _number(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(QUANTUM)


def _revision(
    *,
    kpi: str,
    area: str,
    year: int,
    gender: str,
    old: _Stored,
    new_value: Decimal | None,
    new_status: str,
    withdrawn: bool,
    now: datetime,
    log: SyncLog,
) -> ValueRevision:
    return ValueRevision(
        kpi=kpi, area=area, year=year, gender=gender, old_value=old.value, old_status=old.status,
        new_value=new_value, new_status=new_status, withdrawn=withdrawn, old_fetched_at=old.fetched_at,
        replaced_at=now, sync=log,
    )  # fmt: skip


def _store_values(
    *,
    kpi: str,
    values: list[KoladaValue],
    area_ids: dict[str, int],
    own_code: str,
    years: Sequence[int] | None,
    now: datetime,
    log: SyncLog,
    actor: User | None,
) -> Counts:
    counts = Counts()
    codes = {area_id: code for code, area_id in area_ids.items()}
    scope = ComparisonValue.objects.filter(kpi=kpi, area_id__in=list(area_ids.values()))
    if years is not None:
        scope = scope.filter(year__in=years)
    existing = {
        (area_id, year, group): _Stored(pk, value, status, fetched_at)
        for pk, area_id, year, group, value, status, fetched_at in scope.values_list(
            "pk", "area_id", "year", "group", "value", "status", "fetched_at"
        )
    }
    creates: list[tuple[object, ...]] = []  # in the order of COMPARISON_COLUMNS
    updates: list[ComparisonValue] = []
    deletes: list[int] = []
    revisions: list[ValueRevision] = []
    own: dict[tuple[int, str], tuple[Decimal | None, str]] = {}
    own_withdrawn: set[tuple[int, str]] = set()
    seen: set[tuple[int, int, str]] = set()
    for item in values:
        area_id = area_ids.get(item.municipality or "")
        if area_id is None:
            continue
        key = (area_id, item.period, item.gender)
        seen.add(key)
        old = existing.get(key)
        value, status = _number(item.value), (item.status or "")[:30]
        if item.isdeleted:
            counts.missing += 1
            if item.municipality == own_code:
                own_withdrawn.add((item.period, item.gender))
            if old is not None:
                deletes.append(old.pk)
                revisions.append(
                    _revision(
                        kpi=kpi,
                        area=codes[area_id],
                        year=item.period,
                        gender=item.gender,
                        old=old,
                        new_value=None,
                        new_status="",
                        withdrawn=True,
                        now=now,
                        log=log,
                    )
                )
            continue
        if item.municipality == own_code:
            own[(item.period, item.gender)] = (value, status)
        if value is None:
            counts.missing += 1
        if old is None:
            creates.append((kpi, area_id, item.period, item.gender, value, status, now))
            counts.new += value is not None
        elif old.value != value or old.status != status:
            updates.append(ComparisonValue(pk=old.pk, value=value, status=status, fetched_at=now))
            if old.value != value:
                counts.changed += value is not None
                revisions.append(
                    _revision(
                        kpi=kpi,
                        area=codes[area_id],
                        year=item.period,
                        gender=item.gender,
                        old=old,
                        new_value=value,
                        new_status=status,
                        withdrawn=False,
                        now=now,
                        log=log,
                    )
                )
            else:
                counts.unchanged += value is not None
        else:
            counts.unchanged += value is not None
    # A value we stored that Kolada no longer returns for the same KPI, municipality and years has been withdrawn.
    for key, old in existing.items():
        if key not in seen:
            counts.missing += 1
            deletes.append(old.pk)
            area_id, year, gender = key
            if codes[area_id] == own_code:
                own_withdrawn.add((year, gender))
            revisions.append(
                _revision(
                    kpi=kpi,
                    area=codes[area_id],
                    year=year,
                    gender=gender,
                    old=old,
                    new_value=None,
                    new_status="",
                    withdrawn=True,
                    now=now,
                    log=log,
                )
            )
    scope.update(fetched_at=now)
    insert_rows(ComparisonValue, COMPARISON_COLUMNS, creates)
    ComparisonValue.objects.bulk_update(updates, ["value", "status", "fetched_at"], batch_size=500)
    for start in range(0, len(deletes), 500):
        ComparisonValue.objects.filter(pk__in=deletes[start : start + 500]).delete()
    ValueRevision.objects.bulk_create(revisions, batch_size=BATCH)
    _store_measure_values(kpi=kpi, own=own, withdrawn=own_withdrawn, years=years, now=now, actor=actor)
    return counts


def _store_measure_values(
    *,
    kpi: str,
    own: dict[tuple[int, str], tuple[Decimal | None, str]],
    withdrawn: set[tuple[int, str]],
    years: Sequence[int] | None,
    now: datetime,
    actor: User | None,
) -> None:
    """Copy the own municipality's values into every measure linked to the KPI (month 0, groups T/K/M).

    Changed and withdrawn measure values are saved one by one so that the audit history records them with the
    acting person (few rows: one municipality); new ones are inserted in bulk.
    """
    measures = list(Measure.objects.filter(source=Source.KOLADA, source_id=kpi).only("pk"))
    if not measures:
        return
    stored = MeasureValue.objects.filter(measure__in=measures, month=0, group__in=GENDERS)
    if years is not None:
        stored = stored.filter(year__in=years)
    existing = {(mv.measure_id, mv.year, mv.group): mv for mv in stored}
    creates: list[MeasureValue] = []
    for measure in measures:
        for (year, gender), (value, status) in own.items():
            current = existing.get((measure.pk, year, gender))
            if current is None:
                creates.append(
                    MeasureValue(
                        measure_id=measure.pk,
                        year=year,
                        month=0,
                        group=gender,
                        value=value,
                        status=status,
                        fetched_at=now,
                        updated_by=actor,
                    )
                )
            elif current.value != value or current.status != status:
                current.value, current.status, current.fetched_at = value, status, now
                current.version += 1
                current.updated_by = actor
                current.save(update_fields=["value", "status", "fetched_at", "version", "updated_by", "updated_at"])
        for year, gender in withdrawn:
            current = existing.get((measure.pk, year, gender))
            if current is not None:
                current.delete()
    MeasureValue.objects.bulk_create(creates, batch_size=BATCH)
    stored.filter(fetched_at__isnull=False).update(fetched_at=now)


def _store_ou_values(
    *,
    kpi: str,
    values: list[KoladaValue],
    units: dict[str, int],
    years: Sequence[int] | None,
    now: datetime,
    log: SyncLog,
) -> Counts:
    counts = Counts()
    if not values and not units:
        return counts
    scope = OuValue.objects.filter(kpi=kpi, ou__in=list(units))
    if years is not None:
        scope = scope.filter(year__in=years)
    existing = {
        (ou, year, gender): _Stored(pk, value, status, fetched_at)
        for pk, ou, year, gender, value, status, fetched_at in scope.values_list(
            "pk", "ou", "year", "gender", "value", "status", "fetched_at"
        )
    }
    if not values and not existing:
        return counts
    creates: list[tuple[object, ...]] = []  # in the order of OU_COLUMNS
    updates: list[OuValue] = []
    deletes: list[int] = []
    revisions: list[ValueRevision] = []
    seen: set[tuple[str, int, str]] = set()
    for item in values:
        ou = item.ou or ""
        if ou not in units:
            continue
        key = (ou, item.period, item.gender)
        seen.add(key)
        old = existing.get(key)
        value, status = _number(item.value), (item.status or "")[:30]
        if item.isdeleted or value is None:
            counts.missing += 1
        if item.isdeleted:
            if old is not None:
                deletes.append(old.pk)
                revisions.append(
                    _revision(
                        kpi=kpi,
                        area=ou,
                        year=item.period,
                        gender=item.gender,
                        old=old,
                        new_value=None,
                        new_status="",
                        withdrawn=True,
                        now=now,
                        log=log,
                    )
                )
            continue
        if old is None:
            creates.append((kpi, ou, units[ou], item.period, item.gender, value, status, now))
            counts.new += value is not None
        elif old.value != value:
            updates.append(OuValue(pk=old.pk, value=value, status=status, fetched_at=now))
            counts.changed += value is not None
            revisions.append(
                _revision(
                    kpi=kpi,
                    area=ou,
                    year=item.period,
                    gender=item.gender,
                    old=old,
                    new_value=value,
                    new_status=status,
                    withdrawn=False,
                    now=now,
                    log=log,
                )
            )
        else:
            counts.unchanged += value is not None
    for key, old in existing.items():
        if key not in seen:
            counts.missing += 1
            deletes.append(old.pk)
            ou, year, gender = key
            revisions.append(
                _revision(
                    kpi=kpi,
                    area=ou,
                    year=year,
                    gender=gender,
                    old=old,
                    new_value=None,
                    new_status="",
                    withdrawn=True,
                    now=now,
                    log=log,
                )
            )
    scope.update(fetched_at=now)
    insert_rows(OuValue, OU_COLUMNS, creates)
    OuValue.objects.bulk_update(updates, ["value", "status", "fetched_at"], batch_size=500)
    OuValue.objects.filter(pk__in=deletes).delete()
    ValueRevision.objects.bulk_create(revisions, batch_size=BATCH)
    return counts
