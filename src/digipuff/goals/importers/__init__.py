"""Importers of the goals module: a committee-year's goal structure from Excel (`digipuff import goals`)."""

from digipuff.core.importing import importers
from digipuff.goals.importers.commands import GOALS

importers.register(GOALS)
