"""A large synthetic Kolada data set for benchmarks: by default 290 municipalities x 50 KPIs x 10 years x 3 genders.

Nothing is materialised up front. :class:`SyntheticDataset` answers ``/data/kpi/{kpis}/municipality/{ids}/year/{years}``
requests page by page in the API's exact response format, computing each value from its indices, so the full
435 000 values cost nothing until they are asked for and every page is reproducible. Plug it into the replay server::

    with start_replay_server(providers=[generate_dataset()]) as server:
        values = KoladaClient(server.base_url, min_interval=0).get_data(
            kpis=dataset.kpis, municipalities=dataset.municipalities, years=dataset.years
        )

KPI ids start with ``Z`` and municipality ids run from ``9001`` upwards (no county has code 90 or above), so they
cannot be mistaken for real ones.
About one value in 97 is missing (``value`` null, status ``"Missing"``), like real Kolada data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

GENDERS = ("T", "K", "M")
MAX_PER_PAGE = 5000
_QUERY_IDS = ("kpi_id", "municipality_id", "year")


@dataclass(frozen=True)
class SyntheticDataset:
    """A deterministic KPI x municipality x year x gender grid served with Kolada's paging."""

    kpis: tuple[str, ...]
    municipalities: tuple[str, ...]
    years: tuple[int, ...]
    default_per_page: int = MAX_PER_PAGE
    _kpi_index: dict[str, int] = field(init=False, repr=False, compare=False)
    _municipality_index: dict[str, int] = field(init=False, repr=False, compare=False)
    _year_set: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Index lookups keep value() and request validation O(1) while serving 5000-item pages.
        object.__setattr__(self, "_kpi_index", {kpi: i for i, kpi in enumerate(self.kpis)})
        object.__setattr__(self, "_municipality_index", {m: i for i, m in enumerate(self.municipalities)})
        object.__setattr__(self, "_year_set", frozenset(self.years))

    @property
    def item_count(self) -> int:
        """Number of data objects (one per KPI, municipality and year)."""
        return len(self.kpis) * len(self.municipalities) * len(self.years)

    @property
    def value_count(self) -> int:
        """Number of gender values, i.e. of ``KoladaValue`` records the client produces for the whole set."""
        return self.item_count * len(GENDERS)

    def value(self, kpi: str, municipality: str, year: int, gender: str) -> str | None:
        """The value as it appears in JSON (a decimal literal), or ``None`` where it is missing."""
        k = self._kpi_index[kpi]
        m = self._municipality_index[municipality]
        g = GENDERS.index(gender)
        seed = k * 7919 + m * 104729 + year * 31 + g * 3
        if seed % 97 == 0:
            return None
        tenths = 400 + seed % 600
        return f"{tenths // 10}.{tenths % 10}"

    def respond(self, path: str, query: str, base_url: str) -> bytes | None:
        """Answer a municipality data request for ids of this data set; ``None`` for anything else."""
        parts = unquote(path).strip("/").split("/")
        pairs = parse_qsl(query)
        if parts == ["data"]:
            # The query form koladapy sends (``/data/?kpi_id=A&kpi_id=B&municipality_id=...&year=...``), answered
            # like the path form so peers can be measured against the same server.
            chosen = {name: [v for key, value in pairs if key == name for v in value.split(",")] for name in _QUERY_IDS}
            if not all(chosen.values()):
                return None
            parts = ["data", "kpi", ",".join(chosen["kpi_id"]), "municipality", ",".join(chosen["municipality_id"])]
            parts += ["year", ",".join(chosen["year"])]
            pairs = [(key, value) for key, value in pairs if key not in _QUERY_IDS]
        if len(parts) != 7 or parts[0] != "data" or parts[1::2] != ["kpi", "municipality", "year"]:
            return None
        kpis = parts[2].split(",")
        municipalities = parts[4].split(",")
        try:
            years = [int(year) for year in parts[6].split(",")]
        except ValueError:
            return None
        if (
            any(kpi not in self._kpi_index for kpi in kpis)
            or any(m not in self._municipality_index for m in municipalities)
            or any(year not in self._year_set for year in years)
        ):
            return None
        params = dict(pairs)
        page = int(params.get("page", "1"))
        per_page = min(int(params.get("per_page", str(self.default_per_page))), MAX_PER_PAGE)
        total = len(kpis) * len(municipalities) * len(years)
        start = (page - 1) * per_page
        stop = min(start + per_page, total)
        items = [self._item(index, kpis, municipalities, years) for index in range(start, stop)]
        link = f"{base_url}/{'/'.join(parts)}?page={{}}&per_page={per_page}"
        next_url = json.dumps(link.format(page + 1)) if stop < total else "null"
        previous_url = json.dumps(link.format(page - 1)) if page > 1 else "null"
        # Assembled by hand: json.dumps on nested dicts is the slow part for 5000-item pages.
        body = (
            f'{{"count": {len(items)}, "values": [{",".join(items)}], '
            f'"next_url": {next_url}, "previous_url": {previous_url}}}'
        )
        return body.encode()

    def _item(self, index: int, kpis: list[str], municipalities: list[str], years: list[int]) -> str:
        rest, y = divmod(index, len(years))
        k, m = divmod(rest, len(municipalities))
        kpi, municipality, year = kpis[k], municipalities[m], years[y]
        genders = []
        for gender in GENDERS:
            value = self.value(kpi, municipality, year, gender)
            status, literal = ("Missing", "null") if value is None else ("", value)
            genders.append(
                f'{{"gender": "{gender}", "count": 1, "status": "{status}", "value": {literal}, "isdeleted": false}}'
            )
        return (
            f'{{"kpi": "{kpi}", "municipality": "{municipality}", "period": {year}, "values": [{",".join(genders)}]}}'
        )


def generate_dataset(
    n_municipalities: int = 290,
    n_kpis: int = 50,
    n_years: int = 10,
    *,
    first_year: int = 2015,
    per_page: int = MAX_PER_PAGE,
) -> SyntheticDataset:
    """The synthetic data set; the defaults match Sweden's 290 municipalities and a typical follow-up plan."""
    return SyntheticDataset(
        kpis=tuple(f"Z{i:05d}" for i in range(1, n_kpis + 1)),
        municipalities=tuple(f"{9000 + i:04d}" for i in range(1, n_municipalities + 1)),
        years=tuple(range(first_year, first_year + n_years)),
        default_per_page=per_page,
    )
