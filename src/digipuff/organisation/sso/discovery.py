"""The identity provider's endpoints: from its settings when given, else from its discovery document
(`<issuer>/.well-known/openid-configuration`), fetched at the first sign-in and kept for an hour."""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from django.conf import settings

#: mozilla-django-oidc's setting -> the discovery document's key.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "DIGIPUFF_OIDC_END_SESSION_ENDPOINT": "end_session_endpoint",
}
KEEP_SECONDS = 3600

_documents: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The identity provider could not be asked (down, unreachable, or it answered with something else)."""


def issuer() -> str:
    return str(settings.DIGIPUFF_OIDC_ISSUER).rstrip("/")


def document() -> dict[str, Any]:
    """The issuer's discovery document, fetched once an hour per process."""
    name = issuer()
    now = time.monotonic()
    with _lock:
        kept = _documents.get(name)
        if kept is not None and now - kept[0] < KEEP_SECONDS:
            return kept[1]
    try:
        response = requests.get(
            f"{name}/.well-known/openid-configuration", timeout=getattr(settings, "OIDC_TIMEOUT", None) or 10
        )
        response.raise_for_status()
        found = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"The discovery document of {name} could not be read: {exc}") from exc
    if not isinstance(found, dict) or str(found.get("issuer", "")).rstrip("/") != name:
        # The specification requires the document to name the issuer it was asked for (no look-alike provider).
        raise ProviderUnavailable(f"The discovery document at {name} names another issuer: {found.get('issuer')!r}")
    with _lock:
        _documents[name] = (now, found)
    return found


def endpoint(setting: str) -> str:
    """The endpoint that `setting` names: the setting when it is set, else the discovery document's ("" when the
    provider has none, as for a userinfo or end-session endpoint)."""
    explicit = getattr(settings, setting, "")
    if explicit:
        return str(explicit)
    return str(document().get(ENDPOINTS[setting]) or "")


def forget() -> None:
    """Drop the fetched documents (a provider that changed its keys or endpoints; tests)."""
    with _lock:
        _documents.clear()
