"""`digipuff check --deploy` with the production settings, configured as README ("Production") says: 0 warnings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_deploy_check_finds_nothing_with_the_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "digipuff.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "digipuff.kommun.se",
        "DIGIPUFF_DATA_DIR": str(tmp_path),
        "DIGIPUFF_TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(SRC),
    }
    # The check reads no database; an unset DATABASE_URL keeps the test from needing a PostgreSQL server.
    env.pop("DATABASE_URL", None)
    # The browser tests allow Django's sync calls from Playwright's event loop in the test process; a deployment never.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "DEBUG"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
