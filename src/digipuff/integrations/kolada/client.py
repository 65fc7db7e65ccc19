"""Synchronous HTTP client for Kolada's REST API v3 (https://api.kolada.se/v3).

The client turns the API's paged, comma-list based URLs into complete typed answers:

* every list response is followed through its next-page links until there is none, so no page is dropped;
* id lists longer than :data:`MAX_IDS_PER_REQUEST` are split into batches and the answers merged, because the API
  rejects long lists (HTTP 422);
* 429, 5xx, timeouts and connection errors are retried with exponential backoff, honouring ``Retry-After``;
* requests are spaced by a minimum interval so a large import stays polite towards a free public service; with
  ``max_workers`` > 1 the batches of one data query are fetched by a small thread pool, and the interval is then one
  global rate shared by every worker (a request slot is taken under a lock), not a pause per worker;
* data batches are sized so one batch fits one page where the years are known (KPIs × areas × years ≤ the page
  size), which keeps the number of requests near the minimum the page size allows;
* anything that prevents a complete answer raises :class:`KoladaError` naming the URL and HTTP status.

It does not import Django; the Django layer passes ``settings.KOLADA_BASE_URL`` as ``base_url``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from itertools import product
from types import TracebackType
from typing import Any, Final, Self, TypeVar
from urllib.parse import urljoin

import httpx

from digipuff.integrations.kolada.schemas import (
    KoladaError,
    KoladaValue,
    Kpi,
    Municipality,
    MunicipalityGroup,
    OrganisationalUnit,
    RawField,
    parse_kpi,
    parse_municipality,
    parse_municipality_group,
    parse_organisational_unit,
    parse_page,
    parse_values,
)

__all__ = ["DEFAULT_BASE_URL", "MAX_IDS_PER_REQUEST", "KoladaClient", "KoladaError"]

DEFAULT_BASE_URL: Final = "https://api.kolada.se/v3"

MAX_IDS_PER_REQUEST: Final = 25
"""Largest number of ids (KPIs, municipalities, units or years) sent in one comma-separated list.

