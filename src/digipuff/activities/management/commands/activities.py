"""`digipuff activities`: carry a committee's plan forward to the next year, or list it with its follow-up."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from digipuff.activities import selectors, services
from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.commands import DigipuffCommand

WHAT = ("activities", "risks", "controls")


class Command(DigipuffCommand):
    help = "Carry a committee's activities, risks and controls forward to another year, or list its activities."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{carry-forward,list}")
        carry = sub.add_parser(
            "carry-forward",
            help="Copy the plan's activities (with commitments), risks (with actions) and controls into another year, "
            "linked to that year's goals by title. The old year is left as it was.",
        )
        carry.add_argument("--unit", required=True, metavar="CODE", help="The committee, e.g. SN.")
        carry.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR")
        carry.add_argument("--to", dest="to_year", type=int, required=True, metavar="YEAR")
        carry.add_argument(
            "--only",
            default=",".join(WHAT),
            metavar="KINDS",
            help="Comma-separated: activities, risks, controls (default: all).",
        )
        self.add_acting_user_argument(carry)
        listing = sub.add_parser("list", help="List a committee's activities of a year with their latest status.")
        listing.add_argument("--unit", required=True, metavar="CODE")
        listing.add_argument("--year", type=int, required=True)
        self.add_acting_user_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.user_from_name(options["acting_user"])
        committee = self.unit_from_code(options["unit"])
        if committee.kind != "committee":
            raise CommandError(f"{committee.name} ({committee.code}) is not a committee; plans are made per committee.")
        if options["action"] == "list":
            self._list(actor, committee, options["year"])
            return
        kinds = {k.strip() for k in options["only"].split(",") if k.strip()}
        unknown = kinds - set(WHAT)
        if unknown:
            raise CommandError(f"Unknown kinds {', '.join(sorted(unknown))}; choose from {', '.join(WHAT)}.")
        from digipuff.internal_control import services as ic_services

        result = services.CarryForwardResult()
        if "activities" in kinds:
            result.extend(
                services.carry_forward(
                    actor=actor, committee=committee, from_year=options["from_year"], to_year=options["to_year"]
                )
            )
        if kinds & {"risks", "controls"}:
            result.extend(
                ic_services.carry_forward(
                    actor=actor,
                    committee=committee,
                    from_year=options["from_year"],
                    to_year=options["to_year"],
                    risk_ids=None if "risks" in kinds else [],
                    control_ids=None if "controls" in kinds else [],
                )
            )
        for line in result.created:
            self.stdout.write(f"copied   {line}")
        for line in result.skipped:
            self.stdout.write(f"skipped  {line} (carried forward before)")
        for line in result.unmatched:
            self.stdout.write(f"no match {line}")
        self.stdout.write(
            f"{len(result.created)} copied, {len(result.skipped)} already there, {len(result.unmatched)} links "
            f"without a match in {options['to_year']}."
        )

    def _list(self, actor: Any, committee: Any, year: int) -> None:
        policy.require(actor, Action.VIEW, committee)
        occasions = selectors.occasions_of(year)
        latest = [o for o in occasions if o.kind != "plan"]
        rows = selectors.overview(
            user=actor, committee=committee, year=year, occasion=latest[-1] if latest else None, occasions=occasions
        )
        for block in rows.blocks:
            self.stdout.write(block.commitment.title)
            for row in block.rows:
                status = row.follow.status or (row.follow.previous.status if row.follow.previous else None)
                self.stdout.write(f"  [{status.name if status else '-'}] {row.activity.title}")
