"""Audit history: who changed what, when, from what to what.

Built on django-auditlog, which stores one entry per change with the changed fields' before and after values.
Models opt in with `register`; services wrap their writes in `acting_as(user)` so that entries made outside a
web request (commands, imports) also name the person.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model, QuerySet


def register(model: type[Model], **options: Any) -> type[Model]:
    """Record every create, change and delete of `model` in the audit history."""
    options.setdefault("exclude_fields", ["updated_at", "version"])
    auditlog.register(model, **options)
    return model


@contextmanager
def acting_as(user: User | None) -> Iterator[None]:
    """Attribute the audit entries written inside the block to `user`, keeping the request's client address."""
    current: dict[str, Any] = auditlog_value.get({})
    with set_actor(user, remote_addr=current.get("remote_addr"), remote_port=current.get("remote_port")):
        yield


def history(obj: Model) -> QuerySet[LogEntry]:
    """The audit entries of one object, newest first, with the actor loaded."""
    entries: QuerySet[LogEntry] = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    return entries
