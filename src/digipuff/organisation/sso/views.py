"""The three steps of single sign-on: to the provider, back from it, and signing out (of the provider too)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from digipuff.organisation.sso import discovery, enabled


def _require_enabled() -> None:
    if not enabled():
        raise Http404(_("Sign-in with the municipality's account is not set up."))


class SignInStart(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider, remembering state, nonce and where to go afterwards."""

    def __init__(self, **kwargs: Any) -> None:
        # Not the parent's: it reads the endpoint when the view is made; here it is looked up per request, and only
        # when single sign-on is set up.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except discovery.ProviderUnavailable:
            messages.error(request, _("The municipality's sign-in service does not answer right now. Try again soon."))
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class SignInCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: the code is exchanged, the token checked, the roles applied."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        response: HttpResponse = super().get(request)
        return response

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Signing in with the municipality's account did not succeed. Try again, or ask your administrator "
                "if it keeps failing."
            ),
        )
        response: HttpResponse = super().login_failure()
        return response


class SignOut(auth_views.LogoutView):
    """Signs out of DigiPUFF; one who signed in through the provider is then signed out there too (when the
    provider offers an end-session endpoint), so that the next person at the computer is not signed straight in."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response: HttpResponse = super().post(request, *args, **kwargs)
        if not id_token or not enabled():
            return response
        try:
            end_session = discovery.endpoint("DIGIPUFF_OIDC_END_SESSION_ENDPOINT")
        except discovery.ProviderUnavailable:
            return response
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        return HttpResponseRedirect(f"{end_session}{'&' if '?' in end_session else '?'}{query}")
