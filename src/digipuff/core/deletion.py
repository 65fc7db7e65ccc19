"""Deleting what people created: one mechanism for every module.

A module's delete service asks the policy, then calls `delete(obj, actor=..., expected_version=..., scope=...)`,
which

- locks the row and refuses when it changed after the user opened the confirmation (the user deletes what they
  saw; the same conflict message as a save);
- refuses, with the reason, what a decided (fastställd) report or a later year refers to: every registered guard
  (`deletion_guards`, filled by the apps that know such references, e.g. reports) is asked, and an item carried
  forward to a later year (`carried_to`) is kept;
- refuses what other records protect (a commitment with activities), naming them;
- deletes the object with everything that goes with it, audited (django-auditlog records every row deleted, the
  cascade included), and notes on the object's delete entry the unit it belonged to and what went with it, so
  that the unit's history of deletions shows it.

`plan(obj, scope=...)` is the same check without deleting: the confirmation page shows what goes with the object
("3 uppföljningar och 2 kommentarer tas också bort") or why it cannot be deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from digipuff.core import audit
from digipuff.core.concurrency import check_version
from digipuff.core.registry import Registry

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Scope:
    """What an object belongs to, for the guards: its committee (the council for shared items), the years it
    shows in (a measure shows in every year it has values or targets) and, for a record of one report occasion
    (the economy's), the month the occasion ends."""

    committee: Any
    years: frozenset[int]
    month: int | None = None


@dataclass(frozen=True)
class Guard:
    """A reason to keep an object: `check(obj, scope)` returns the reason in a sentence, or None."""

    name: str
    check: Callable[[Model, Scope], str | None]


#: Filled from the apps' `AppConfig.ready` (reports registers "a decided report shows it").
deletion_guards: Registry[Guard] = Registry(None, key=lambda guard: guard.name)


@dataclass(frozen=True)
class DeletionPlan:
    """What deleting `obj` would do: what goes with it (in words and counts) or why it may not be deleted."""

    obj: Model
    also: list[str] = field(default_factory=list)
    refusal: str = ""
    #: Records of one kind deleted together (a forecast's rows per cost line); `obj` is the first of them.
    rows: tuple[Model, ...] = ()

    @property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name)

    @property
    def what(self) -> str:
        """What is deleted, as the confirmation names it."""
        return counted(len(self.rows), type(self.obj)) if len(self.rows) > 1 else str(self.obj)

    @property
    def allowed(self) -> bool:
        return not self.refusal

    @property
    def also_text(self) -> str:
        """ "3 uppföljningar och 2 kommentarer tas också bort." or "Inget annat tas bort.\""""
        if not self.also:
            return _("Nothing else is deleted with it.")
        return _("{things} will also be deleted.").format(things=join_words(self.also))


def join_words(items: list[str]) -> str:
    """ "a", "a och b", "a, b och c"."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def counted(count: int, model: type[Model]) -> str:
    """ "1 uppföljning", "3 uppföljningar": a count with the model's own (translated) name."""
    meta = model._meta
    name = meta.verbose_name if count == 1 else meta.verbose_name_plural
    return f"{count} {name}"


def _counts(models: Iterable[tuple[type[Model], int]]) -> list[str]:
    totals: Counter[type[Model]] = Counter()
    for model, count in models:
        if model._meta.auto_created or not count:  # a many-to-many link row is no thing of its own
            continue
        totals[model] += count
    return [counted(n, model) for model, n in sorted(totals.items(), key=lambda item: str(item[0]._meta.verbose_name))]


def _collect(obj: Model) -> tuple[list[str], str]:
    """What goes with `obj` when it is deleted, and (when other records protect it) why it cannot be."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as exc:
        blocking = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        counts: Counter[type[Model]] = Counter(type(item) for item in blocking)
        return [], _("It cannot be deleted: {things} refer to it. Delete or move them first.").format(
            things=join_words(_counts(counts.items()))
        )
    found: list[tuple[type[Model], int]] = []
    for model, instances in collector.data.items():
        found.append((model, len([i for i in instances if not (type(i) is type(obj) and i.pk == obj.pk)])))
    found.extend((qs.model, qs.count()) for qs in collector.fast_deletes)
    return _counts(found), ""


def _refusal(obj: Model, scope: Scope) -> str:
    carried = getattr(obj, "carried_to", None)
    if carried is not None:
        later = carried.order_by("year").first()
        if later is not None:
            return _("It cannot be deleted: it has been carried forward to {year} ({item}).").format(
                year=later.year, item=later
            )
    for guard in deletion_guards:
        reason = guard.check(obj, scope)
        if reason:
            return reason
    return ""


def plan(obj: Model, *, scope: Scope) -> DeletionPlan:
    """What deleting `obj` would take with it, or why it may not be deleted (for the confirmation page)."""
    refusal = _refusal(obj, scope)
    also, protected = _collect(obj)
    return DeletionPlan(obj=obj, also=also, refusal=refusal or protected)


@transaction.atomic
def delete(obj: Any, *, actor: User | None, expected_version: int | None, scope: Scope) -> DeletionPlan:
    """Delete `obj` with what goes with it, after the checks above; the caller has asked the policy.

    `expected_version` is the version the confirmation page showed (None for a command: the newest)."""
    if hasattr(obj, "version"):
        check_version(obj, expected_version=expected_version, actor=actor)
    outcome = plan(obj, scope=scope)
    if not outcome.allowed:
        raise ValidationError(outcome.refusal)
    unit = getattr(obj, "policy_unit", None) or scope.committee
    _delete_noted(obj, actor=actor, unit=unit, kind=outcome.kind, also=outcome.also_text)
    return outcome


def plan_rows(rows: list[Any], *, scope: Scope) -> DeletionPlan:
    """What deleting several records of one kind together would take with them (they are asked as one)."""
    plans = [plan(row, scope=scope) for row in rows]
    refusal = next((p.refusal for p in plans if p.refusal), "")
    also = sorted({item for p in plans for item in p.also})
    return DeletionPlan(obj=rows[0], also=also, refusal=refusal, rows=tuple(rows))


@transaction.atomic
def delete_rows(
    rows: list[Any], *, actor: User | None, expected_versions: dict[int, int] | None, scope: Scope
) -> DeletionPlan:
    """Delete several records of one kind together, each checked against the version the confirmation showed."""
    if not rows:
        raise ValidationError(_("There is nothing to delete."))
    for row in rows:
        check_version(row, expected_version=(expected_versions or {}).get(row.pk, 0), actor=actor)
    outcome = plan_rows(rows, scope=scope)
    if not outcome.allowed:
        raise ValidationError(outcome.refusal)
    for row in rows:
        _delete_noted(row, actor=actor, unit=scope.committee, kind=outcome.kind, also=outcome.also_text)
    return outcome


def _delete_noted(obj: Any, *, actor: User | None, unit: Any, kind: str, also: str) -> None:
    model, pk = type(obj), obj.pk
    with audit.acting_as(actor):
        obj.delete()
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk=str(pk), action=LogEntry.Action.DELETE
        )
        .order_by("-pk")
        .first()
    )
    if entry is not None:
        entry.additional_data = {
            **(entry.additional_data or {}),
            "unit": unit.pk,
            "unit_path": unit.path,
            "kind": kind,
            "also": also,
        }
        entry.save(update_fields=["additional_data"])


def deletions_under(unit: Any) -> Any:
    """The delete entries of everything deleted through `delete` in `unit`'s subtree, newest first."""
    return (
        LogEntry.objects.filter(action=LogEntry.Action.DELETE, additional_data__unit_path__startswith=unit.path)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
