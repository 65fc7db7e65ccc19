"""A meeting's documents as an archive package for the diarium (leveranspaket in the manner of E-ARK / FGS Paket):
one folder named after the committee and date, holding `manifest.json` (the package's and the meeting's metadata and,
for every file, its path, title, kind, case, paragraph, whether it is confidential, media type, size and SHA-256) and
`content/` with the kallelse, the protokoll and, item by item, the documents of each case (the complete editions:
the package is for the registry, which keeps the secrecy marking). The format is described in
docs/architecture.md ("The archive package of a meeting"). Deterministic: the same meeting gives the same bytes."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from digipuff.meetings import meeting_selectors, protokoll
from digipuff.meetings.case_documents import case_documents
from digipuff.meetings.models import Meeting

#: The manifest's format; raise it when the manifest changes incompatibly.
MANIFEST_VERSION = "1.0"


@dataclass
class PackageFile:
    path: str
    title: str
    kind: str
    data: bytes
    case: str = ""
    paragraph: int | None = None
    agenda_number: int | None = None
    confidential: bool = False

    def manifest(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "kind": self.kind,
            "case": self.case,
            "paragraph": self.paragraph,
            "agenda_number": self.agenda_number,
            "confidential": self.confidential,
            "mimetype": "application/pdf",
            "size": len(self.data),
            "sha256": hashlib.sha256(self.data).hexdigest(),
        }


def package_name(meeting: Meeting) -> str:
    return f"{meeting.committee.code}-{protokoll.meeting_date(meeting).isoformat()}"


def package_files(meeting: Meeting) -> list[PackageFile]:
    from digipuff.meetings.kallelse.document import build_kallelse
    from digipuff.meetings.kallelse.pdf import render_kallelse_pdf
    from digipuff.meetings.protokoll_print import render_pdf

    kallelse = build_kallelse(meeting, complete=True)
    files = [PackageFile("content/kallelse.pdf", kallelse.title, "kallelse", render_kallelse_pdf(kallelse))]
    minutes = protokoll.protokoll_of(meeting)
    if minutes is not None and minutes.is_adjusted:
        files.append(
            PackageFile(
                "content/protokoll.pdf",
                minutes.meeting.committee.name,
                "protokoll",
                render_pdf(minutes, confidential=True),
            )
        )
    agenda = meeting_selectors.agenda(meeting, confidential=True)
    for entry in [*agenda.public, *agenda.confidential]:
        for item in entry.items:
            if item.case is None:
                continue
            folder = f"content/{entry.number:02d}-{slugify(item.case.diarienummer)}"
            for index, document in enumerate(case_documents(item.case), start=1):
                files.append(
                    PackageFile(
                        f"{folder}/{index:02d}-{slugify(document.title)[:60]}.pdf",
                        document.title,
                        "case_document",
                        document.pdf(),
                        case=item.case.diarienummer,
                        paragraph=entry.items[0].paragraph,
                        agenda_number=entry.number,
                        confidential=item.confidential,
                    )
                )
    return files


def manifest(meeting: Meeting, files: list[PackageFile]) -> dict[str, Any]:
    minutes = protokoll.protokoll_of(meeting)
    return {
        "manifest_version": MANIFEST_VERSION,
        "package": {"id": package_name(meeting), "producer": "DigiPUFF", "type": "meeting"},
        "meeting": {
            "committee": meeting.committee.name,
            "committee_code": meeting.committee.code,
            "date": protokoll.meeting_date(meeting).isoformat(),
            "place": meeting.place,
            "chair": meeting.chair_name,
            "secretary": meeting.secretary_name,
        },
        "protokoll": (
            {
                "adjusted_on": minutes.adjusted_on.isoformat() if minutes.adjusted_on else "",
                "posted_on": minutes.posted_on.isoformat() if minutes.posted_on else "",
                "content_sha256": minutes.content_sha256,
            }
            if minutes is not None and minutes.is_adjusted
            else None
        ),
        "files": [f.manifest() for f in files],
    }


def package(meeting: Meeting) -> bytes:
    """The archive package as a zip: `<id>/manifest.json` and `<id>/content/...`."""
    files = package_files(meeting)
    name = package_name(meeting)
    day = protokoll.meeting_date(meeting)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        body = json.dumps(manifest(meeting, files), ensure_ascii=False, indent=2, sort_keys=True).encode()
        archive.writestr(zipfile.ZipInfo(f"{name}/manifest.json", stamp), body, zipfile.ZIP_DEFLATED)
        for f in files:
            archive.writestr(zipfile.ZipInfo(f"{name}/{f.path}", stamp), f.data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
