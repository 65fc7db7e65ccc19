"""Django starts without the heavy libraries that only drawing and file export need.

Every process pays for what Django imports at start-up (each page worker, each `digipuff` command): matplotlib alone
took about half a second. These libraries are imported by the functions that draw or write files, on first use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("matplotlib", "weasyprint", "openpyxl", "docx")

# Start Django, load every URL module (resolving a URL imports the whole URLconf and thereby every view module) and
# read the registries the pages read, then list which of the heavy libraries got imported.
PROGRAM = """
import json, sys
import django
django.setup()
from django.urls import resolve, reverse
resolve("/")
resolve(reverse("healthz"))
from django.urls import get_resolver
get_resolver().url_patterns
from digipuff.core.sections import section_kinds
list(section_kinds)
print(json.dumps(sorted(name for name in sys.argv[1:] if name in sys.modules)))
"""


def test_django_start_up_imports_no_drawing_or_file_export_library() -> None:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    environment.setdefault("DJANGO_SETTINGS_MODULE", "digipuff.config.settings.test")
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, *HEAVY],
        env=environment,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
