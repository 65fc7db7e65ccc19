"""Prints the figures of the hostile-imports matrix (tests/trust/test_hostile_imports.py) after the run."""

from __future__ import annotations

import sys

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    module = sys.modules.get("tests.trust.test_hostile_imports")
    figures = getattr(module, "FIGURES", None)
    if not figures:
        return
    write = terminalreporter.write_line
    write(f"Hostile imports: {len(figures)} answers, time budget {module.BUDGET} s")  # type: ignore[union-attr]
    for importer, case, channel, seconds, answer in figures:
        write(f"  {importer:7} {case:28} {channel:8} {answer:>4} {seconds:6.2f} s")
    write(f"  slowest: {max(f[3] for f in figures):.2f} s; 5xx: {sum(f[4] >= 500 for f in figures)}")
