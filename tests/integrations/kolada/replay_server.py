"""A tiny stand-in for api.kolada.se/v3 that replays the recorded responses in ``responses/``.

``responses/manifest.json`` maps each recorded request (path below the API root plus its query, e.g.
``/kpi?page=2&per_page=2&title=brukarbedömning``) to a file holding the exact response body. Requests are matched
after percent-decoding and sorting the query, so the order of parameters does not matter. Page links inside the
bodies point at ``https://api.kolada.se/v3``; they are rewritten to the server's own address, as a real server's
self-links would be.

Optionally it also serves a large synthetic data set from ``generate.py`` for benchmarks.

Run standalone (stdlib only)::

    python tests/integrations/kolada/replay_server.py --port 8765
    python tests/integrations/kolada/replay_server.py --port 8765 --synthetic

or from tests::

    with start_replay_server() as server:
        client = KoladaClient(server.base_url)
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self
from urllib.parse import parse_qsl, unquote, urlsplit

try:
    from digipuff.integrations.kolada.offline import compose_batched
except ImportError:  # run as a stdlib-only script without the project on sys.path
    compose_batched = lambda path, query, body: None  # type: ignore[assignment]  # noqa: E731

RESPONSES_DIR = Path(__file__).resolve().with_name("responses")
RECORDED_BASE_URL = "https://api.kolada.se/v3"
API_PREFIX = "/v3"


class DataProvider(Protocol):
    """Something that can answer some API requests itself, such as the synthetic data set in ``generate.py``."""

    def respond(self, path: str, query: str, base_url: str) -> bytes | None:
        """Return the body for ``path``/``query`` (relative to the API root), or ``None`` if not handled."""
        ...


def normalize_request(path: str, query: str) -> str:
    """The manifest key of a request: decoded path plus decoded, sorted query parameters."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    key = unquote(path)
    if pairs:
        key += "?" + "&".join(f"{name}={value}" for name, value in pairs)
    return key


class ResponseLibrary:
    """The recorded responses, indexed by their normalised request."""

    def __init__(self, directory: Path = RESPONSES_DIR) -> None:
        self.directory = directory
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        self.recorded_base_url: str = manifest["base_url"]
        self.routes: dict[str, Path] = {}
        for route in manifest["routes"]:
            split = urlsplit(route["request"])
            self.routes[normalize_request(split.path, split.query)] = directory / route["file"]

    def body(self, path: str, query: str, base_url: str | None = None) -> bytes | None:
        """The recorded body for a request, with page links pointing at ``base_url``; ``None`` if not recorded.

        A request for several KPIs is answered from the recorded one-KPI answers (``offline.compose_batched``)."""
        recorded = self._recorded(path, query, base_url)
        if recorded is not None:
            return recorded
        return compose_batched(path, query, lambda p, q: self._recorded(p, q, base_url))

    def _recorded(self, path: str, query: str, base_url: str | None) -> bytes | None:
        file = self.routes.get(normalize_request(path, query))
        if file is None:
            return None
        content = file.read_bytes()
        if base_url is not None and base_url != self.recorded_base_url:
            content = content.replace(self.recorded_base_url.encode(), base_url.encode())
        return content


@dataclass
class Replayer:
    """Answers API requests from the recorded library first, then from optional data providers."""

    library: ResponseLibrary
    providers: Sequence[DataProvider] = ()

    def respond(self, path: str, query: str, base_url: str) -> tuple[int, bytes]:
        body = self.library.body(path, query, base_url)
        if body is not None:
            return 200, body
        for provider in self.providers:
            body = provider.respond(path, query, base_url)
            if body is not None:
                return 200, body
        # The real API's error body format is not documented; this only needs to be recognisably an error.
        message = {"error": f"no recorded response for {normalize_request(path, query)}"}
        return 404, json.dumps(message, ensure_ascii=False).encode()


def _handler_class(replayer: Replayer, verbose: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "KoladaReplay/1.0"

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            host, port = self.server.server_address[:2]
            base_url = f"http://{host}:{port}{API_PREFIX}"
            if split.path.startswith(API_PREFIX + "/"):
                status, body = replayer.respond(split.path[len(API_PREFIX) :], split.query, base_url)
            else:
                status, body = 404, b'{"error": "unknown API version"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            if verbose:
                super().log_message(format, *args)

    return Handler


class ReplayServer:
    """A running replay server on a background thread; use as a context manager or call :meth:`stop`."""

    def __init__(self, httpd: ThreadingHTTPServer) -> None:
        self.httpd = httpd
        self.thread = threading.Thread(target=httpd.serve_forever, name="kolada-replay", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{API_PREFIX}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def make_server(
    port: int = 0,
    *,
    host: str = "127.0.0.1",
    responses_dir: Path = RESPONSES_DIR,
    providers: Sequence[DataProvider] = (),
    verbose: bool = False,
) -> ThreadingHTTPServer:
    """Bind (but do not start) a replay server; port 0 picks a free port."""
    replayer = Replayer(ResponseLibrary(responses_dir), providers)
    httpd = ThreadingHTTPServer((host, port), _handler_class(replayer, verbose))
    httpd.daemon_threads = True
    return httpd


def start_replay_server(
    port: int = 0,
    *,
    host: str = "127.0.0.1",
    responses_dir: Path = RESPONSES_DIR,
    providers: Sequence[DataProvider] = (),
) -> ReplayServer:
    """Start a replay server in a background thread and return it; its API root is ``server.base_url``."""
    server = ReplayServer(make_server(port, host=host, responses_dir=responses_dir, providers=providers))
    server.thread.start()
    return server


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve recorded Kolada API v3 responses on localhost.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--responses", type=Path, default=RESPONSES_DIR, help="directory with manifest.json")
    parser.add_argument(
        "--synthetic", action="store_true", help="also serve the synthetic benchmark data set from generate.py"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    providers: list[DataProvider] = []
    if args.synthetic:
        # Imported here so that plain replaying does not depend on the generator; run as a script the module's
        # directory is on sys.path, inside the test package the relative import applies.
        if __package__:
            from .generate import generate_dataset
            from .synthetic import SyntheticMetadata

            dataset = generate_dataset()
            providers += [dataset, SyntheticMetadata(dataset)]
        else:
            from generate import generate_dataset  # type: ignore[no-redef]

            providers.append(generate_dataset())
    httpd = make_server(
        args.port, host=args.host, responses_dir=args.responses, providers=providers, verbose=args.verbose
    )
    host, port = httpd.server_address[:2]
    print(f"Replaying Kolada API at http://{host}:{port}{API_PREFIX} (Ctrl-C to stop)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()
