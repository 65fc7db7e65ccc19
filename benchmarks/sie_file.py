"""A year's ledger as a SIE 4 file of realistic shape: thousands of accounts, hundreds of objects, twelve months.

Every result account is booked on a handful of its own cost centres (dimension 1, "Ansvar"), ten rows to a voucher
and the bank account balancing each voucher, vouchers spread over the year's months. `#VER` carries its series and
number quoted and a registration date, and the file is written in code page 437 (`#FORMAT PC8`), as the format
says, which is also what `pysie-accounting` needs to find the vouchers.
"""

from __future__ import annotations

import random
from pathlib import Path

ROWS_PER_VOUCHER = 10


def write_sie4(path: Path, *, rows: int, accounts: int, objects: int, year: int = 2024) -> dict[str, int]:
    """Write the file; the counts written (rows, vouchers, accounts, objects)."""
    rng = random.Random(20240101)
    numbers = [str(3000 + i * (6000 // accounts)) for i in range(accounts)]
    object_ids = [str(10000 + i) for i in range(objects)]
    per_voucher = ROWS_PER_VOUCHER - 1
    vouchers = -(-rows // ROWS_PER_VOUCHER)
    written = 0
    with path.open("w", encoding="cp437", newline="\n") as out:
        out.write(
            '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "DigiPUFF benchmark" 1.0\n#GEN 20250110\n'
            f'#FNAMN "Bänkby kommun"\n#ORGNR 212000-0000\n#RAR 0 {year}0101 {year}1231\n'
            '#KONTO 1930 "Bank, koncernkonto"\n#KTYP 1930 T\n#DIM 1 "Ansvar"\n'
        )
        out.writelines(f'#KONTO {n} "Konto {n}"\n' for n in numbers)
        out.writelines(f'#OBJEKT 1 "{o}" "Ansvar {o}"\n' for o in object_ids)
        for v in range(vouchers):
            month = 1 + v * 12 // vouchers
            day = f"{year}{month:02d}{1 + v % 28:02d}"
            out.write(f'#VER "A" "{v + 1}" {day} "Verifikation {v + 1}" {day}\n{{\n')
            total = 0
            count = min(per_voucher, rows - written - 1)
            for _ in range(count):
                a = rng.randrange(accounts)
                obj = object_ids[(a * 7 + rng.randrange(5) * 37) % objects]
                cents = rng.randrange(100, 5_000_000)
                total += cents
                out.write(f'   #TRANS {numbers[a]} {{1 "{obj}"}} {cents // 100}.{cents % 100:02d}\n')
            out.write(f"   #TRANS 1930 {{}} -{total // 100}.{total % 100:02d}\n}}\n")
            written += count + 1
    return {"rows": written, "vouchers": vouchers, "accounts": accounts + 1, "objects": objects}
