"""The Kolada stand-in for the benchmark, in a process of its own: `python -m benchmarks.kolada_server`.

It serves the recorded responses and the synthetic national data set (290 municipalities x 50 KPIs x 10 years x
3 genders, `tests/integrations/kolada/generate.py`) on a free port of 127.0.0.1, prints its API root on the first line
of its output, and counts the requests it answers; `GET /__requests` answers that count (and is not counted).
`koladapy` asks for data as `data/?kpi_id=..&municipality_id=..&year=..` (repeated parameters); such requests are
answered as the equivalent path form `data/kpi/../municipality/../year/..` the API also has.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.integrations.kolada.generate import generate_dataset
from tests.integrations.kolada.replay_server import API_PREFIX, make_server
from tests.integrations.kolada.synthetic import SyntheticMetadata


def _path_form(path: str) -> str:
    split = urlsplit(path)
    if split.path.rstrip("/") != f"{API_PREFIX}/data" or not split.query:
        return path
    ids: dict[str, list[str]] = {"kpi_id": [], "municipality_id": [], "year": []}
    rest = []
    for name, value in parse_qsl(split.query):
        if name in ids:
            ids[name].extend(value.split(","))
        else:
            rest.append((name, value))
    if not all(ids.values()):
        return path
    parts = "/".join(
        f"{short}/{','.join(ids[name])}"
        for short, name in (("kpi", "kpi_id"), ("municipality", "municipality_id"), ("year", "year"))
    )
    return f"{API_PREFIX}/data/{parts}" + (f"?{urlencode(rest)}" if rest else "")


def main() -> None:
    dataset = generate_dataset()
    httpd = make_server(0, providers=[dataset, SyntheticMetadata(dataset)])
    base = httpd.RequestHandlerClass
    lock, count = threading.Lock(), [0]

    class Counting(base):  # type: ignore[misc,valid-type]
        def do_GET(self) -> None:
            if self.path == "/__requests":
                body = str(count[0]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            with lock:
                count[0] += 1
            self.path = _path_form(self.path)
            super().do_GET()

    httpd.RequestHandlerClass = Counting
    host, port = httpd.server_address[:2]
    print(f"http://{host}:{port}{API_PREFIX}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
