"""The start page as a dashboard: panels contributed by the apps, each figure a link to the page it counts.

An app declares its panels in its own `<app>/dashboard.py`:

    from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels

    def my_texts(viewer: Viewer) -> list[Item]: ...

    dashboard_panels.register(Panel(name="reports:my_texts", title=gettext_lazy("My texts"),
                                    roles=frozenset({"writer"}), items=my_texts))

A panel says which roles see it (`roles`: the user holds one of them somewhere); its `items` reads what the user
may see (through the policy, on the committees the viewer holds those roles for) and returns items, each with its
figure and the address of the page the figure comes from. `core` renders them (templates/core/start.html) and
imports no app: the organisation's start view builds the `Viewer` (who, which year, which committees per role).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from digipuff.core.registry import Registry


@dataclass(frozen=True)
class Bar:
    """A small bar of a panel's chart: its share of the widest bar (0-100) and whether it is below zero. The bar is
    drawn in CSS beside the figure written out, so the chart reads as a table too."""

    width: int
    negative: bool = False

    @property
    def width_class(self) -> str:
        # Widths in steps of five as classes: the CSP allows no inline styles.
        return f"dash-bar-w{max(0, min(100, round(self.width / 5) * 5))}"


@dataclass(frozen=True)
class Item:
    """One line of a panel: a label, its figure (`count`, or a formatted `figure` such as "-1,2 mnkr") and the
    address of the page it comes from; `detail` says more (a deadline, a status)."""

    label: str
    url: str
    count: int | None = None
    figure: str = ""
    detail: str = ""
    bar: Bar | None = None
    # A line under a heading item (an area under its committee) is indented.
    sub: bool = False

    @property
    def shown(self) -> str:
        return self.figure if self.figure else ("" if self.count is None else str(self.count))


@dataclass(frozen=True)
class Viewer:
    """Who looks at the start page: the user, the planning year and, per role, the committees (nämnder) where they
    hold it (a role on the council covers every committee; one on a unit below a committee, that committee)."""

    user: Any
    year: int
    committees_by_role: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()
    # What several panels read (a committee's ledger) is read once per page.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def committees(self, *roles: str) -> list[Any]:
        """The committees where the user holds any of `roles`, each once, in tree order."""
        seen: dict[int, Any] = {}
        for role in roles:
            for committee in self.committees_by_role.get(role, ()):
                seen.setdefault(committee.pk, committee)
        return sorted(seen.values(), key=lambda unit: unit.path)


@dataclass(frozen=True)
class Panel:
    """A panel of the start page. `roles`: who sees it (holding one of them on some unit); `items(viewer)`: its
    lines; `chart`: its items are drawn as bars; `empty`: what it says when it has no items; `more`: an optional
    link ("all my texts") as (label, address) computed for the viewer."""

    name: str
    title: str | Promise
    roles: frozenset[str]
    items: Callable[[Viewer], list[Item]]
    order: int = 100
    empty: str | Promise = ""
    chart: bool = False
    description: str | Promise = ""
    more: Callable[[Viewer], tuple[str, str] | None] | None = None


@dataclass
class PanelView:
    """A panel as the page shows it."""

    panel: Panel
    items: list[Item]
    more: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return self.panel.name

    @property
    def anchor(self) -> str:
        return "panel-" + self.panel.name.replace(":", "-").replace("_", "-")


dashboard_panels: Registry[Panel] = Registry(
    "dashboard", key=lambda panel: panel.name, order=lambda panel: (panel.order, panel.name)
)


def panels_for(viewer: Viewer) -> list[PanelView]:
    """The panels the viewer's roles see, with their items computed."""
    views = []
    for panel in dashboard_panels:
        if not panel.roles & viewer.roles:
            continue
        views.append(
            PanelView(
                panel=panel,
                items=panel.items(viewer),
                more=panel.more(viewer) if panel.more is not None else None,
            )
        )
    return views


def bars(values: Sequence[Any]) -> list[Bar]:
    """Bars for figures (Decimal or int; None draws none): widths relative to the largest absolute value."""
    largest = max((abs(v) for v in values if v is not None), default=0)
    return [
        Bar(width=round(100 * abs(v) / largest) if largest else 0, negative=v < 0) if v is not None else Bar(0)
        for v in values
    ]
