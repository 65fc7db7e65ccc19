"""Every URL the project serves is in the shared permission suite (tests/permissions.py), or on the short list
below of URLs that need no permission test. A new page or API route without a declaration fails here."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests import permissions

# URLs outside the matrix, each with its reason.
NOT_DECLARED = {
    "login",  # the login form itself (throttling: tests/core/test_login.py)
    "logout",
    "sso:start",  # single sign-on's way to the identity provider and back (tests/organisation/test_sso.py)
    "sso:callback",
    "set_language",  # the language cookie, for anyone
    "javascript-catalog",  # translations for the browser, no data
    "healthz",  # the load balancer's probe, no data
    "api:schema",  # the OpenAPI description and its two viewers (drift: tests/core/test_openapi.py)
    "api:docs",
    "api:redoc",
}
# Whole namespaces outside the matrix: the admin has its own policy test (tests/core/test_permissions.py).
NAMESPACES_NOT_DECLARED = {"admin"}


def _names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            names |= _names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            names.add(f"{namespace}:{name}" if namespace else name)
    return names


def _declared() -> set[str]:
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("test_permissions.py")):
        importlib.import_module(".".join(path.relative_to(root.parent).with_suffix("").parts))
    return {endpoint.name for endpoints in permissions.DECLARED.values() for endpoint in endpoints}


def test_every_url_is_declared_into_the_permission_suite():
    served = {name for name in _names(get_resolver().url_patterns) if name.split(":")[0] not in NAMESPACES_NOT_DECLARED}
    declared = _declared()
    uncovered = sorted(served - declared - NOT_DECLARED)
    assert not uncovered, "URLs no permission suite covers (declare them in tests/<app>/test_permissions.py):\n" + (
        "\n".join(uncovered)
    )
    stale = sorted((declared | NOT_DECLARED) - served)
    assert not stale, "declared URLs that do not exist any more:\n" + "\n".join(stale)
