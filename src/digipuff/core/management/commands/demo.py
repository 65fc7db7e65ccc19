"""`digipuff demo`: load the demo municipality (Huddinge kommun, from the seed documents). Safe to run again."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from digipuff.core.demo import demo_loaders


class Command(BaseCommand):
    help = "Load the demo municipality with its org tree, years, one user per role and the seed documents' data."

    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[str] = []
        # Each module that has demo data registers its load() in <app>/demo.py (core.demo); they run in
        # INSTALLED_APPS order, so a module's demo can rely on the modules before it.
        for load in demo_loaders:
            logins.extend(load() or [])
            config = apps.get_containing_app_config(load.__module__)
            self.stdout.write(
                _("Demo data loaded: {part}").format(part=config.verbose_name if config else load.__module__)
            )
        self.stdout.write(self.style.SUCCESS(_("The demo municipality is ready. Sign in with:")))
        for line in logins:
            self.stdout.write(line)
