"""Answering Kolada requests from recorded response files, without network.

A directory of recorded responses holds ``manifest.json`` (``{"base_url": ..., "routes": [{"request": path+query,
"file": name}]}``) and the response bodies, byte for byte as the API sent them. :class:`RecordedTransport` plugs
such directories into :class:`~digipuff.integrations.kolada.client.KoladaClient`, so the demo and the tests run the
real client and the real sync over recorded answers. ``fixtures/`` in this package holds the demo's responses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

FIXTURES_DIR = Path(__file__).resolve().with_name("fixtures")
OFFLINE_BASE_URL = "https://api.kolada.se/v3"


def normalize_request(path: str, query: str) -> str:
    """The manifest key of a request: decoded path plus decoded, sorted query parameters."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    key = unquote(path)
    if pairs:
        key += "?" + "&".join(f"{name}={value}" for name, value in pairs)
    return key


def compose_batched(path: str, query: str, body: Callable[[str, str], bytes | None]) -> bytes | None:
    """The answer to a request for several KPIs (``/kpi/A,B``, ``/data/kpi/A,B/...``, ``/oudata/kpi/A,B/...``) built
    from the recorded one-KPI answers, as the API would send it: their ``values`` in the order asked for, ``count``
    their number, one page. ``None`` unless every KPI's answer is recorded and complete in one page (a paged answer
    cannot be merged faithfully).

    ``body(path, query)`` returns a recorded body or ``None``. This lets recordings made one KPI per request answer
    the sync's batched requests for any selection of KPIs.
    """
    parts = unquote(path).split("/")
    if len(parts) >= 3 and parts[1] == "kpi":
        at = 2
    elif len(parts) >= 4 and parts[1] in ("data", "oudata") and parts[2] == "kpi":
        at = 3
    else:
        return None
    kpis = parts[at].split(",")
    if len(kpis) < 2:
        return None
    values: list[object] = []
    for kpi in kpis:
        single = body("/".join([*parts[:at], kpi, *parts[at + 1 :]]), query)
        if single is None:
            return None
        page = json.loads(single)
        if page.get("next_url") or page.get("next_page"):
            return None
        values.extend(page["values"])
    return json.dumps(
        {"count": len(values), "values": values, "next_url": None, "previous_url": None}, ensure_ascii=False
    ).encode()


class RecordedTransport(httpx.BaseTransport):
    """An httpx transport that serves recorded responses; the first directory that has a request wins."""

    def __init__(self, directories: Iterable[Path] = (FIXTURES_DIR,)) -> None:
        self.routes: dict[str, tuple[Path, str]] = {}
        for directory in directories:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
            for route in manifest["routes"]:
                split = urlsplit(route["request"])
                key = normalize_request(split.path, split.query)
                self.routes.setdefault(key, (directory / route["file"], manifest["base_url"]))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        root = urlsplit(OFFLINE_BASE_URL).path
        path = request.url.path
        if path.startswith(root):
            path = path[len(root) :]
        base = f"{request.url.scheme}://{request.url.netloc.decode()}{root}"
        query = request.url.query.decode()
        body = self.body(path, query, base) or compose_batched(path, query, lambda p, q: self.body(p, q, base))
        if body is None:
            return httpx.Response(404, json={"error": f"no recorded response for {path}"}, request=request)
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"}, request=request)

    def body(self, path: str, query: str, base: str) -> bytes | None:
        """The recorded body of a request (path below the API root), its links pointing at ``base``."""
        found = self.routes.get(normalize_request(path, query))
        if found is None:
            return None
        file, recorded_base = found
        content = file.read_bytes()
        if base != recorded_base:
            content = content.replace(recorded_base.encode(), base.encode())
        return content
