"""The protokoll as tagged PDF (PDF/UA-1), laid out by Typst from the protokoll's content as JSON (never markup):
the running header "SOCIALNÄMNDEN SAMMANTRÄDESPROTOKOLL SIDA n (m)", time and place, the attendance, the paragraphs
with their decisions, the justering and the anslag with the appeal period. Once justerat the PDF is made from the
stored content only, so it is the same every time; its date is the meeting's."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

from digipuff.meetings import protokoll as service
from digipuff.meetings.models import Protokoll

TEMPLATE = Path(__file__).resolve().parent / "templates" / "meetings" / "print" / "protokoll.typ"
FONT_DIRS = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
]


def labels() -> dict[str, str]:
    return {
        "kind": _("Minutes").upper(),
        "page": _("PAGE {N} ({M})"),
        "time_place": _("Time and place"),
        "members": _("Members present"),
        "serving_substitutes": _("Substitutes serving"),
        "substitutes": _("Substitutes not serving"),
        "others": _("Others present"),
        "chair": _("Chair"),
        "secretary": _("Secretary"),
        "adjusters": _("Adjusters"),
        "adjustment": _("Place and date of adjustment"),
        "signatures": _("Signatures"),
        "number": _("Registry number"),
        "proposal": _("Proposed decision"),
        "motions": _("Motions"),
        "procedure": _("Procedure"),
        "decision": _("Decision"),
        "reservations": _("Reservations"),
        "disqualified": _("Conflicts of interest"),
        "notice": _("Notice of adjustment (anslag)"),
        "posted": _("Notice posted on"),
        "removed": _("Notice taken down on"),
        "appeal": _("Last day to appeal"),
        "draft": _("Draft – not adjusted"),
        "hash": _("Content hash (SHA-256)"),
    }


def typst_input(protokoll: Protokoll, *, confidential: bool) -> str:
    content = service.content_of(protokoll, confidential=confidential)
    data: dict[str, Any] = {
        **content,
        "adjusted": protokoll.is_adjusted,
        "sha256": protokoll.content_sha256,
        "labels": labels(),
    }
    return json.dumps(data, default=str, ensure_ascii=False, sort_keys=True)


def render_pdf(protokoll: Protokoll, *, confidential: bool) -> bytes:
    """The protokoll as tagged PDF: the public edition, or with `confidential` the complete one."""
    source = typst_input(protokoll, confidential=confidential)
    day: date = service.meeting_date(protokoll.meeting)
    with _lock:
        data = _compiler().compile(
            format="pdf",
            sys_inputs={"protokoll": source},
            pdf_standards=["ua-1"],
            timestamp=datetime(day.year, day.month, day.day, tzinfo=UTC),
        )
    return cast(bytes, data)


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
