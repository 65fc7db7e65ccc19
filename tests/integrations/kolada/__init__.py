"""Tests and test tooling for the Kolada API v3 client (recorded responses, replay server, synthetic data)."""
