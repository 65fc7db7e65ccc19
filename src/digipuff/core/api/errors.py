"""How the API answers a request it cannot serve: always a 4xx with a Swedish sentence, never a 500 for bad input.

DRF's own handler passes Django's `Http404` and `PermissionDenied` on with their English messages ("No
PlanningYear matches the given query."), and lets everything else through as a 500. This handler answers those
two with DRF's translated messages, a Django `ValidationError` (a service's refusal) as 400 with its messages, and
a number the database cannot hold (`DataError`, SQLite's `OverflowError`) as 400 instead of a traceback. The
shapes it answers in are those the OpenAPI description documents (`core.api.schema`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """`REST_FRAMEWORK["EXCEPTION_HANDLER"]`: DRF's handler after translating what it would answer in English or
    not at all."""
    return exception_handler(_translated(exc), context)


def _translated(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, DataError | OverflowError):
        return exceptions.ValidationError({"detail": [_("A number in the request is too large.")]})
    return exc


class ErrorSerializer(serializers.Serializer[Any]):
    """A refusal (403, 404): what went wrong, in the user's language (Swedish unless English was chosen)."""

    detail = serializers.CharField()
