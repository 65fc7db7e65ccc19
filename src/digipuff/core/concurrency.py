"""Lost-update protection: two people saving the same record never silently overwrite each other."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from digipuff.core.models import VersionedModel


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
    model = type(obj)
    current = (
        model._default_manager.select_for_update()
        .filter(pk=obj.pk)
        .values("version", "updated_at", "updated_by_id")
        .first()
    )
    if current is None:
        raise ConflictError(_("This record has been removed by someone else."), current_version=0)
    if expected_version is not None and current["version"] != expected_version:
        raise ConflictError(
            _conflict_message(current["updated_by_id"], current["updated_at"]), current_version=current["version"]
        )
    obj.version = current["version"] + 1
    obj.updated_by = actor


def _conflict_message(user_id: int | None, updated_at: datetime) -> str:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    who = (user.get_full_name() or user.get_username()) if user else _("someone else")
    when = formats.date_format(timezone.localtime(updated_at), "SHORT_DATETIME_FORMAT")
    return _(
        "{who} saved a newer version at {when} after you opened this page. Your changes have not been "
        "saved: copy them, reload the page and make them again."
    ).format(who=who, when=when)
