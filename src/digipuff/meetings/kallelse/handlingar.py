"""The handlingar of a meeting: the kallelse and, item by item in agenda order, every document of the item's case
(`case_documents`: the tjänsteutlåtande and its bilagor), as one PDF with a bookmark for the kallelse and one per
item with its documents under it. The public edition holds the public items only; the complete edition the
sekretessärenden too."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from digipuff.meetings import meeting_selectors
from digipuff.meetings.case_documents import case_documents
from digipuff.meetings.kallelse.document import build_kallelse
from digipuff.meetings.kallelse.pdf import render_kallelse_pdf
from digipuff.meetings.models import Meeting


def render_handlingar(meeting: Meeting, *, complete: bool) -> bytes:
    from pypdf import PdfReader, PdfWriter

    kallelse = build_kallelse(meeting, complete=complete)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(render_kallelse_pdf(kallelse))), import_outline=False)
    writer.add_outline_item(title=kallelse.title, page_number=0)
    agenda = meeting_selectors.agenda(meeting, confidential=complete)
    for entry in [*agenda.public, *agenda.confidential]:
        for item in entry.items:
            documents = case_documents(item.case) if item.case is not None else []
            if not documents:
                continue
            label = f"{entry.number} {item.title}"
            if item.case is not None:
                label = f"{label} ({item.case.diarienummer})"
            parent = writer.add_outline_item(title=label, page_number=len(writer.pages))
            for document in documents:
                start = len(writer.pages)
                writer.append(PdfReader(io.BytesIO(document.pdf())), import_outline=False)
                writer.add_outline_item(title=document.title, page_number=start, parent=parent)
    writer.add_metadata(
        {"/Title": _("Documents for the meeting: {title}").format(title=f"{kallelse.title}, {kallelse.time}")}
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
