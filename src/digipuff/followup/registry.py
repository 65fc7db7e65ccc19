"""The kinds of item that are followed up per report occasion.

Each module registers its followable kinds from its `AppConfig.ready` (the models must be loaded first):

    followables.register(Followable("activity", Activity, ActivityFollowUp))

`kind` names the kind in URLs (/followup/<kind>/<pk>/<occasion>/) and in the page's cell ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model

from digipuff.core.registry import Registry


@dataclass(frozen=True)
class Followable:
    """One kind of item that is followed up per occasion. `kind` names it in URLs."""

    kind: str
    item_model: type[Model]
    follow_up_model: type[Model]
    per_committee: bool = False  # kommunövergripande commitments: each committee follows them up itself


followables: Registry[Followable] = Registry(None, key=lambda spec: spec.kind)


def register(kind: str, item_model: type[Model], follow_up_model: type[Model], *, per_committee: bool = False) -> None:
    followables.register(Followable(kind, item_model, follow_up_model, per_committee))


def by_kind(kind: str) -> Followable | None:
    return followables.get(kind)


def of(item: Model) -> Followable:
    for spec in followables:
        if isinstance(item, spec.item_model):
            return spec
    raise TypeError(f"{type(item).__name__} is not followed up per occasion.")
