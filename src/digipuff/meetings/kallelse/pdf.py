"""The kallelse as tagged PDF (PDF/UA-1), laid out by Typst from the document model as JSON (never markup), with the
report renderer's fonts. Deterministic: the PDF's date is the kallelse's own (the date of signing)."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from django.conf import settings

from digipuff.meetings.kallelse.document import Kallelse

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "meetings" / "print" / "kallelse.typ"
FONT_DIRS = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
]
STANDARDS = ["ua-1"]


def typst_input(kallelse: Kallelse) -> str:
    return json.dumps(asdict(kallelse), default=str, ensure_ascii=False, sort_keys=True)


def render_kallelse_pdf(kallelse: Kallelse) -> bytes:
    source = typst_input(kallelse)
    created = kallelse.created
    with _lock:
        data = _compiler().compile(
            format="pdf",
            sys_inputs={"kallelse": source},
            pdf_standards=STANDARDS,
            timestamp=datetime(created.year, created.month, created.day, tzinfo=UTC),
        )
    return cast(bytes, data)


# One compiler per process, serialised (Typst's compiler is not shared between threads; a kallelse compiles in a
# fraction of a second).
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _compiler() -> Any:
    if "compiler" not in _state:
        import typst

        dirs = [d for d in getattr(settings, "REPORT_FONT_DIRS", FONT_DIRS) if Path(d).is_dir()]
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=dirs)
        _state["compiler"] = typst.Compiler(
            input=str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=fonts, ignore_system_fonts=True
        )
    return _state["compiler"]
