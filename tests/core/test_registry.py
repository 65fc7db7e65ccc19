"""The one registry mechanism: explicit registration, discovery of `<app>.<module>`, duplicates refused."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from digipuff.core.registry import Registry, RegistryError


@dataclass(frozen=True)
class Entry:
    name: str
    order: int = 0


def test_entries_are_keyed_and_ordered() -> None:
    registry: Registry[Entry] = Registry(None, key=lambda e: e.name, order=lambda e: e.order)
    registry.register(Entry("b", 2))
    registry.register(Entry("a", 1))
    registry.register(Entry("a", 1))  # the same entry again (a module imported twice) is a no-op
    assert [e.name for e in registry] == ["a", "b"]
    assert registry["b"] == Entry("b", 2)
    assert "a" in registry and "c" not in registry
    assert len(registry) == 2


def test_a_key_registered_twice_with_another_entry_is_refused() -> None:
    registry: Registry[Entry] = Registry(None, key=lambda e: e.name)
    registry.register(Entry("a", 1))
    with pytest.raises(RegistryError, match="twice"):
        registry.register(Entry("a", 2))
    with pytest.raises(RegistryError, match="nothing is registered"):
        registry["missing"]


def test_discovery_imports_the_module_of_every_app_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("digipuff.core.registry.autodiscover_modules", lambda name: calls.append(name))
    registry: Registry[Entry] = Registry("contributions", key=lambda e: e.name)
    assert list(registry) == []
    registry.get("x")
    assert calls == ["contributions"]
