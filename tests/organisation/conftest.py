"""The activities tests' fixtures (goals, a small plan) serve the rollover tests too."""

from tests.activities.conftest import goals, plan  # noqa: F401
