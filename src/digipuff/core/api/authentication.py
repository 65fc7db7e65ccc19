"""API token authentication: `Authorization: Bearer dp_...` (core.tokens), with the token's scopes checked on every
request, whatever the view's own permission classes.

- no `Authorization: Bearer` header: this class does not answer (the session may sign the request in; without one
  the API answers 403, as before: no challenge is sent to a browser);
- a token that is unknown, expired or revoked: **401** with `WWW-Authenticate: Bearer error="invalid_token"` and the
  reason in Swedish;
- a token without the scope the request needs: **403** naming the scope. GET, HEAD and OPTIONS need `read`; a write
  needs the scope its view declares (`token_scope`); a write to a view that declares none is refused to every token.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from digipuff.core import tokens
from digipuff.core.models import ApiToken


class InvalidToken(exceptions.APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_token"
    auth_header = 'Bearer error="invalid_token"'


def required_scope(request: Request) -> str | None:
    """The scope this request needs: `read` for reads, else the view's `token_scope` (None: no token may write)."""
    if request.method in SAFE_METHODS:
        return ApiToken.Scope.READ.value
    view = (getattr(request, "parser_context", None) or {}).get("view")
    return getattr(view, "token_scope", None)


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise InvalidToken(_("Give the API token after Bearer, with one space between."))
        try:
            secret = parts[1].decode("ascii")
            token = tokens.token_check(secret)
        except UnicodeDecodeError as exc:
            raise InvalidToken(_("The API token is not valid.")) from exc
        except tokens.TokenRefused as exc:
            raise InvalidToken(str(exc)) from exc
        scope = required_scope(request)
        if scope is None or scope not in token.scopes:
            label = ApiToken.Scope(scope).label if scope else _("writing here")
            raise exceptions.PermissionDenied(
                _("The API token does not have the scope this request needs: {scope}.").format(scope=label)
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str | None:
        # None: a request without credentials is answered 403, as for the session (see the module docstring).
        return None


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI description names the token: HTTP bearer."""

    target_class = "digipuff.core.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (`dp_...`), made on the page API-nycklar; its scopes limit it.",
        }
