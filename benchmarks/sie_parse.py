"""Parse a SIE file in this (fresh) process and print CPU seconds, peak memory and rows read as JSON.

`python -m benchmarks.sie_parse digipuff FILE` uses DigiPUFF's SIE parser; `... pysie FILE` uses
`pysie-accounting` (told the file is code page 437). Each parser runs in a process of its own so that peak memory
(the process's maximum resident set, interpreter and imports included) belongs to that parser alone.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
from pathlib import Path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def digipuff(path: Path) -> int:
    from digipuff.integrations.sie.parser import parse_bytes

    sie = parse_bytes(path.read_bytes(), filename=path.name, keep_transactions=False)  # as the importer reads it
    return sie.transaction_count


def pysie(path: Path) -> int:
    from pysie_accounting.pysie import PySIE

    parser = PySIE()
    parser.sie_encoding = "cp437"
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as sru:
        sru.write("SRU,Ink2\n7201,2.1\n")  # it joins balances with an SRU table and needs one
    parser.open_trans(sru.name)
    parser.open(str(path))
    return sum(len(voucher[3]) for voucher in parser.verifikat.values())


def main(which: str, file: str) -> None:
    if which == "digipuff":
        import django

        django.setup()
    parse = {"digipuff": digipuff, "pysie": pysie}[which]
    start = _cpu()
    rows = parse(Path(file))
    cpu = _cpu() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cpu": cpu, "peak_mb": peak_mb, "rows": rows}))


if __name__ == "__main__":
    main(*sys.argv[1:])
