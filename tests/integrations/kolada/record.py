"""Re-record the test responses in ``responses/`` from the real Kolada API. Not run by the tests.

Usage (needs network access; takes a few seconds)::

    python tests/integrations/kolada/record.py            # fetch everything in RECORDINGS
    python tests/integrations/kolada/record.py --dry-run  # only print the requests
    python tests/integrations/kolada/record.py --base-url https://api.kolada.se/v3 --pause 1.0

For every entry in :data:`RECORDINGS` the script fetches the first page, follows the API's own next-page links, and
writes each response body byte for byte to ``responses/<name>.json`` (one page) or ``<name>_page<N>.json`` (several
pages). It then rewrites ``responses/manifest.json``, keeping the hand-made ``broken_*`` entries that the real API
cannot produce on demand. The request keys of follow-up pages are taken from the links the API returned, so the
fixtures stay faithful to whatever link format the API uses.

After re-recording, the assertions on concrete values in ``test_client.py`` (titles, counts, numbers) will need to be
updated to the real data; the structural assertions (paging, batching, flags) should keep holding. The organisational
unit ids in the ``oudata`` entry are examples: pick two real home-care units from the recorded ``ou_municipality_0126``
response and put them into that entry before recording it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

RESPONSES_DIR = Path(__file__).resolve().with_name("responses")
DEFAULT_BASE_URL = "https://api.kolada.se/v3"

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


@dataclass(frozen=True)
class Recording:
    """One request to record: ``path`` below the API root, its query, and the base name of the files."""

    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)


RECORDINGS: tuple[Recording, ...] = (
    Recording("kpi_U35544", "/kpi/U35544"),
    # A small per_page forces the real API to page, which is what the paging tests need.
    Recording("kpi_title", "/kpi", {"title": "brukarbedömning", "per_page": "2"}),
    Recording("municipality_region_type_L", "/municipality", {"region_type": "L"}),
    Recording("municipality_title_huddinge", "/municipality", {"title": "Huddinge"}),
    Recording("municipality", "/municipality", {"per_page": "20"}),
    Recording("municipality_groups_title_huddinge", "/municipality_groups", {"title": "Huddinge"}),
    Recording("ou_municipality_0126", "/ou", {"municipality": "0126"}),
    Recording(
        "data_U35544_0126", "/data/kpi/U35544/municipality/0126/year/2019,2020,2021,2022,2023", {"per_page": "2"}
    ),
    # Same split as the client makes for Stockholms län's 26 municipalities: 25 + 1.
    Recording(
        "data_U35544_stockholms_lan_batch1", f"/data/kpi/U35544/municipality/{','.join(STOCKHOLMS_LAN[:25])}/year/2023"
    ),
    Recording("data_U35544_stockholms_lan_batch2", f"/data/kpi/U35544/municipality/{STOCKHOLMS_LAN[25]}/year/2023"),
    Recording(
        "data_U35544_0126_from_date", "/data/kpi/U35544/municipality/0126/year/2022", {"from_date": "2024-03-01"}
    ),
    Recording("oudata_U35544_2023", "/oudata/kpi/U35544/ou/V21E012600101,V21E012600301/year/2023"),
)


def _request_key(url: str, base_url: str) -> str:
    """The manifest key of a fetched URL: its path below the API root plus its query string."""
    split = urlsplit(url)
    root = urlsplit(base_url).path.rstrip("/")
    path = split.path[len(root) :] if split.path.startswith(root) else split.path
    return path + (f"?{split.query}" if split.query else "")


def _next_link(body: bytes) -> str | None:
    payload = json.loads(body)
    for key in ("next_url", "next_page"):
        if payload.get(key):
            return str(payload[key])
    return None


def record(recording: Recording, client: httpx.Client, base_url: str, pause: float) -> list[dict[str, str]]:
    """Fetch all pages of one recording, write them, and return their manifest routes."""
    url = str(httpx.URL(base_url + recording.path, params=recording.params))
    pages: list[tuple[str, bytes]] = []
    while url:
        response = client.get(url)
        response.raise_for_status()
        pages.append((_request_key(str(response.url), base_url), response.content))
        next_link = _next_link(response.content)
        url = str(response.url.join(next_link)) if next_link else ""
        time.sleep(pause)
    routes = []
    for number, (key, body) in enumerate(pages, start=1):
        file = f"{recording.name}.json" if len(pages) == 1 else f"{recording.name}_page{number}.json"
        (RESPONSES_DIR / file).write_bytes(body)
        routes.append({"request": key, "file": file})
    return routes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-record Kolada API responses for the tests.")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between requests, to stay polite")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    base_url = args.base_url.rstrip("/")
    if args.dry_run:
        for recording in RECORDINGS:
            print(httpx.URL(base_url + recording.path, params=recording.params))
        return 0
    manifest_path = RESPONSES_DIR / "manifest.json"
    old = json.loads(manifest_path.read_text(encoding="utf-8"))
    routes = [route for route in old["routes"] if route["file"].startswith("broken_")]
    with httpx.Client(timeout=60, follow_redirects=True, headers={"Accept": "application/json"}) as client:
        for recording in RECORDINGS:
            new_routes = record(recording, client, base_url, args.pause)
            print(f"{recording.name}: {len(new_routes)} page(s)", file=sys.stderr)
            routes.extend(new_routes)
    manifest = {**old, "base_url": base_url, "routes": routes}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
