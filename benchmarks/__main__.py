"""`make bench`: run every benchmark module against a fresh database and print one table."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.harness import Result, print_table, test_database


def main(selected: list[str]) -> int:
    results: list[Result] = []
    with test_database():
        from django.db import connection

        print(f"Database: {connection.vendor}")
        for module_info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
            if not module_info.name.startswith("bench_"):
                continue
            if selected and not any(s in module_info.name for s in selected):
                continue
            module = importlib.import_module(f"benchmarks.{module_info.name}")
            print(f"running {module_info.name} ...", flush=True)
            results.extend(module.run())
    print_table(results)
    return 1 if any(r.ok is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
