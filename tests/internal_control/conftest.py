"""The activities tests' fixtures (goals, a small plan) are shared with the internal-control tests."""

from tests.activities.conftest import goals, plan  # noqa: F401
