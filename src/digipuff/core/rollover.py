"""Carrying a year forward (årsskifte): what each app copies into the next year's plan.

Each app that plans per year declares its part in `<app>/rollover.py`:

    rollover_steps.register(RolloverStep(name="activities", label=_("Commitments and activities"), order=10,
                                         run=carry_activities, choices=activity_choices))

`digipuff.organisation.services.year_carry_forward` asks the policy once and runs every registered step in one
transaction, so a failure in any step leaves nothing from the others. `core` only holds the shapes; it imports
no domain app.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.functional import Promise

from digipuff.core.registry import Registry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass
class RolloverResult:
    """What carrying forward did: lines for the items copied, titles of items carried before (left alone), and
    links that found no match in the new year (reported, never guessed)."""

    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def extend(self, other: RolloverResult) -> None:
        self.created += other.created
        self.skipped += other.skipped
        self.unmatched += other.unmatched


class RolloverRun(Protocol):
    """Copy the step's items of `from_year` into `to_year`: those with ids in `chosen`, or all when it is None.

    The step does not ask the policy itself for the whole run (the rollover service has); it may still use services
    that do. It must be idempotent: what was carried before is reported as skipped, not copied again."""

    def __call__(
        self,
        *,
        actor: AbstractBaseUser | None,
        committee: Any,
        from_year: int,
        to_year: int,
        chosen: Collection[int] | None,
    ) -> RolloverResult: ...


class RolloverChoices(Protocol):
    """The step's items of `year` that may be carried forward, as (id, label) pairs for the carry-forward page."""

    def __call__(self, *, committee: Any, year: int) -> list[tuple[int, str]]: ...


@dataclass(frozen=True)
class RolloverStep:
    """One app's part of carrying a year forward. `name` keys the step (the command's --only, the page's choices)."""

    name: str
    label: str | Promise
    order: int
    run: RolloverRun
    choices: RolloverChoices


rollover_steps: Registry[RolloverStep] = Registry("rollover", key=lambda step: step.name, order=lambda s: s.order)
