"""The Content-Security-Policy header on the pages (the browser test in tests/e2e/test_csp.py checks it holds)."""

from __future__ import annotations

from django.urls import reverse


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_pages_allow_nothing_inline_and_no_framing(client, org, users):
    client.force_login(users["reader"])
    policy = _policy(client.get(reverse("core:start")))
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["form-action"] == "form-action 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["base-uri"] == "base-uri 'self'"
    assert "unsafe" not in " ".join(policy.values())
    # The login page too: it is the one a stranger sees first.
    client.logout()
    assert "unsafe" not in client.get(reverse("login")).headers["Content-Security-Policy"]


def test_only_redoc_may_style_inline_and_the_swagger_script_is_a_file(client, org, users):
    client.force_login(users["reader"])
    redoc = _policy(client.get(reverse("api:redoc")))
    assert redoc["style-src"] == "style-src 'self' 'unsafe-inline'"
    assert redoc["script-src"] == "script-src 'self'"
    docs = client.get(reverse("api:docs"))
    assert "unsafe" not in docs.headers["Content-Security-Policy"]
    assert "<script>" not in docs.content.decode() and "<style>" not in docs.content.decode()
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
