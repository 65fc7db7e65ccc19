"""Sök: one search over what each app registers in `<app>/search.py` (core.search), restricted by the policy."""

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def register_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite folds only ASCII in lower() and LIKE; the search's `Fold` calls this instead (engine.Fold)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("digipuff_fold", 1, _fold, deterministic=True)


class SearchConfig(AppConfig):
    name = "digipuff.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        connection_created.connect(register_fold, dispatch_uid="digipuff.search.fold")
