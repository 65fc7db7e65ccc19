"""`digipuff tokens create|list|revoke --as USER`: a user's own API tokens from the command line (as on the page
API-nycklar). `create` prints the secret once; only its hash is kept."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import tokens
from digipuff.core.commands import DigipuffCommand
from digipuff.core.models import ApiToken


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("Give the date as YYYY-MM-DD: {text}").format(text=text)) from exc


class Command(DigipuffCommand):
    help = "API tokens of a user: create (the secret is shown once), list, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="Make a token; prints its secret once.")
        create.add_argument("name", help="What the token is for.")
        create.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            choices=ApiToken.Scope.values,
            required=True,
            help="A scope (give several times for several).",
        )
        create.add_argument("--expires", default=None, help="Last valid day, YYYY-MM-DD (default: in 90 days).")
        self.add_acting_user_argument(create)
        listing = sub.add_parser("list", help="The user's tokens.")
        self.add_acting_user_argument(listing)
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)
        self.add_acting_user_argument(revoke)

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.user_from_name(options["acting_user"])
        if options["action"] == "create":
            expires = _date(options["expires"]) if options["expires"] else timezone.localdate() + timedelta(days=90)
            new = tokens.token_create(
                actor=user, user=user, name=options["name"], scopes=options["scopes"], expires=expires
            )
            self.stdout.write(new.secret)
            self.stderr.write(_("Copy the token now: it is shown only this once and cannot be shown again."))
        elif options["action"] == "list":
            now = timezone.now()
            for token in tokens.tokens_of(user):
                state = _("revoked") if token.revoked_at else _("expired") if token.expires_at <= now else _("active")
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{token.name}\t{','.join(token.scopes)}\t"
                    f"{timezone.localtime(token.expires_at):%Y-%m-%d}\t{state}"
                )
        else:
            token = tokens.token_revoke(actor=user, token_id=options["token_id"])
            self.stdout.write(_("The API token {name} was revoked.").format(name=token.name))
