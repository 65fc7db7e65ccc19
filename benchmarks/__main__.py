"""`make bench`: every benchmark module in its own process on its own fresh database, then one table.

`python -m benchmarks [NAME ...]` runs the modules whose names contain one of the NAMEs (all without). The exit status
is 0 whatever the figures are; it is 1 only when a benchmark crashed (its row says so).
"""

from __future__ import annotations

import json
import os
import pkgutil
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Row, child_env, postgres_admin, postgres_url, print_table, python, template_name


def _modules(selected: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    return [n for n in names if not selected or any(s in n for s in selected)]


def main(selected: list[str]) -> int:
    server = os.environ.get("DATABASE_URL", "")
    postgres = server.startswith(("postgres://", "postgresql://"))
    rows: list[Row] = []
    crashed = False
    with tempfile.TemporaryDirectory(prefix="digipuff-bench-") as tmp:
        folder = Path(tmp)
        template = template_name()
        if postgres:
            postgres_admin(server, f'CREATE DATABASE "{template}"')
            template_url = postgres_url(server, template)
        else:
            template_url = f"sqlite:///{folder / 'template.sqlite3'}"
        print(f"Database: {'PostgreSQL' if postgres else 'SQLite (on disk)'}; migrating a template ...", flush=True)
        try:
            subprocess.run(
                python("-m", "benchmarks.module", "--migrate"),
                env=child_env(DATABASE_URL=template_url, DIGIPUFF_DATA_DIR=str(folder / "template")),
                check=True,
            )
            for name in _modules(selected):
                work = folder / name
                work.mkdir()
                if postgres:
                    database = f"{template}_{name}".replace("template_", "")
                    postgres_admin(server, f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
                    url = postgres_url(server, database)
                else:
                    shutil.copy(folder / "template.sqlite3", work / "bench.sqlite3")
                    url = f"sqlite:///{work / 'bench.sqlite3'}"
                print(f"running {name} ...", flush=True)
                start = time.perf_counter()
                out = work / "rows.json"
                done = subprocess.run(
                    python("-m", "benchmarks.module", name, str(out)),
                    env=child_env(DATABASE_URL=url, DIGIPUFF_DATA_DIR=str(work / "data"), BENCH_WORK=str(work)),
                    check=False,
                )
                print(f"  {name}: {time.perf_counter() - start:.0f} s", flush=True)
                if done.returncode != 0 or not out.exists():
                    crashed = True
                    rows.append(Row(f"{name}: CRASHED (exit {done.returncode}, see above)"))
                else:
                    rows.extend(Row(**r) for r in json.loads(out.read_text(encoding="utf-8")))
                if postgres:
                    postgres_admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            if postgres:
                postgres_admin(server, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    print_table(rows)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
