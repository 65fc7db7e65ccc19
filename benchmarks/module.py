"""One benchmark module in this process, on the database `DATABASE_URL` names: `python -m benchmarks.module NAME OUT`.

`python -m benchmarks.module --migrate` migrates that database (the template every module's database is copied
from). The rows go to OUT as JSON; `benchmarks.__main__` starts this once per module and prints one table.
"""

from __future__ import annotations

import importlib
import json
import os
import sys

from benchmarks.harness import SETTINGS, Result, Row


def main(argv: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command

    if argv[0] == "--migrate":
        call_command("migrate", verbosity=0, interactive=False)
        return 0
    name, out = argv
    module = importlib.import_module(f"benchmarks.{name}")
    rows = [r.row() if isinstance(r, Result) else r for r in module.run()]
    assert all(isinstance(r, Row) for r in rows)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump([r.as_dict() for r in rows], handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
