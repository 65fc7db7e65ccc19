"""Print locust's CSV statistics as the figures issue 17 asks for: requests, errors, median, p95 and p99."""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(stats_path: str, failures_path: str) -> int:
    rows = _read(Path(stats_path))
    header = f"{'request':<44} {'count':>7} {'errors':>6} {'median ms':>9} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>6}"
    print(header)
    print("-" * len(header))
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        _print(f"{row['Type']} {row['Name']}", row)
    if total is None or not int(total["Request Count"]):
        print("no requests were made (see locust.log beside the statistics)")
        return 1
    print("-" * len(header))
    _print("total", total)
    failures = _read(Path(failures_path)) if Path(failures_path).exists() else []
    for failure in failures:
        print(f"error: {failure['Method']} {failure['Name']}: {failure['Error']} ({failure['Occurrences']}x)")
    return 1 if int(total["Failure Count"]) else 0


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _print(label: str, row: dict[str, str]) -> None:
    print(
        f"{label[:44]:<44} {row['Request Count']:>7} {row['Failure Count']:>6} {row['50%']:>9} {row['95%']:>7} "
        f"{row['99%']:>7} {float(row['Requests/s']):>6.1f}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