The API answers HTTP 422 when a list is too long; 25 is the limit used by rKolada and other v3 clients.
"""

API_PAGE_SIZE: Final = 5000
"""Items per page the API sends when ``per_page`` is not given (also its maximum)."""

RETRYABLE_STATUS: Final = frozenset({429, 500, 502, 503, 504})

# Kolada ids are short alphanumeric codes ("0126", "U35544", "G37411", "V15E144001301"). Rejecting anything else keeps
# a stray comma or slash from silently changing which resource a path segment names.
_ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]+$")
_DATE_PATTERN: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")

T = TypeVar("T")


def _unique(items: Iterable[T]) -> list[T]:
    """Keep the first occurrence of each item, so every id is requested (and returned) exactly once."""
    return list(dict.fromkeys(items))


def _batches(items: Sequence[T], size: int = MAX_IDS_PER_REQUEST) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items (the first ones full, so a batch's URL does not depend on how
    many ids follow it)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ids(values: Iterable[str], what: str) -> list[str]:
    if isinstance(values, str):
        # A bare string would otherwise be iterated character by character.
        values = [values]
    result = _unique(values)
    for value in result:
        if not isinstance(value, str) or not _ID_PATTERN.match(value):
            raise ValueError(f"invalid Kolada {what} id: {value!r}")
    return result


def _years(values: Iterable[int | str]) -> list[str]:
    if isinstance(values, int | str):
        values = [values]
    result: list[str] = []
    for value in _unique(values):
        text = str(value)
        if isinstance(value, bool) or not text.isdecimal() or len(text) != 4:
            raise ValueError(f"invalid year: {value!r}")
        result.append(text)
    return result


class KoladaClient:
    """Typed access to Kolada's metadata (KPIs, municipalities, groups, organisational units) and data values.

    Args:
        base_url: API root including the version, e.g. ``https://api.kolada.se/v3``.
        timeout: Seconds before a single HTTP request is abandoned (and retried).
        max_retries: Retries after the first attempt for 429, 5xx and network errors; ``0`` disables retrying.
        backoff: Delay in seconds before the first retry; it doubles for each further retry.
        max_backoff: Upper limit for one backoff delay. A ``Retry-After`` longer than this aborts with
            :class:`KoladaError` instead of hammering the server early.
        min_interval: Minimum seconds between the start of two requests, across all workers.
        max_workers: Data batches fetched at the same time (threads); ``1`` fetches them one after the other.
        per_page: Page size sent as ``per_page``; ``None`` leaves the API default (5000 items).
        http_client: A ready ``httpx.Client`` (its base URL is not used); the caller keeps ownership.
        transport: An httpx transport (e.g. ``httpx.MockTransport`` in tests) for the client built here.
        sleep: Function used to wait; tests pass a recorder so nothing really sleeps.
        clock: Monotonic clock used for the request spacing.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = 30.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        min_interval: float = 0.2,
        max_workers: int = 1,
        per_page: int | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if backoff < 0 or max_backoff < 0 or min_interval < 0:
            raise ValueError("backoff, max_backoff and min_interval must be >= 0")
        if max_workers < 1:
            raise ValueError("max_workers must be >= 1")
        if per_page is not None and per_page < 1:
            raise ValueError("per_page must be >= 1")
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.min_interval = min_interval
        self.max_workers = max_workers
        self.per_page = per_page
        self._sleep = sleep
        self._clock = clock
        self._last_request_at: float | None = None
        # Guards the request slot and the counter: workers share one polite rate.
        self._lock = threading.Lock()
        self.request_count = 0
        """Number of HTTP requests sent so far, retries included."""
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            timeout=timeout,
            transport=transport,
            # Kolada has moved hosts and schemes before (http -> https, v2 -> v3); a redirect is not an error.
            follow_redirects=True,
            headers={"Accept": "application/json", "User-Agent": "DigiPUFF Kolada client"},
        )

    def close(self) -> None:
        """Close the underlying HTTP connection pool if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # Metadata

    def get_kpis(self, ids: Iterable[str] | None = None, *, title: str | None = None) -> list[Kpi]:
        """KPI metadata: all KPIs, those with the given ids (``/kpi/{ids}``) or those whose title contains
        ``title`` (``/kpi?title=...``, matched by the API)."""
        objs = self._metadata("kpi", ids, "KPI", self._title_params(title))
        return [parse_kpi(obj) for obj in objs]

    def get_municipalities(
        self, ids: Iterable[str] | None = None, *, title: str | None = None, region_type: str | None = None
    ) -> list[Municipality]:
        """Municipalities and regions, optionally by id, title search or ``region_type`` (``K`` municipalities,
        ``L`` regions and the country)."""
        params = self._title_params(title)
        if region_type is not None:
            params["region_type"] = region_type
        objs = self._metadata("municipality", ids, "municipality", params)
        return [parse_municipality(obj) for obj in objs]

    def get_municipality_groups(
        self, ids: Iterable[str] | None = None, *, title: str | None = None
    ) -> list[MunicipalityGroup]:
        """Municipality groups with their members, optionally by id or title search."""
        objs = self._metadata("municipality_groups", ids, "municipality group", self._title_params(title))
        return [parse_municipality_group(obj) for obj in objs]

    def get_organisational_units(
        self,
        ids: Iterable[str] | None = None,
        *,
        municipalities: Iterable[str] | None = None,
        title: str | None = None,
    ) -> list[OrganisationalUnit]:
        """Organisational units, optionally by id, owning municipality (``/ou?municipality=...``) or title."""
        params = self._title_params(title)
        if municipalities is None:
            return [parse_organisational_unit(obj) for obj in self._metadata("ou", ids, "unit", params)]
        if ids is not None:
            raise ValueError("filter organisational units either by ids or by municipalities, not both")
        result: list[OrganisationalUnit] = []
        for batch in _batches(_ids(municipalities, "municipality")):
            batch_params = {**params, RawField.MUNICIPALITY: ",".join(batch)}
            result.extend(parse_organisational_unit(obj) for obj in self.fetch_all("/ou", batch_params))
        return result

    # Data

    def get_data(
        self,
        *,
        kpis: Iterable[str] | None = None,
        municipalities: Iterable[str] | None = None,
        years: Iterable[int | str] | None = None,
        from_date: str | None = None,
    ) -> list[KoladaValue]:
        """Values for municipalities (and municipality groups) from ``/data``.

        At least two of ``kpis``, ``municipalities`` and ``years`` must be given; the API then returns every value
        for the missing dimension. ``from_date`` (``YYYY-MM-DD``) asks only for values changed since that date,
        including deletions (``isdeleted``).
        """
        return self._data("data", RawField.MUNICIPALITY, kpis, municipalities, years, from_date)

    def get_ou_data(
        self,
        *,
        kpis: Iterable[str] | None = None,
        ous: Iterable[str] | None = None,
        years: Iterable[int | str] | None = None,
        from_date: str | None = None,
    ) -> list[KoladaValue]:
        """Values for organisational units from ``/oudata``; same rules as :meth:`get_data`."""
        return self._data("oudata", RawField.OU, kpis, ous, years, from_date)

    # Transport

    def fetch_all(self, path: str, params: Mapping[str, str] | None = None) -> list[Mapping[str, Any]]:
        """GET ``path`` (relative to ``base_url``) and every following page; return all objects in ``values``."""
        query = dict(params or {})
        if self.per_page is not None:
            query.setdefault("per_page", str(self.per_page))
        url = str(httpx.URL(self.base_url + path, params=query))
        seen: set[str] = set()
        objects: list[Mapping[str, Any]] = []
        while True:
            seen.add(url)
            payload, final_url = self._get_json(url)
            try:
                page = parse_page(payload)
            except KoladaError as exc:
                raise KoladaError(f"{exc} (GET {final_url})", url=final_url, status=200) from exc
            objects.extend(page.values)
            if page.next_url is None:
                return objects
            # The API sends absolute links; resolving against the fetched URL also copes with relative ones.
            next_url = urljoin(final_url, page.next_url)
            if next_url in seen:
                raise KoladaError(
                    f"Kolada paging loops back to {next_url} (from {final_url})", url=final_url, status=200
                )
            url = next_url

    def _metadata(
        self, entity: str, ids: Iterable[str] | None, what: str, params: dict[str, str]
    ) -> list[Mapping[str, Any]]:
        if ids is None:
            return self.fetch_all(f"/{entity}", params)
        objects: list[Mapping[str, Any]] = []
        for batch in _batches(_ids(ids, what)):
            objects.extend(self.fetch_all(f"/{entity}/{','.join(batch)}", params))
        return objects

    @staticmethod
    def _title_params(title: str | None) -> dict[str, str]:
        return {} if title is None else {RawField.TITLE: title}

    def _data(
        self,
        root: str,
        area_key: str,
        kpis: Iterable[str] | None,
        areas: Iterable[str] | None,
        years: Iterable[int | str] | None,
        from_date: str | None,
    ) -> list[KoladaValue]:
        kpi_ids = None if kpis is None else _ids(kpis, "KPI")
        area_ids = None if areas is None else _ids(areas, area_key)
        year_ids = None if years is None else _years(years)
        # With the years known, the areas per batch are chosen so that one batch (KPIs x areas x years) fits one page:
        # 25 KPIs x 20 municipalities x 10 years = 5 000 items is one request, where 25 municipalities would be two.
        area_size = MAX_IDS_PER_REQUEST
        if kpi_ids and year_ids:
            per_batch = min(len(kpi_ids), MAX_IDS_PER_REQUEST) * min(len(year_ids), MAX_IDS_PER_REQUEST)
            area_size = max(1, min(MAX_IDS_PER_REQUEST, (self.per_page or API_PAGE_SIZE) // per_batch))
        # Each dimension becomes a list of batches; None means "not part of the path" (all values of it).
        dims: list[tuple[str, list[Sequence[str]] | None]] = [
            (RawField.KPI, None if kpi_ids is None else list(_batches(kpi_ids))),
            (area_key, None if area_ids is None else list(_batches(area_ids, area_size))),
            ("year", None if year_ids is None else list(_batches(year_ids))),
        ]
        given = [(name, batches) for name, batches in dims if batches is not None]
        if len(given) < 2:
            raise ValueError("Kolada data queries need at least two of: KPIs, areas, years")
        if any(not batches for _, batches in given):
            return []
        params: dict[str, str] = {}
        if from_date is not None:
            if not _DATE_PATTERN.match(from_date):
                raise ValueError(f"from_date must be YYYY-MM-DD, got {from_date!r}")
            params["from_date"] = from_date
        url_paths = [
            f"/{root}"
            + "".join(f"/{name}/{','.join(batch)}" for (name, _), batch in zip(given, combination, strict=True))
            for combination in product(*(batches for _, batches in given))
        ]

        def fetch(url_path: str) -> list[KoladaValue]:
            values: list[KoladaValue] = []
            for obj in self.fetch_all(url_path, params):
                try:
                    values.extend(parse_values(obj, area_key=area_key))
                except KoladaError as exc:
                    # The answer came (HTTP 200) but is wrong: a problem of this request, not of reaching Kolada.
                    raise KoladaError(
                        f"{exc} (GET {self.base_url}{url_path})", url=self.base_url + url_path, status=200
                    ) from exc
            return values

        if self.max_workers == 1 or len(url_paths) == 1:
            return [value for url_path in url_paths for value in fetch(url_path)]
        # Each batch's pages are followed in order by one worker; answers are merged in batch order, so the result
        # is the same as fetching one after the other. The first failure is raised and batches not started are
        # cancelled.
        executor = ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="kolada")
        try:
            return [value for answer in executor.map(fetch, url_paths) for value in answer]
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def _throttle(self) -> None:
        """Take the next request slot (one every ``min_interval`` seconds, whichever worker asks) and wait for it.

        The slot is reserved under the lock and waited for outside it, so workers queue for the rate, not for each
        other's responses.
        """
        with self._lock:
            now = self._clock()
            start = now
            if self._last_request_at is not None and self.min_interval > 0:
                start = max(now, self._last_request_at + self.min_interval)
            self._last_request_at = start
            self.request_count += 1
        if start > now:
            self._sleep(start - now)

    def _backoff_delay(self, retry: int) -> float:
        # No jitter: this is one client with a few workers sharing one rate, not a crowd of clients in lockstep.
        return float(min(self.backoff * (2**retry), self.max_backoff))

    def _retry_after(self, response: httpx.Response) -> float | None:
        header = response.headers.get("Retry-After")
        if header is None:
            return None
        header = header.strip()
        if header.isdecimal():
            return float(header)
        try:
            moment = parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            return None
        # Measure against the server's own Date header when present, so clock skew on our side does not matter.
        now = datetime.now(UTC)
        date_header = response.headers.get("Date")
        if date_header:
            try:
                server_now = parsedate_to_datetime(date_header)
            except (TypeError, ValueError):
                server_now = None
            if server_now is not None and server_now.tzinfo is not None:
                now = server_now
        return max(0.0, (moment - now).total_seconds())

    def _get_json(self, url: str) -> tuple[object, str]:
        """GET one URL with retries; return the decoded JSON body and the URL actually fetched."""
        retry = 0
        while True:
            self._throttle()
            attempts = retry + 1
            try:
                response = self._http.get(url, timeout=self.timeout)
            except httpx.TransportError as exc:
                if retry >= self.max_retries:
                    raise KoladaError(
                        f"GET {url} failed after {attempts} attempt(s): {type(exc).__name__}: {exc}", url=url
                    ) from exc
                self._sleep(self._backoff_delay(retry))
                retry += 1
                continue
            final_url = str(response.url)
            status = response.status_code
            if status in RETRYABLE_STATUS or 500 <= status < 600:
                if retry >= self.max_retries:
                    raise KoladaError(
                        f"GET {final_url} failed with HTTP {status} after {attempts} attempt(s)",
                        url=final_url,
                        status=status,
                    )
                delay = self._backoff_delay(retry)
                retry_after = self._retry_after(response)
                if retry_after is not None:
                    if retry_after > self.max_backoff:
                        raise KoladaError(
                            f"GET {final_url} answered HTTP {status} with Retry-After {retry_after:g} s, "
                            f"longer than max_backoff {self.max_backoff:g} s",
                            url=final_url,
                            status=status,
                        )
                    delay = max(delay, retry_after)
                self._sleep(delay)
                retry += 1
                continue
            if not 200 <= status < 300:
                snippet = response.text[:200].strip()
                raise KoladaError(f"GET {final_url} failed with HTTP {status}: {snippet}", url=final_url, status=status)
            try:
                # Decimal keeps values such as 88.3 exact instead of passing them through binary floats.
                return json.loads(response.content, parse_float=Decimal), final_url
            except (ValueError, UnicodeDecodeError) as exc:
                raise KoladaError(
                    f"GET {final_url} returned invalid JSON (HTTP {status}): {exc}", url=final_url, status=status
                ) from exc
