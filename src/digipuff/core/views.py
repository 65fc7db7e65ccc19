"""The pages every installation has. (The start page, the user's units and roles, is organisation's.)"""

from __future__ import annotations

import mimetypes
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from digipuff.core import notices, taskruns, tokens
from digipuff.core.forms import ApiTokenForm, NoticeSettingsForm
from digipuff.core.http import AuthenticatedRequest, DigipuffRequest
from digipuff.core.middleware import without_request_context
from digipuff.core.models import NoticeSettings, TaskRun
from digipuff.core.web import form_response


def _run(request: HttpRequest, pk: UUID) -> TaskRun:
    run = taskruns.task_run_get(user=request.user, pk=pk)
    if run is None:
        raise Http404
    return run


@login_required
def task_status(request: DigipuffRequest, pk: UUID) -> HttpResponse:
    """A background task's status page; htmx polls the status part every two seconds until the work has finished."""
    run = _run(request, pk)
    template = "core/partials/task_status.html" if request.htmx else "core/task.html"
    return render(request, template, {"run": run, "unit": run.unit})


@login_required
def task_file(request: HttpRequest, pk: UUID, name: str) -> FileResponse:
    """A file the task produced (a rendered report of a batch)."""
    run = _run(request, pk)
    path = taskruns.file_path(run, name)
    if path is None or not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=name, content_type=content_type)


@without_request_context
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without touching the database or the session."""
    return HttpResponse("ok", content_type="text/plain")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler404`: a path under the API that matches no route (`/api/v1/activities/0.5/`) is answered in the API's
    own shape (JSON, as documented), every other one with the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


@login_required
def notice_settings(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own choice of e-mail notices (every signed-in user; nobody else's settings are reachable)."""
    kinds = list(notices.notice_kinds)
    current = NoticeSettings.objects.filter(user=request.user).first()
    muted = set(current.muted) if current else set()
    form = NoticeSettingsForm(
        request.POST if request.method == "POST" else None,
        kinds=[(kind.name, str(kind.label)) for kind in kinds],
        initial={
            "version": current.version if current else 0,
            "wanted": [k.name for k in kinds if k.name not in muted],
        },
    )

    def saved(_record: NoticeSettings) -> HttpResponse:
        messages.success(request, _("Your notice settings were saved."))
        return redirect("core:notices")

    return form_response(
        request,
        form,
        lambda data: notices.notice_settings_set(
            actor=request.user,
            muted=[k.name for k in kinds if k.name not in data["wanted"]],
            expected_version=data["version"],
        ),
        template="core/notices.html",
        context={"kinds": kinds, "email": request.user.email},
        on_success=saved,
    )


# The secret of a token just made waits here for the page the browser is sent to next, which shows it once and
# forgets it: reloading that page (or going back) neither shows the secret again nor makes another token.
NEW_TOKEN_KEY = "core.new_api_token"


@login_required
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own API tokens: make one (its secret is shown once, on the page that follows), see them all,
    revoke one. Every signed-in user may; what a token reaches is still decided by the user's roles."""
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token = tokens.token_revoke(actor=request.user, token_id=int(request.POST["revoke"]))
        except (ValueError, ValidationError):
            messages.error(request, _("You have no such API token."))
        else:
            messages.success(request, _("The API token {name} was revoked.").format(name=token.name))
        return redirect("core:api_tokens")
    form = ApiTokenForm(request.POST if request.method == "POST" else None)

    def create(data: dict[str, Any]) -> tokens.NewToken:
        return tokens.token_create(
            actor=request.user, user=request.user, name=data["name"], scopes=data["scopes"], expires=data["expires"]
        )

    def created(new: tokens.NewToken) -> HttpResponse:
        request.session[NEW_TOKEN_KEY] = {"id": new.token.pk, "secret": new.secret}
        return redirect("core:api_tokens")

    shown = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    mine = tokens.tokens_of(request.user)
    new = next((t for t in mine if shown and t.pk == shown["id"]), None)
    context = {
        "tokens": mine,
        "new": tokens.NewToken(token=new, secret=shown["secret"]) if new and shown else None,
        "now": timezone.now(),
        "api_docs": reverse("api:docs"),
    }
    return form_response(request, form, create, template="core/api_tokens.html", context=context, on_success=created)
