"""The demo loaders the apps contribute: `digipuff demo` runs each app's `load()` from its own `<app>/demo.py`.

    @demo_loaders.register
    def load() -> list[str]:  # the sign-in lines to print, if any
        ...

They run in INSTALLED_APPS order, so an app's demo can rely on the demos of the apps before it.
"""

from __future__ import annotations

from collections.abc import Callable

from digipuff.core.registry import Registry, installed_order

Load = Callable[[], list[str] | None]

demo_loaders: Registry[Load] = Registry(
    "demo", key=lambda load: load.__module__, order=lambda load: installed_order(load.__module__)
)
