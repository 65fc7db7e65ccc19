"""`digipuff year carry-forward`: carry a committee's plan into another year, every module's part in one go."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from digipuff.core.commands import DigipuffCommand
from digipuff.core.rollover import rollover_steps
from digipuff.organisation import services
from digipuff.organisation.choices import OrgUnitKind


class CarryForwardCommand(DigipuffCommand):
    """The carry-forward subcommand, shared by `digipuff year` and the older `digipuff activities`."""

    def add_carry_forward_parser(self, sub: Any) -> None:
        names = [step.name for step in rollover_steps]
        carry = sub.add_parser(
            "carry-forward",
            help="Copy the plan's items (activities with commitments, risks with actions, controls, ...) into another "
            "year, linked to that year's goals by title, all in one transaction. The old year is left as it was.",
        )
        carry.add_argument("--unit", required=True, metavar="CODE", help="The committee, e.g. SN.")
        carry.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR")
        carry.add_argument("--to", dest="to_year", type=int, required=True, metavar="YEAR")
        carry.add_argument(
            "--only",
            default=",".join(names),
            metavar="PARTS",
            help=f"Comma-separated: {', '.join(names)} (default: all).",
        )
        carry.add_argument("--dry-run", action="store_true", help="Show what would be copied and change nothing.")
        self.add_acting_user_argument(carry)

    def carry_forward(self, options: dict[str, Any]) -> None:
        actor = self.user_from_name(options["acting_user"])
        committee = self.unit_from_code(options["unit"])
        if committee.kind != OrgUnitKind.COMMITTEE:
            raise CommandError(f"{committee.name} ({committee.code}) is not a committee; plans are made per committee.")
        only = [part.strip() for part in options["only"].split(",") if part.strip()]
        outcome = services.year_carry_forward(
            actor=actor,
            committee=committee,
            from_year=options["from_year"],
            to_year=options["to_year"],
            only=only,
            dry_run=options["dry_run"],
        )
        for line in outcome.created:
            self.stdout.write(f"copied   {line}")
        for line in outcome.skipped:
            self.stdout.write(f"skipped  {line} (carried forward before)")
        for line in outcome.unmatched:
            self.stdout.write(f"no match {line}")
        for step in outcome.steps:
            counts = step.counts
            self.stdout.write(
                f"{step.label}: {counts['created']} copied, {counts['skipped']} already there, "
                f"{counts['unmatched']} links without a match"
            )
        self.stdout.write(
            f"{len(outcome.created)} copied, {len(outcome.skipped)} already there, {len(outcome.unmatched)} links "
            f"without a match in {options['to_year']}."
        )
        if outcome.dry_run:
            self.stdout.write("Dry run: nothing was changed.")


class Command(CarryForwardCommand):
    help = "Work on a planning year: carry a committee's plan forward to another year."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{carry-forward}")
        self.add_carry_forward_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        self.carry_forward(options)
