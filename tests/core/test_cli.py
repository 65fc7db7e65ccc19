"""The `digipuff` command as an operator meets it: bad input gives one clear sentence and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=False)


def run(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"DIGIPUFF_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "digipuff.config.settings.dev"})
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "digipuff.cli", *args], capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("installation")
    assert run("migrate", "--no-input", "-v0", data_dir=data_dir).returncode == 0
    result = run("demo", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "skribent" in result.stdout and "digipuff-demo" in result.stdout
    return data_dir


def assert_one_clear_sentence(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_missing_database_says_to_migrate(tmp_path):
    result = run("roles", "list", data_dir=tmp_path)
    assert_one_clear_sentence(result, "Databasen är inte upplagd än; kör 'digipuff migrate' först.")


def test_unreachable_postgresql(tmp_path):
    result = run("roles", "list", data_dir=tmp_path, env={"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing"})
    assert_one_clear_sentence(result, "Databasen går inte att nå")


def test_nonsense_database_url(tmp_path):
    result = run("roles", "list", data_dir=tmp_path, env={"DATABASE_URL": "nonsense://x"})
    assert_one_clear_sentence(result, "DATABASE_URL är ingen databas-URL")


def test_unknown_unit_code(migrated):
    result = run("roles", "grant", "skribent", "writer", "--unit", "XYZ", "--as", "admin", data_dir=migrated)
    assert_one_clear_sentence(result, "Okänd enhetskod 'XYZ'.")


def test_unknown_user(migrated):
    result = run("roles", "grant", "ingen", "writer", "--unit", "SN", "--as", "admin", data_dir=migrated)
    assert_one_clear_sentence(result, "Det finns ingen aktiv användare som heter 'ingen'.")


def test_commands_go_through_the_policy(migrated):
    result = run("roles", "grant", "skribent", "admin", "--unit", "VON", "--as", "skribent", data_dir=migrated)
    expected = "Inte tillåtet: Du har inte behörighet att administrera Vård- och omsorgsnämnden."
    assert_one_clear_sentence(result, expected)


def test_grant_list_and_revoke(migrated):
    granted = run("roles", "grant", "von.skribent", "reader", "--unit", "SN", "--as", "admin", data_dir=migrated)
    assert granted.returncode == 0, granted.stderr
    listed = run("roles", "list", "--unit", "SN", data_dir=migrated).stdout
    assert "reader      von.skribent" in listed
    revoked = run("roles", "revoke", "von.skribent", "reader", "--unit", "SN", "--as", "admin", data_dir=migrated)
    assert revoked.returncode == 0
    assert "von.skribent" not in run("roles", "list", "--unit", "SN", data_dir=migrated).stdout


def test_demo_is_idempotent(migrated):
    again = run("demo", data_dir=migrated)
    assert again.returncode == 0
    listed = run("roles", "list", data_dir=migrated).stdout.splitlines()
    assert len(listed) == len(set(listed)) == 6


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        data_dir=tmp_path,
        env={
            "DJANGO_SETTINGS_MODULE": "digipuff.config.settings.production",
            "SECRET_KEY": "k3y-" + "x9Q!z" * 12,
            "ALLOWED_HOSTS": "digipuff.huddinge.se",
            "DATABASE_URL": "postgres://digipuff@db.internal:5432/digipuff",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = run(
        "check",
        data_dir=tmp_path,
        env={"DJANGO_SETTINGS_MODULE": "digipuff.config.settings.production", "SECRET_KEY": "x"},
    )
    assert_one_clear_sentence(result, "Sätt SECRET_KEY till ett slumpvärde med minst 50 tecken i produktion.")
