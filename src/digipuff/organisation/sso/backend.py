"""The sign-in backend for single sign-on: mozilla-django-oidc's code flow, with the ID token checked in full
(signature, issuer, audience, expiry, nonce), the user found or made by the username claim, and their roles made
what their groups map to at every sign-in."""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from digipuff.organisation import services
from digipuff.organisation.sso import discovery, enabled

logger = logging.getLogger(__name__)


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in through the municipality's identity provider (OpenID Connect authorisation code flow)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the parent's: it reads the endpoints when constructed, and Django constructs a backend for every request
        # of a signed-in user (get_user). The endpoints are looked up when a sign-in needs them (discovery).
        self.UserModel = get_user_model()

    # The parent's attribute names, read from the settings (and the discovery document) when a sign-in uses them.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return discovery.endpoint("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return discovery.endpoint("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return discovery.endpoint("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return str(settings.OIDC_RP_CLIENT_ID)

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return str(settings.OIDC_RP_CLIENT_SECRET)

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:
        return str(settings.OIDC_RP_SIGN_ALGO)

    OIDC_RP_IDP_SIGN_KEY = None  # the provider's keys come from its JWKS endpoint

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the callback of a sign-in through the provider (it passes the nonce); a password sign-in is not ours.
        if request is None or not enabled() or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, discovery.ProviderUnavailable) as exc:
            # Refused: the callback view tells the user in Swedish; the reason is for the operator's log.
            logger.warning("Single sign-on refused: %s", exc)
            return None

    def _verify_jws(self, payload: Any, key: Any) -> Any:
        """The token's signature with the provider's key and algorithm, and its claims: issued by our issuer, for
        our client, not expired (the parent checks the signature only)."""
        try:
            alg = jwt.get_unverified_header(payload).get("alg")
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"The token cannot be read: {exc}") from exc
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"The token is signed with {alg!r}, not {self.OIDC_RP_SIGN_ALGO!r}.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=discovery.issuer(),
                leeway=settings.DIGIPUFF_OIDC_LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"The token was refused: {exc}") from exc

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims, with the userinfo endpoint's added when the provider has one (Microsoft Entra ID
        sends the groups in the ID token only, Keycloak in either)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo answer is about another subject than the ID token.")
            claims.update(info)
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        username = claims.get(settings.DIGIPUFF_OIDC_USERNAME_CLAIM)
        if not isinstance(username, str) or not username.strip():
            logger.warning("Single sign-on: the claim %s is missing.", settings.DIGIPUFF_OIDC_USERNAME_CLAIM)
            return False
        try:
            groups_of(claims)
        except SuspiciousOperation as exc:
            logger.warning("Single sign-on: %s", exc)
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(username__iexact=username_of(claims))

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = self.UserModel(username=username_of(claims))
        user.set_unusable_password()  # signs in through the provider only, unless an administrator sets a password
        return self.update_user(user, claims)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        """The name and e-mail address as the provider has them, then the roles the groups map to."""
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]
        user.save()
        if user.is_active:
            services.sso_roles_sync(user=user, groups=groups_of(claims))
        return user


def username_of(claims: dict[str, Any]) -> str:
    return str(claims[settings.DIGIPUFF_OIDC_USERNAME_CLAIM]).strip()[:150]


def groups_of(claims: dict[str, Any]) -> list[str]:
    """The groups the provider names for the user: a list of strings (a single string is one group; no claim, no
    groups). A token that says the groups were too many to include (Entra ID's overage claim) is refused rather
    than taken for "no groups", which would remove every role."""
    name = settings.DIGIPUFF_OIDC_GROUPS_CLAIM
    if name not in claims and name in (claims.get("_claim_names") or {}):
        raise SuspiciousOperation(f"The provider left the claim {name} out (too many groups): no roles can be set.")
    value = claims.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(group, str) for group in value):
        raise SuspiciousOperation(f"The claim {name} is not a list of group names.")
    return [group.strip() for group in value if group.strip()]
