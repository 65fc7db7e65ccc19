"""Audit history: who changed what, when, from what to what.

Built on django-auditlog, which stores one entry per change with the changed fields' before and after values.
Models opt in with `register`; services wrap their writes in `acting_as(user)` so that entries made outside a
web request (commands, imports) also name the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext as _

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
    current: dict[str, Any] | None = auditlog_value.get(None)
    outer = current or {}
    try:
        with set_actor(user, remote_addr=outer.get("remote_addr"), remote_port=outer.get("remote_port")):
            yield
    finally:
        # auditlog does not restore the enclosing context (the request's, from the middleware): without this,
        # entries written after the block lose their actor and address, and the middleware at the end of the
        # request disconnects the inner receiver instead of its own, leaving one receiver behind per request.
        if current is not None:
            auditlog_value.set(current)


def history(obj: Model) -> QuerySet[LogEntry]:
    """The audit entries of one object, newest first, with the actor loaded."""
    entries: QuerySet[LogEntry] = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    return entries


def created_at(obj: Model) -> datetime | None:
    """When the audit saw `obj` created (None when it was made before the audit, or without it)."""
    created: datetime | None = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_pk=str(obj.pk),
            action=LogEntry.Action.CREATE,
        )
        .order_by("timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    return created


def history_of_children(model: type[Model], *, parent_field: str, parent_pk: int) -> QuerySet[LogEntry]:
    """The audit entries of every `model` row that belongs (through `parent_field`) to one parent, newest first,
    including rows deleted since: a row's create and delete entries name its parent, and its pk finds the rest."""
    content_type = ContentType.objects.get_for_model(model)
    key = str(parent_pk)
    naming_parent = LogEntry.objects.filter(content_type=content_type).filter(
        Q(**{f"changes__{parent_field}__0": key}) | Q(**{f"changes__{parent_field}__1": key})
    )
    pks = {str(pk) for pk in model._default_manager.filter(**{parent_field: parent_pk}).values_list("pk", flat=True)}
    pks.update(naming_parent.values_list("object_pk", flat=True))
    entries: QuerySet[LogEntry] = (
        LogEntry.objects.filter(content_type=content_type, object_pk__in=pks)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return entries


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    """One audit entry in words: the fields by their (translated) names, choices by their labels, no raw values."""

    timestamp: datetime
    actor: str
    action: str
    what: str
    changes: list[Change]
    remote_addr: str


def readable(entries: Iterable[LogEntry]) -> list[HistoryRow]:
    """Audit entries as rows for a history page."""
    actions = {
        LogEntry.Action.CREATE: _("Created"),
        LogEntry.Action.UPDATE: _("Changed"),
        LogEntry.Action.DELETE: _("Deleted"),
        LogEntry.Action.ACCESS: _("Read"),
    }
    rows = []
    for entry in entries:
        actor = entry.actor.get_full_name() or entry.actor.get_username() if entry.actor else _("the system")
        hidden = _internal_names(entry)
        changes = [
            change
            for change in (
                Change(field=str(name).capitalize(), before=_shown(values[0]), after=_shown(values[1]))
                for name, values in entry.changes_display_dict.items()
                # Before and after; the row's own id tells a reader nothing.
                if isinstance(values, list) and len(values) == 2 and str(name).lower() != "id" and name not in hidden
            )
            # Nothing to nothing (an empty text where there was none) is no change to a reader.
            if change.before != change.after
        ]
        rows.append(
            HistoryRow(
                timestamp=entry.timestamp,
                actor=actor,
                action=str(actions.get(entry.action, entry.get_action_display())),
                what=entry.object_repr,
                changes=changes,
                remote_addr=entry.remote_addr or "",
            )
        )
    return rows


def _internal_names(entry: LogEntry) -> set[str]:
    """Names in an entry that are no field a reader knows: the other side of a relation (auditlog records it at
    creation as "app.Model.None") and the tree's own bookkeeping of a unit (path, depth)."""
    model = entry.content_type.model_class()
    if model is None:
        return set()
    names = set()
    for name in entry.changes_dict:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (field.auto_created and not field.concrete) or name in _TREE_BOOKKEEPING:
            names.add(name)
    return names


_TREE_BOOKKEEPING = {"path", "depth"}


def _shown(value: object) -> str:
    """A stored value as a reader understands it: nothing as a dash, yes and no in words, a decimal comma."""
    text = str(value)
    if text in {"None", ""}:
        return "–"
    if text in {"True", "False"}:
        return str(_("yes") if text == "True" else _("no"))
    if _DECIMAL.fullmatch(text):  # 12.5000 -> 12,5 (no thousands grouping: years and codes are numbers too)
        return text.rstrip("0").rstrip(".").replace(".", ",")
    return text


_DECIMAL = re.compile(r"-?\d+\.\d+")
