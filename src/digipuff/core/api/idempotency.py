"""`Idempotency-Key` for the API's writes: a client that sends a write again (it lost the answer, its connection
broke) with the same key gets the first answer again, and nothing is written twice.

The key (1-200 visible ASCII characters of the client's choosing, e.g. a UUID) is kept with the user, the endpoint,
a hash of the request's body and the answer for `KEEP` (24 hours). The same key with another body is refused (422):
the client is reusing a key by mistake. Only a write that succeeded is kept; a refused one wrote nothing, so the
client corrects it and sends it again, with the same key or a new one. Two requests with the same key at the same
moment: the database's unique constraint lets one write and the other gets its answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEEP = timedelta(hours=24)
MAX_KEY_LENGTH = 200


class _Raced(Exception):
    """Another request with the same key committed first."""


class _Refused(Exception):
    """The write was refused: roll the key's row back with it and answer with the refusal."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _refusal(message: str, status: int) -> Response:
    return Response(
        {"detail": message, "problems": [{"row": None, "field": HEADER, "message": message, "kind": "invalid"}]},
        status=status,
    )


def _replay(record: IdempotencyRecord, digest: str) -> Response:
    if record.request_hash != digest:
        return _refusal(_("This Idempotency-Key was used for another request. Use a new key for a new request."), 422)
    return Response(record.response, status=record.status_code, headers={REPLAYED_HEADER: "true"})


def respond(request: Request, write: Callable[[], Response]) -> Response:
    """Answer a write: run `write` once per key, or give the answer kept for the key."""
    key = request.headers.get(HEADER)
    if key is None:
        return write()
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        return _refusal(_("The Idempotency-Key must be 1-200 visible ASCII characters, e.g. a UUID."), 400)
    digest = hashlib.sha256(json.dumps(request.data, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    user, endpoint = request.user, request.path
    assert isinstance(user, User)  # the API's permission classes let no anonymous write through
    found = IdempotencyRecord.objects.filter(
        user=user, endpoint=endpoint, key=key, created_at__gte=timezone.now() - KEEP
    )
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
            record = found.first()
            if record is not None:
                return _replay(record, digest)
            # The key's row is written first: a second request with the same key waits here (on PostgreSQL, on the
            # unique constraint) until this one is done, and then replays its answer.
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=user, endpoint=endpoint, key=key, request_hash=digest, status_code=0, response={}
                    )
            except IntegrityError as exc:
                raise _Raced from exc
            response = write()
            if not 200 <= response.status_code < 300:
                raise _Refused(response)  # nothing was written: neither is the key
            record.status_code, record.response = response.status_code, response.data
            record.save(update_fields=["status_code", "response"])
            return response
    except _Refused as refused:
        return refused.response
    except _Raced:
        record = found.first()
        if record is None:
            raise
        return _replay(record, digest)
