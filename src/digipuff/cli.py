"""The `digipuff` command: Django's management commands for one installation, with plain-language errors.

The messages here are Swedish literals, not gettext: they are shown before (or instead of) Django's settings
and translation machinery being usable.

`digipuff migrate`, `digipuff demo`, `digipuff createsuperuser`, `digipuff roles ...` and every later command
(`digipuff import ...`, `digipuff report ...`) run through here. Operators see one clear sentence when the
database is missing or unreachable instead of a traceback.
"""

from __future__ import annotations

import os
import sys


def _database_problem(exc: BaseException) -> str | None:
    """Translate the low-level errors a missing or unreachable database gives into one sentence."""
    from django.db import OperationalError, ProgrammingError

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    if isinstance(exc, OperationalError | ProgrammingError):
        lowered = text.lower()
        if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
            return "Databasen är inte upplagd än; kör 'digipuff migrate' först."
        if "unable to open database file" in lowered:
            return "Databasfilen kan inte öppnas; kontrollera DIGIPUFF_DATA_DIR och dess behörigheter."
        return f"Databasen går inte att nå ({text}); kontrollera DATABASE_URL och att servern är igång."
    return None


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digipuff.config.settings.dev")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "digipuff"
    traceback_wanted = "--traceback" in argv

    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        if traceback_wanted:
            raise
        sys.stderr.write(f"Konfigurationsfel: {exc}\n")
        sys.exit(2)
    except Exception as exc:
        message = _database_problem(exc)
        if message is None or traceback_wanted:
            raise
        sys.stderr.write(f"Fel: {message}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
