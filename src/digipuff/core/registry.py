"""One registry mechanism for everything an app contributes to the whole.

An app plugs into DigiPUFF the way Django's admin finds `admin.py`: it declares its contributions (report sections,
menu entries, API routes, importers, demo loaders, rollover steps) in a module of its own, named after the
registry (`<app>/sections.py`, `<app>/rollover.py`, ...). The first time a registry is read, that module is
imported from every installed app, in INSTALLED_APPS order, and each module registers its entries. No app edits
another to plug in, and `core` imports no domain app.

    sections: Registry[SectionKind] = Registry("sections", key=lambda kind: kind.name)

    # in digipuff/economy/sections.py
    sections.register(SectionKind(name="economy:by_area", ...))

    # wherever the entries are used
    for kind in sections: ...
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

T = TypeVar("T")


class RegistryError(Exception):
    """Two apps registered the same key, or a key was looked up that nobody registered."""


class Registry(Generic[T]):
    """Entries contributed by the apps, keyed and ordered.

    `module` is the name of the module looked for in every app (None: entries are only registered explicitly,
    for instance from `AppConfig.ready`). `key` names an entry; registering the same key twice with a different
    entry is an error, with the same entry (a module imported twice) a no-op. `order` sorts the entries.
    """

    def __init__(
        self,
        module: str | None,
        *,
        key: Callable[[T], str],
        order: Callable[[T], object] | None = None,
    ) -> None:
        self.module = module
        self._key = key
        self._order = order
        self._entries: dict[str, T] = {}
        self._discovered = module is None
        self._lock = threading.RLock()

    def register(self, entry: T) -> T:
        """Add an entry; returns it, so that a registry can be used as a decorator for callables."""
        name = self._key(entry)
        with self._lock:
            existing = self._entries.get(name)
            if existing is not None and existing is not entry and existing != entry:
                raise RegistryError(f"{self.module or 'registry'}: {name!r} is registered twice.")
            self._entries[name] = entry
        return entry

    def discover(self) -> None:
        """Import `<app>.<module>` from every installed app (once)."""
        if self._discovered:
            return
        with self._lock:
            if self._discovered:
                return
            # Set first: a module being imported may read the registry it registers in.
            self._discovered = True
            assert self.module is not None
            autodiscover_modules(self.module)

    def entries(self) -> list[T]:
        self.discover()
        values = list(self._entries.values())
        if self._order is not None:
            values.sort(key=self._order)  # type: ignore[arg-type]
        return values

    def get(self, name: str) -> T | None:
        self.discover()
        return self._entries.get(name)

    def __getitem__(self, name: str) -> T:
        entry = self.get(name)
        if entry is None:
            raise RegistryError(f"{self.module or 'registry'}: nothing is registered as {name!r}.")
        return entry

    def __contains__(self, name: object) -> bool:
        self.discover()
        return name in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries())

    def __len__(self) -> int:
        self.discover()
        return len(self._entries)


def installed_order(module: str) -> int:
    """The position in INSTALLED_APPS of the app a module belongs to: entries that must run in that order (demo
    loaders, API routes) sort by it whatever the order their modules happened to be imported in."""
    from django.apps import apps

    config = apps.get_containing_app_config(module)
    configs = list(apps.get_app_configs())
    return configs.index(config) if config is not None else len(configs)
