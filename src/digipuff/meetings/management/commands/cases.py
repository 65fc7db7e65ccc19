"""`digipuff cases`: register a committee case or list a committee's cases of a year."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from digipuff.core import policy
from digipuff.core.choices import Action
from digipuff.core.commands import DigipuffCommand
from digipuff.meetings import selectors, services


class Command(DigipuffCommand):
    help = "Register a committee case (ärende) with the next registry number, or list a committee's cases."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{register,list}")
        register = sub.add_parser("register", help="Register a case and print its registry number.")
        register.add_argument("--committee", required=True, metavar="CODE")
        register.add_argument("--year", type=int, required=True)
        register.add_argument("--title", required=True)
        register.add_argument("--officer", default="", help="The case officer's name.")
        self.add_acting_user_argument(register)
        listing = sub.add_parser("list", help="List a committee's cases of a year.")
        listing.add_argument("--committee", required=True, metavar="CODE")
        listing.add_argument("--year", type=int, required=True)
        self.add_acting_user_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.user_from_name(options["acting_user"])
        committee = self.unit_from_code(options["committee"])
        if options["action"] == "register":
            case = services.case_register(
                actor=actor,
                committee=committee,
                year=options["year"],
                title=options["title"],
                officer_name=options["officer"],
            )
            self.stdout.write(f"{case.diarienummer} {case.title}")
            return
        policy.require(actor, Action.VIEW, committee)
        for case in selectors.committee_cases(committee=committee, year=options["year"]):
            self.stdout.write(f"{case.diarienummer}\t{case.get_status_display()}\t{case.title}")
