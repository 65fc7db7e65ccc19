"""`digipuff activities`: list a committee's plan with its follow-up, or carry it forward (an alias of
`digipuff year carry-forward`, the same service)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from digipuff.activities import selectors
from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.management.commands.year import CarryForwardCommand


class Command(CarryForwardCommand):
    help = (
        "Carry a committee's plan forward to another year (the same as `digipuff year carry-forward`), or list its "
        "activities."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{carry-forward,list}")
        self.add_carry_forward_parser(sub)
        listing = sub.add_parser("list", help="List a committee's activities of a year with their latest status.")
        listing.add_argument("--unit", required=True, metavar="CODE")
        listing.add_argument("--year", type=int, required=True)
        self.add_acting_user_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "carry-forward":
            self.carry_forward(options)
            return
        actor = self.user_from_name(options["acting_user"])
        committee = self.unit_from_code(options["unit"])
        if committee.kind != "committee":
            raise CommandError(
                _("{name} ({code}) is not a committee; plans are made per committee.").format(
                    name=committee.name, code=committee.code
                )
            )
        self._list(actor, committee, options["year"])

    def _list(self, actor: Any, committee: Any, year: int) -> None:
        policy.require(actor, Action.VIEW, committee)
        occasions = list(org_selectors.occasions(year))
        rows = selectors.overview(
            user=actor,
            committee=committee,
            year=year,
            occasion=org_selectors.default_occasion(occasions),
            occasions=occasions,
        )
        for block in rows.blocks:
            self.stdout.write(block.commitment.title)
            for row in block.rows:
                status = row.follow.status or (row.follow.previous.status if row.follow.previous else None)
                self.stdout.write(f"  [{status.name if status else '-'}] {row.activity.title}")
