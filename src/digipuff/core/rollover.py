"""Creating a year and carrying a year forward (årsskifte): what each app copies into the next year.

Two registries, both filled from `<app>/rollover.py`:

- `year_setup_steps`: the municipality-wide set-up an app owns per year (goal levels and the goal tree, measures'
  links and targets, report templates, the economy's cost lines and mapping). `organisation.services.year_create`
  runs them in order, in one transaction with the new year and its report occasions, before carrying the committees'
  plans forward:

    year_setup_steps.register(YearSetupStep(name="goals", label=_("Goal levels and goals"), order=10,
                                            run=copy_goals, present=goals_present))

- `rollover_steps`: a committee's plan carried into the next year. Each app that plans per year declares its part:

    rollover_steps.register(RolloverStep(name="activities", label=_("Commitments and activities"), order=10,
                                         run=carry_activities, choices=activity_choices))

`digipuff.organisation.services.year_carry_forward` asks the policy once and runs every registered step in one
transaction, so a failure in any step leaves nothing from the others. `core` only holds the shapes; it imports
no domain app.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
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


@dataclass
class YearSetupResult:
    """What copying one app's set-up into a new year did: how many of each kind were created, keyed by a label the
    user reads (translated, plural: "Målnivåer"), and lines for links that found no match (reported, never guessed).
    """

    counts: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)

    def add(self, label: str, number: int = 1) -> None:
        self.counts[label] = self.counts.get(label, 0) + number


class YearSetupRun(Protocol):
    """Copy the app's set-up of `from_year` into the new `to_year` (whose PlanningYear and report occasions exist).

    Runs inside `year_create`'s transaction after the policy was asked (ADMINISTER on the municipality); it must not
    ask again per item. A problem is a `ValidationError` with a sentence for the user: the whole year is undone."""

    def __call__(self, *, actor: AbstractBaseUser | None, from_year: int, to_year: int) -> YearSetupResult: ...


@dataclass(frozen=True)
class YearSetupStep:
    """One app's part of creating a year from another. `present(year)` tells whether the year already holds this
    app's set-up: creating the year is then refused (nothing is copied over what is there), and the start page
    prefers years with set-up."""

    name: str
    label: str | Promise
    order: int
    run: YearSetupRun
    present: Callable[[int], bool]


year_setup_steps: Registry[YearSetupStep] = Registry(
    "rollover", key=lambda step: step.name, order=lambda step: step.order
)
