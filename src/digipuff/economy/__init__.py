"""Ekonomi: cost lines, account mapping, budget, actuals from the ledger, forecasts, investments and grants."""
