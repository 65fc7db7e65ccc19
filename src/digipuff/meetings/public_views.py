"""The public editions anyone may read without signing in, linked from the portal (`meetings/portal.py`): the
kallelse of a signed meeting and the protokoll of a justerat meeting, without the confidential items. What is public
is decided in `meetings.portal` (signed, justerat); anything else is 404, for everyone alike."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from digipuff.meetings import portal
from digipuff.meetings.protokoll import meeting_date


@require_safe
def public_kallelse(request: HttpRequest, pk: int) -> HttpResponse:
    from digipuff.meetings.kallelse.document import build_kallelse
    from digipuff.meetings.kallelse.pdf import render_kallelse_pdf

    meeting = get_object_or_404(portal.public_kallelse_meetings(), pk=pk)
    response = HttpResponse(
        render_kallelse_pdf(build_kallelse(meeting, complete=False)), content_type="application/pdf"
    )
    name = f"kallelse-{meeting.committee.code}-{meeting_date(meeting).isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
def public_protokoll(request: HttpRequest, pk: int) -> HttpResponse:
    from digipuff.meetings.protokoll_print import render_pdf

    meeting = get_object_or_404(portal.public_protokoll_meetings(), pk=pk)
    minutes = getattr(meeting, "protokoll", None)
    if minutes is None:
        raise Http404(_("The protokoll is not adjusted yet."))
    response = HttpResponse(render_pdf(minutes, confidential=False), content_type="application/pdf")
    name = f"protokoll-{meeting.committee.code}-{meeting_date(meeting).isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
