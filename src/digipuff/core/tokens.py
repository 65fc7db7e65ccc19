"""Personal API tokens: made, listed and revoked by their user; checked on every API request.

A token's secret is `dp_` followed by 43 random URL-safe characters (`secrets.token_urlsafe(32)`). The database keeps
its SHA-256 hash and its first characters (`prefix`, to recognise it); the secret itself is returned once, by
`token_create`, and never again. `token_check` finds the token by its prefix and compares the hash in constant
time. Scopes (`ApiToken.Scope`) restrict a token: `read` for GET, and one write scope per kind of write endpoint;
what the user may read or write at all is still the policy's (their role assignments).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import audit
from digipuff.core.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SECRET_PREFIX = "dp_"
PREFIX_LENGTH = len(SECRET_PREFIX) + 8
MAX_LIFETIME_DAYS = 366
# A token's last use is written at most this often (not one write per request).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: show the secret to the user now, it is not kept."""

    token: ApiToken
    secret: str


def _latest_expiry(today: date) -> date:
    return today + timedelta(days=MAX_LIFETIME_DAYS)


def token_create(*, actor: User, user: User, name: str, scopes: list[str], expires: date) -> NewToken:
    """Make a token for `user` (only for oneself). `expires` is a date within a year; the token stops working at the
    end of that day (Swedish time)."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only make API tokens for yourself."))
    problems: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        problems["name"] = [_("Give the token a name, e.g. the system that will use it.")]
    valid = set(ApiToken.Scope.values)
    chosen = [scope for scope in ApiToken.Scope.values if scope in scopes]
    if not scopes or set(scopes) - valid:
        problems["scopes"] = [_("Choose at least one scope.") if not scopes else _("Unknown scope.")]
    today = timezone.localdate()
    if expires <= today:
        problems["expires"] = [_("The expiry date must be after today.")]
    elif expires > _latest_expiry(today):
        problems["expires"] = [_("A token can be valid for at most a year.")]
    if problems:
        raise ValidationError(problems)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    end_of_day = datetime.combine(expires, datetime.max.time().replace(microsecond=0))
    with audit.acting_as(actor):
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            scopes=chosen,
            expires_at=timezone.make_aware(end_of_day),
        )
    return NewToken(token=token, secret=secret)


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


@transaction.atomic
def token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens; it is refused from then on. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise ValidationError(_("You have no such API token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with audit.acting_as(actor):
            token.save(update_fields=["revoked_at"])
    return token


class TokenRefused(Exception):
    """The secret names no usable token; the message says why, in the user's language."""


def token_check(secret: str) -> ApiToken:
    """The active token whose secret this is, or TokenRefused (unknown, expired, revoked, or its user is inactive)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        raise TokenRefused(_("The API token is not valid."))
    digest = hash_secret(secret)
    match = None
    for candidate in ApiToken.objects.filter(prefix=secret[:PREFIX_LENGTH]).select_related("user"):
        if hmac.compare_digest(candidate.key_hash, digest):
            match = candidate
    if match is None:
        raise TokenRefused(_("The API token is not valid."))
    now = timezone.now()
    if match.revoked_at is not None:
        raise TokenRefused(_("The API token has been revoked."))
    if match.expires_at <= now:
        raise TokenRefused(_("The API token has expired."))
    if not match.user.is_active:
        raise TokenRefused(_("The API token's user is no longer active."))
    if match.last_used_at is None or now - match.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=match.pk).update(last_used_at=now)
        match.last_used_at = now
    return match


def is_active(token: ApiToken) -> bool:
    return token.revoked_at is None and token.expires_at > timezone.now()
