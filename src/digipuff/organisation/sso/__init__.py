"""Single sign-on with OpenID Connect (mozilla-django-oidc): the municipality's identity provider signs people in,
and the groups it names map to role assignments on the org tree (GroupRoleMapping), applied at each sign-in.

Off unless DIGIPUFF_OIDC_ISSUER is set; local accounts work either way (docs/sso.md).
"""

from __future__ import annotations

from django.conf import settings


def enabled() -> bool:
    """Is single sign-on set up (an issuer and a client)?"""
    return bool(getattr(settings, "DIGIPUFF_OIDC_ISSUER", "") and getattr(settings, "OIDC_RP_CLIENT_ID", ""))
