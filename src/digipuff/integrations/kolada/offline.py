"""Answering Kolada requests from recorded response files, without network.

A directory of recorded responses holds ``manifest.json`` (``{"base_url": ..., "routes": [{"request": path+query,
"file": name}]}``) and the response bodies, byte for byte as the API sent them. :class:`RecordedTransport` plugs
such directories into :class:`~digipuff.integrations.kolada.client.KoladaClient`, so the demo and the tests run the
real client and the real sync over recorded answers. ``fixtures/`` in this package holds the demo's responses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
        found = self.routes.get(normalize_request(path, request.url.query.decode()))
        if found is None:
            return httpx.Response(404, json={"error": f"no recorded response for {path}"}, request=request)
        file, recorded_base = found
        body = file.read_bytes()
        base = f"{request.url.scheme}://{request.url.netloc.decode()}{root}"
        if base != recorded_base:
            body = body.replace(recorded_base.encode(), base.encode())
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"}, request=request)
