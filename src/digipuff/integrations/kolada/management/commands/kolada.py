"""`digipuff kolada sync|catalogue`: fetch values and the KPI catalogue from Kolada.

The sync is a system job, usually run by cron without ``--as``; it then acts as the system. With ``--as USER`` the
policy applies: the user must be allowed to edit every measure linked to the KPIs synced.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from digipuff.core.commands import DigipuffCommand
from digipuff.core.formatting import format_number
from digipuff.integrations.kolada import selectors, sync
from digipuff.integrations.kolada.schemas import KoladaError

_KPI_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")


class Command(DigipuffCommand):
    help = "Fetch values (sync) or the KPI catalogue (catalogue) from Kolada, the national key-figure database."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{sync,catalogue}")
        sync_parser = sub.add_parser("sync", help="Fetch and store values of Kolada-linked measures.")
        sync_parser.add_argument("--kpi", nargs="+", default=[], metavar="ID", help="KPI ids, e.g. U23471.")
        sync_parser.add_argument("--years", help="Years, e.g. 2015-2024 or 2016,2018 (default: all years).")
        sync_parser.add_argument(
            "--all-linked", action="store_true", help="Every KPI a measure is linked to (the default without --kpi)."
        )
        self.add_acting_user_argument(sync_parser, required=False)
        catalogue = sub.add_parser("catalogue", help="Fetch Kolada's KPI catalogue, or search the local copy.")
        catalogue.add_argument("--search", metavar="WORDS", help="Search the stored catalogue (no network).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sync":
            self._sync(options)
        else:
            self._catalogue(options)

    def _sync(self, options: dict[str, Any]) -> None:
        kpis = [k.strip() for k in options["kpi"]]
        for kpi in kpis:
            if not _KPI_ID.match(kpi):
                raise CommandError(
                    _("'{kpi}' is not a Kolada KPI id (letters and digits, e.g. U23471).").format(kpi=kpi)
                )
        years = sync.parse_years(options["years"]) if options["years"] else None
        actor = self.user_from_name(options["acting_user"]) if options.get("acting_user") else None
        if options["all_linked"] or not kpis:
            kpis = sorted(set(kpis) | set(sync.linked_kpis()))
        if not kpis:
            raise CommandError(_("No measure is linked to a Kolada KPI; name KPIs with --kpi."))
        result = sync.sync(actor=actor, kpis=kpis, years=years)
        for kpi in result.disappeared:
            self.stderr.write(f"Kolada no longer has KPI {kpi}; its stored values are kept.")
        for kpi, problem in result.failed.items():
            self.stderr.write(f"KPI {kpi} was not synced; what was stored before is kept: {problem}")
        self.stdout.write(result.summary())
        if result.error:
            raise CommandError(
                _("The Kolada sync failed; nothing was changed after the failure: {error}").format(error=result.error)
            )
        if result.failed:
            raise CommandError(_("{count} KPI(s) could not be synced.").format(count=len(result.failed)))

    def _catalogue(self, options: dict[str, Any]) -> None:
        words = options["search"]
        if words is not None:
            found = list(selectors.kpi_search(words=words)[:50])
            for kpi in found:
                self.stdout.write(f"{kpi.id}\t{kpi.title}")
            if not found:
                self.stdout.write(
                    _("No stored KPI matches '{words}'. Fetch the catalogue with: digipuff kolada catalogue").format(
                        words=words
                    )
                )
            return
        try:
            count, gone = sync.catalogue_refresh()
        except KoladaError as exc:
            raise CommandError(
                _("The catalogue could not be fetched from Kolada; the stored copy is kept: {error}").format(error=exc)
            ) from exc
        if gone:
            self.stderr.write(_("Kolada no longer lists: {ids}").format(ids=", ".join(gone)))
        self.stdout.write(_("Kolada catalogue: {count} KPIs stored.").format(count=format_number(count)))
