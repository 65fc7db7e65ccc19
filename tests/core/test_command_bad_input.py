"""The commands answer bad input with one sentence (CommandError, or argparse's usage error), never a traceback:
unknown units and users, years that are no planning year or no number at all, huge numbers, missing, empty,
binary and directory files."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HUGE = str(10**20)


def _cases(tmp_path) -> list[list[str]]:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\xff" * 500)
    text = tmp_path / "text.se"
    text.write_text("#FLAGGA 0\n#RAR 0 " + HUGE + " 99999999\n#VER A 1 2019xxxx\n", encoding="utf-8")
    missing, directory = str(tmp_path / "missing.csv"), str(tmp_path)
    return [
        ["roles", "list", "--unit", "NOPE"],
        ["roles", "grant", "nobody-at-all", "--unit", "SN", "--role", "writer", "--as", "sn_admin"],
        ["roles", "grant", "sn_reader", "--unit", "SN", "--role", "writer", "--as", "no-such-user"],
        ["roles", "revoke", "sn_reader", "--unit", "ÅÄÖ\x00", "--role", "reader", "--as", "council_admin"],
        ["year", "carry-forward", "--unit", "SN", "--from", "abc", "--to", "2020", "--as", "sn_admin"],
        ["year", "carry-forward", "--unit", "SN", "--from", HUGE, "--to", "-1", "--as", "sn_admin"],
        ["year", "carry-forward", "--unit", "SN", "--from", "2019", "--to", "2019", "--as", "sn_admin"],
        ["activities", "list", "--unit", "SN", "--year", HUGE, "--as", "sn_admin"],
        ["activities", "list", "--unit", "SN", "--year", "abc", "--as", "sn_admin"],
        ["activities", "carry-forward", "--unit", "XX", "--from", "2019", "--to", "2020", "--as", "sn_admin"],
        ["report", "render", "--unit", "SN", "--type", "delar1", "--year", HUGE, "--format", "html", "--output",
         "-", "--as", "sn_admin"],
        ["report", "render", "--unit", "SN", "--type", "delar1", "--year", "1800", "--format", "pdf", "--output",
         missing, "--as", "sn_admin"],
        ["report", "render-all", "--type", "annual", "--year", HUGE, "--format", "pdf", "--output-dir", missing,
         "--workers", HUGE],
        ["import", "budget", missing, "--unit", "SN", "--as", "sn_admin", "--year", "2019"],
        ["import", "budget", str(empty), "--unit", "SN", "--as", "sn_admin", "--year", HUGE],
        ["import", "budget", directory, "--unit", "SN", "--as", "sn_admin", "--year", "2019"],
        ["import", "sie", str(junk), "--unit", "SN", "--as", "sn_admin"],
        ["import", "sie", str(text), "--unit", "SN", "--as", "sn_admin", "--dry-run"],
        ["import", "values", str(junk), "--as", "sn_admin"],
        ["import", "values", str(empty), "--as", "sn_admin"],
        ["import", "values", missing, "--as", "sn_admin"],
    ]  # fmt: skip


@pytest.mark.django_db
def test_no_command_answers_bad_input_with_a_traceback(org, users, tmp_path, capsys):
    problems = []
    for argv in _cases(tmp_path):
        try:
            call_command(*argv)
        except (CommandError, SystemExit):
            continue  # one sentence (argparse exits with its usage line)
        except Exception as exc:
            problems.append(f"digipuff {' '.join(argv)!r}: {exc!r}")
    assert not problems, "\n".join(problems)
