"""`digipuff demo`: load the demo municipality (Huddinge kommun, from the seed documents). Safe to run again."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo municipality with its org tree, years, one user per role and the seed documents' data."

    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[str] = []
        # Each module that has demo data offers <app>/demo.py with load(); they run in INSTALLED_APPS order,
        # so a module's demo can rely on the modules before it.
        for config in apps.get_app_configs():
            if not config.name.startswith("digipuff."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{config.name}.demo":
                    continue
                raise
            logins.extend(module.load() or [])
            self.stdout.write(f"Demo data loaded: {config.verbose_name}")
        self.stdout.write(self.style.SUCCESS("The demo municipality is ready. Sign in with:"))
        for line in logins:
            self.stdout.write(line)
