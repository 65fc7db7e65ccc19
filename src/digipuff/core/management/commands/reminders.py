"""`digipuff reminders send`: e-mail the reminders that fall due today (a text's deadline near or passed) to those
who have not turned them off. Run it once a day from cron or a timer; it is safe to run more often, since every
reminder is recorded and never sent twice (core.notices)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import notices
from digipuff.core.commands import DigipuffCommand


class Command(DigipuffCommand):
    help = "E-mail notices: send the reminders due today (deadlines near or passed); each is sent once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{send}")
        send = sub.add_parser("send", help="Send the reminders due today.")
        send.add_argument(
            "--days",
            type=int,
            default=None,
            metavar="DAYS",
            help=f"Remind this many days before a deadline (default {settings.DIGIPUFF_REMINDER_DAYS}).",
        )
        send.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="The day to send for (default today).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.DIGIPUFF_REMINDER_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be a date such as 2019-03-25, not {options['date']!r}.") from exc
        sent = notices.send_due(today=today, days_before=days)
        for notice in sent:
            self.stdout.write(f"{notice.user.get_username()}: {notice.subject}")
        self.stdout.write(_("{count} reminder(s) sent.").format(count=len(sent)))
