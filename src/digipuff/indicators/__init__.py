"""Mått och indikatorer: measures and indicators with values, targets, trends, comparisons and the equality check."""
