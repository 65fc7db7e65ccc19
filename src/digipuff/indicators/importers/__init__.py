"""Importers of the indicators module: measure values from Excel or CSV (`digipuff import values`)."""

from digipuff.core.importing import importers
from digipuff.indicators.importers.commands import VALUES

importers.register(VALUES)
