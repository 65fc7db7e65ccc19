"""`digipuff year create` and `digipuff year carry-forward`: create a planning year from another, and carry a
committee's plan into another year, every module's part in one go."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

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
            raise CommandError(
                _("{name} ({code}) is not a committee; plans are made per committee.").format(
                    name=committee.name, code=committee.code
                )
            )
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
            self.stdout.write(_("copied: {line}").format(line=line))
        for line in outcome.skipped:
            self.stdout.write(_("skipped: {line} (carried forward before)").format(line=line))
        for line in outcome.unmatched:
            self.stdout.write(_("no match: {line}").format(line=line))
        for step in outcome.steps:
            counts = step.counts
            self.stdout.write(
                _("{label}: {created} copied, {skipped} already there, {unmatched} links without a match").format(
                    label=step.label,
                    created=counts["created"],
                    skipped=counts["skipped"],
                    unmatched=counts["unmatched"],
                )
            )
        self.stdout.write(
            _("{created} copied, {skipped} already there, {unmatched} links without a match in {year}.").format(
                created=len(outcome.created),
                skipped=len(outcome.skipped),
                unmatched=len(outcome.unmatched),
                year=options["to_year"],
            )
        )
        if outcome.dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))


class Command(CarryForwardCommand):
    help = "Work on planning years: create a year from another, or carry a committee's plan forward to another year."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,carry-forward}")
        create = sub.add_parser(
            "create",
            help="Create a planning year from another: its report occasions with dates and deadlines, goal levels, "
            "goals with the committees' texts, measures' goals and targets (to be revised), report templates, each "
            "module's set-up, and every committee's plan carried forward; all in one transaction.",
        )
        create.add_argument("year", type=int, help="The year to create, e.g. 2022.")
        create.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR")
        create.add_argument("--force", action="store_true", help="Create it even when it is not the year after.")
        create.add_argument("--dry-run", action="store_true", help="Show what would be created and change nothing.")
        self.add_acting_user_argument(create)
        self.add_carry_forward_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self.create(options)
        else:
            self.carry_forward(options)

    def create(self, options: dict[str, Any]) -> None:
        name = options["acting_user"].strip()
        actor = get_user_model().objects.filter(username__iexact=name, is_active=True).first()
        if actor is None:
            raise CommandError(_("There is no active user called {name}.").format(name=name))
        try:
            outcome = services.year_create(
                actor=actor,
                year=options["year"],
                from_year=options["from_year"],
                dry_run=options["dry_run"],
                force=options["force"],
            )
        except PermissionDenied as exc:
            raise CommandError(_("Not allowed: {reason}").format(reason=exc)) from exc
        for label, number in outcome.counts:
            self.stdout.write(f"{label}: {number}")
        for line in outcome.unmatched:
            self.stdout.write(_("Not copied: {line}").format(line=line))
        if outcome.dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
        else:
            done = _("The year {year} was created from {from_year}.")
            self.stdout.write(done.format(year=outcome.year, from_year=outcome.from_year))
