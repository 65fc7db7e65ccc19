"""Lost-update protection: two people saving the same record never silently overwrite each other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.core.models import VersionedModel

V = TypeVar("V", bound="VersionedModel")


class ConflictError(Exception):
    """Somebody else saved the record after the user opened it; nothing was saved."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.message = message
        self.current_version = current_version


def check_version(obj: VersionedModel, *, expected_version: int | None, actor: User | None) -> None:
    """Lock the row, compare versions, and prepare `obj` to be saved as the next version.

    Must run inside the caller's transaction; the caller saves `obj` afterwards. `expected_version=None`
    means the caller did not start from a rendered copy (a command or an import) and takes the newest one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_version must run inside transaction.atomic")
    current = verify_version(type(obj), pk=obj.pk, expected_version=expected_version)
    obj.version = current["version"] + 1
    obj.updated_by = actor


def verify_version(model: type[VersionedModel], *, pk: Any, expected_version: int | None) -> Mapping[str, Any]:
    """Lock the row and refuse (ConflictError) when it is gone or its version is not `expected_version`; change
    nothing. Returns the row's current version, time and author. Must run inside the caller's transaction."""
    current = (
        model._default_manager.select_for_update()
        .filter(pk=pk)
        .values("version", "updated_at", "updated_by_id")
        .first()
    )
    if current is None:
        raise ConflictError(_("This record has been removed by someone else."), current_version=0)
    if expected_version is not None and current["version"] != expected_version:
        raise ConflictError(
            _conflict_message(current["updated_by_id"], current["updated_at"]), current_version=current["version"]
        )
    return current


def lock_or_new(model: type[V], *, keys: dict[str, Any], expected_version: int | None, actor: User | None) -> V:
    """The record with this natural key (`keys`), locked and version-checked, or a new unsaved one.

    `expected_version` is the version the user's form showed: 0 when it showed no record, so that a record somebody
    else created since the form was opened is refused (never silently overwritten); None for a command or an
    import, which takes the newest. Save a new record with `save_new_or_conflict`, which refuses the create that
    loses a race for the same key. Must run inside the caller's transaction.
    """
    current = model._default_manager.select_for_update().filter(**keys).first()
    if current is None:
        if expected_version:
            raise ConflictError(_("This record has been removed by someone else."), current_version=0)
        return model(**keys, version=1, updated_by=actor)
    check_version(current, expected_version=expected_version, actor=actor)
    return current


def save_new_or_conflict(obj: VersionedModel, *, keys: dict[str, Any]) -> None:
    """Save `obj`; when it is new and somebody else created a record with the same natural key at the same moment
    (the database's unique constraint refuses the second), refuse it as a conflict naming who saved first.

    The insert runs in a savepoint, so the caller's transaction stays usable; on PostgreSQL the loser's insert waits
    for the winner's commit and then fails, so exactly one of two simultaneous creates is kept.
    """
    if not obj._state.adding:
        obj.save()
        return
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        winner = type(obj)._default_manager.filter(**keys).values("version", "updated_at", "updated_by_id").first()
        if winner is None:
            raise
        raise ConflictError(
            _conflict_message(winner["updated_by_id"], winner["updated_at"]), current_version=winner["version"]
        ) from exc


def _conflict_message(user_id: int | None, updated_at: datetime) -> str:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    who = (user.get_full_name() or user.get_username()) if user else _("someone else")
    when = formats.date_format(timezone.localtime(updated_at), "SHORT_DATETIME_FORMAT")
    return _(
        "{who} saved a newer version at {when} after you opened this page. Your changes have not been "
        "saved: copy them, reload the page and make them again."
    ).format(who=who, when=when)
